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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * skopeo (containers/image, the library podman and buildah use) against Berth over HTTPS, trusting
 * only the exported ca.crt through {@code --dest-cert-dir} (never {@code --tls-verify=false}), with
 * {@code --dest-creds} under Basic and under token authentication.
 */
class SkopeoAuthTlsTest {
  @TempDir Path temp;

  @BeforeAll
  static void skopeoIsInstalled() {
    Command.require("skopeo", "skopeo");
  }

  @ParameterizedTest
  @EnumSource(
      value = AuthSettings.Mode.class,
      names = {"BASIC", "TOKEN"})
  void pushAndPullOverTls_withCredentials(AuthSettings.Mode mode) throws Exception {
    Path data = temp.resolve("data");
    TestUsers.in(data).add("alice", "alice-pw", false).add("reader", "reader-pw", true).create();
    new CertificateService(new TlsFiles(data.resolve("tls")), new SecureRandom(), Clock.systemUTC())
        .create(List.of(), false);
    Path certDir = Files.createDirectories(temp.resolve("certs"));
    Files.copy(data.resolve("tls/ca.crt"), certDir.resolve("ca.crt"));
    Path layout = temp.resolve("layout");
    TestImages.Image image = TestImages.ociImage("amd64", "hello from " + mode);
    TestImages.writeOciLayout(layout, "v1", image.manifest(), List.of(image));

    try (BerthEngine engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                .withAuth(new AuthSettings(mode, false))
                .withTls(TlsSettings.DATA_FOLDER))) {
      String ref = "docker://127.0.0.1:" + engine.port() + "/team/app:v1";

      Result push =
          skopeo(
              "copy",
              "--dest-creds",
              "alice:alice-pw",
              "--dest-cert-dir",
              certDir.toString(),
              "oci:" + layout + ":v1",
              ref);
      assertThat(push.exitCode()).as(push.toString()).isZero();

      Result pull =
          skopeo(
              "copy",
              "--src-creds",
              "alice:alice-pw",
              "--src-cert-dir",
              certDir.toString(),
              ref,
              "oci:" + temp.resolve("back") + ":v1");
      assertThat(pull.exitCode()).as(pull.toString()).isZero();
      assertThat(temp.resolve("back/blobs/sha256").resolve(image.digest().hex())).exists();
      assertThat(temp.resolve("back/blobs/sha256").resolve(image.layers().get(0).digest().hex()))
          .exists();

      Result wrong =
          skopeo(
              "copy",
              "--dest-creds",
              "alice:wrong",
              "--dest-cert-dir",
              certDir.toString(),
              "oci:" + layout + ":v1",
              ref);
      assertThat(wrong.exitCode()).isNotZero();
      assertThat(wrong.stderr().toLowerCase())
          .containsAnyOf("unauthorized", "authentication required", "invalid username/password");

      Result readOnly =
          skopeo(
              "copy",
              "--dest-creds",
              "reader:reader-pw",
              "--dest-cert-dir",
              certDir.toString(),
              "oci:" + layout + ":v1",
              "docker://127.0.0.1:" + engine.port() + "/team/other:v1");
      assertThat(readOnly.exitCode()).isNotZero();
      assertThat(readOnly.stderr().toLowerCase()).containsAnyOf("denied", "unauthorized");

      Result untrusted =
          skopeo(
              "inspect",
              "--creds",
              "alice:alice-pw",
              "--cert-dir",
              temp.resolve("empty-certs").toString(),
              ref);
      assertThat(untrusted.exitCode()).isNotZero();
      assertThat(untrusted.stderr()).contains("x509");
    }
  }

  private Result skopeo(String... args) throws Exception {
    Path policy = temp.resolve("policy.json");
    if (!Files.exists(policy)) {
      Files.writeString(policy, "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
      Files.writeString(temp.resolve("auth.json"), "{}");
      Files.createDirectories(temp.resolve("empty-certs"));
    }
    List<String> command = new ArrayList<>(List.of("--policy", policy.toString()));
    command.addAll(List.of(args));
    return Command.of("skopeo", command)
        .env("REGISTRY_AUTH_FILE", temp.resolve("auth.json").toString())
        .tryRun();
  }
}
