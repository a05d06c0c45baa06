package dev.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.TlsSettings;
import dev.berth.testing.OwnerOnly;
import dev.berth.testing.TeamCertificate;
import dev.berth.testing.TestUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file Berth writes for TLS and tokens ({@code tls/}, {@code keys/}) is owner-only, through
 * every way it gets written: a new CA, a reused one, a renewal at start-up, an import, the token
 * signing key. (The H2 files in {@code metadata/} are another issue's.)
 */
class OwnerOnlyFilesTest {
  @TempDir Path data;

  @Test
  void tlsAndKeyFiles_areOwnerOnly_afterCreateRenewImportAndTokenStart(@TempDir Path own)
      throws Exception {
    TlsFiles files = new TlsFiles(data.resolve("tls"));
    new CertificateService(
            files,
            new SecureRandom(),
            Clock.fixed(Instant.now().minus(Duration.ofDays(380)), ZoneOffset.UTC))
        .create(List.of(SubjectName.parse("registry.test")), false);
    new CertificateService(files, new SecureRandom(), Clock.systemUTC()).create(List.of(), false);
    assertThat(
            new CertificateService(
                    files,
                    new SecureRandom(),
                    Clock.fixed(Instant.now().plus(Duration.ofDays(380)), ZoneOffset.UTC))
                .renewIfDue())
        .as("renewed")
        .isPresent();
    TestUsers.in(data).add("alice", "alice-pw", false).create();
    try (BerthEngine engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                .withTls(TlsSettings.DATA_FOLDER)
                .withAuth(new AuthSettings(AuthSettings.Mode.TOKEN, false)))) {
      assertThat(engine.certificate()).isPresent();
    }

    assertThat(OwnerOnly.assertTree(data.resolve("tls")))
        .extracting(p -> p.getFileName().toString())
        .contains("ca.crt", "ca.key", "server.crt", "server.key");
    assertThat(OwnerOnly.assertTree(data.resolve("keys")))
        .extracting(p -> p.getFileName().toString())
        .contains("token-signing.pem");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
        .as("the data folder")
        .isEqualTo("rwx------");

    TeamCertificate team = TeamCertificate.issue(own, "team", "registry.team");
    new CertificateService(files, new SecureRandom(), Clock.systemUTC())
        .importServer(team.chain(), team.key());
    OwnerOnly.assertTree(data.resolve("tls"));
  }
}
