package dev.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.TlsSettings;
import dev.berth.testing.TeamCertificate;
import dev.berth.testing.TlsClients;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installing a certificate from the person's own CA as the data folder's server certificate. */
class CertificateImportTest {
  @TempDir Path data;
  @TempDir Path own;
  private final SecureRandom random = new SecureRandom();

  private CertificateService service() {
    return new CertificateService(new TlsFiles(data.resolve("tls")), random, Clock.systemUTC());
  }

  @Test
  void importedCertificate_isServedWithTheDataFolderTls_andKeptOwnerOnly() throws Exception {
    service().create(List.of(), false); // a local CA exists already and must survive the import
    TeamCertificate team = TeamCertificate.issue(own, "team", "127.0.0.1");

    CertificateInfo installed = service().importServer(team.chain(), team.key());

    assertThat(installed.issuer()).contains("Team root");
    CertificateService.Installed shown = service().show();
    assertThat(shown.server()).contains(installed);
    assertThat(shown.serverFromLocalCa()).isFalse();
    assertThat(shown.ca().orElseThrow().subject()).contains("Berth local CA");
    for (Path file : List.of(data.resolve("tls/server.key"), data.resolve("tls/server.crt"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    try (BerthEngine engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                .withTls(TlsSettings.DATA_FOLDER))) {
      HttpClient trustingTeamRoot = TlsClients.http2TrustingOnly(team.root());
      assertThat(
              trustingTeamRoot
                  .send(
                      HttpRequest.newBuilder(engine.url().resolve("/v2/")).build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void certificateFromTheLocalCa_isReportedAsSuch() throws Exception {
    service().create(List.of(), false);

    assertThat(service().show().serverFromLocalCa()).isTrue();
  }

  @Test
  void wrongKey_expired_hostless_orUnreadableFiles_areRefused_andTheInstalledFilesStayAsTheyWere()
      throws Exception {
    service().create(List.of(), false);
    byte[] certificateBefore = Files.readAllBytes(data.resolve("tls/server.crt"));
    byte[] keyBefore = Files.readAllBytes(data.resolve("tls/server.key"));
    TeamCertificate team = TeamCertificate.issue(own, "team", "127.0.0.1");
    TeamCertificate other = TeamCertificate.issue(own, "other", "127.0.0.1");
    TeamCertificate old =
        TeamCertificate.issue(
            own,
            "old",
            "127.0.0.1",
            Instant.now().minus(CertificateAuthority.SERVER_LIFETIME).minus(Duration.ofDays(1)));
    Path garbage = Files.writeString(own.resolve("notes.txt"), "not a certificate");
    CertificateAuthority ca =
        CertificateAuthority.create("Some CA", NameLimits.NONE, random, Clock.systemUTC());
    Path caCertificate =
        Files.writeString(
            own.resolve("ca.pem"), dev.berth.security.Pem.certificates(List.of(ca.certificate())));
    Path caKey =
        Files.writeString(
            own.resolve("ca-key.pem"), dev.berth.security.Pem.privateKey(ca.keys().getPrivate()));

    assertThatThrownBy(() -> service().importServer(team.chain(), other.key()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not the private key of the certificate");
    assertThatThrownBy(() -> service().importServer(old.chain(), old.key()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("expired on")
        .hasMessageContaining("clients refuse it");
    assertThatThrownBy(() -> service().importServer(garbage, team.key()))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> service().importServer(caCertificate, caKey))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("names no host");
    assertThatThrownBy(() -> service().importServer(own.resolve("missing.pem"), team.key()))
        .isInstanceOf(IOException.class);

    assertThat(data.resolve("tls/server.crt")).hasBinaryContent(certificateBefore);
    assertThat(data.resolve("tls/server.key")).hasBinaryContent(keyBefore);
  }
}
