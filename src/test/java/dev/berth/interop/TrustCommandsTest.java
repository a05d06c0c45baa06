package dev.berth.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.TlsSettings;
import dev.berth.testing.Command;
import dev.berth.testing.Command.Result;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestUsers;
import dev.berth.tls.CertificateService;
import dev.berth.tls.TlsFiles;
import dev.berth.tls.TrustInstructions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust commands the app (Certificates) and {@code berth cert show} offer, run word for word
 * through {@code sh} against a running HTTPS registry with basic authentication. Only the
 * placeholders a person fills in (SOURCE, REPOSITORY:TAG) are replaced, and credentials are added
 * where the tool would otherwise prompt. The system-wide step for podman/skopeo writes the real
 * {@code /etc/containers/certs.d/127.0.0.1:PORT/} and removes it afterwards (the suite runs as
 * root).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrustCommandsTest {
  @TempDir static Path temp;
  private static BerthEngine engine;
  private static TlsFiles files;
  private static List<TrustInstructions.Step> steps;
  private static String hostPort;
  private static Path layout;

  @BeforeAll
  static void startHttpsRegistry() throws Exception {
    Command.require("skopeo", "skopeo");
    Command.require("podman", "podman");
    Command.require("curl", "curl");
    Path data = temp.resolve("data");
    TestUsers.in(data).add("alice", "alice-pw", false).create();
    files = new TlsFiles(data.resolve("tls"));
    CertificateService certificates =
        new CertificateService(files, new SecureRandom(), Clock.systemUTC());
    certificates.create(List.of(), false);
    engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                .withAuth(new AuthSettings(AuthSettings.Mode.BASIC, false))
                .withTls(TlsSettings.DATA_FOLDER));
    hostPort = "127.0.0.1:" + engine.port();
    steps = TrustInstructions.steps(files.caCertificate(), certificates.trustDirectory(), hostPort);

    layout = temp.resolve("layout");
    TestImages.Image image = TestImages.ociImage("amd64", "trusted");
    TestImages.writeOciLayout(layout, "v1", image.manifest(), List.of(image));
    Files.writeString(temp.resolve("auth.json"), "{}");
    Files.writeString(
        temp.resolve("storage.conf"),
        "[storage]\ndriver = \"vfs\"\nrunroot = \""
            + temp.resolve("run")
            + "\"\ngraphroot = \""
            + temp.resolve("root")
            + "\"\n");
    // The commands start with sudo; this machine runs the suite as root and may have no sudo.
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Files.writeString(bin.resolve("sudo"), "#!/bin/sh\nexec \"$@\"\n");
    Files.setPosixFilePermissions(
        bin.resolve("sudo"), PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (engine != null) {
      engine.close();
    }
    Path system = Path.of("/etc/containers/certs.d", hostPort == null ? "none" : hostPort);
    Files.deleteIfExists(system.resolve("ca.crt"));
    Files.deleteIfExists(system);
  }

  private static String offered(String client) {
    return steps.stream()
        .filter(s -> s.client().equals(client))
        .findFirst()
        .orElseThrow()
        .command();
  }

  private static Result sh(String command) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    boolean hasSudo = Files.isExecutable(Path.of("/usr/bin/sudo"));
    return Command.of("sh", "-c", command)
        .env("PATH", hasSudo ? path : temp.resolve("bin") + File.pathSeparator + path)
        .env("REGISTRY_AUTH_FILE", temp.resolve("auth.json").toString())
        .env("CONTAINERS_STORAGE_CONF", temp.resolve("storage.conf").toString())
        .tryRun();
  }

  @Test
  @Order(1)
  void theDataFoldersTlsFolder_isRefusedByTheTools_whichIsWhyTheTrustFolderExists() {
    // What the app offered before: skopeo reads ca.key without a ca.cert as a broken client
    // certificate.
    Result old =
        sh(
            "skopeo copy --dest-cert-dir "
                + files.directory().toAbsolutePath()
                + " oci:"
                + layout
                + ":v1 docker://"
                + hostPort
                + "/team/old:v1");
    assertThat(old.exitCode()).isNotZero();
    assertThat(old.stderr()).contains("missing client certificate");
  }

  @Test
  @Order(2)
  void podmanLogin_asOffered_trustsTheCa() {
    String login = offered("Podman, one command");
    assertThat(login).startsWith("podman login --cert-dir ").endsWith(" " + hostPort);

    Result result = sh("printf 'alice-pw\\n' | " + login + " --username alice --password-stdin");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).contains("Login Succeeded");
  }

  @Test
  @Order(3)
  void skopeoCopy_asOffered_pushesWithTheLoginsCredentials() {
    String copy =
        offered("Skopeo, one command")
            .replace("SOURCE", "oci:" + layout + ":v1")
            .replace("REPOSITORY:TAG", "team/app:v1");

    Result result = sh(copy);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.output()).contains("Writing manifest");
  }

  @Test
  @Order(4)
  void curl_asOffered_verifiesTheCertificate() {
    Result result = sh(offered("curl") + " --silent --show-error --user alice:alice-pw");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).isEqualTo("{}");
  }

  @Test
  @Order(5)
  void theSystemWideStep_letsSkopeoInspectWithoutAnyOption() {
    Result install = sh(offered("Podman, Buildah, Skopeo"));
    assertThat(install.exitCode()).as(install.toString()).isZero();

    Result inspect = sh("skopeo inspect docker://" + hostPort + "/team/app:v1");

    assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
    assertThat(inspect.stdout()).contains("\"Architecture\": \"amd64\"");
  }
}
