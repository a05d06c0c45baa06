package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.oci.Digest;
import dev.berth.testing.ConsoleCapture;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestUsers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth gc} offline on a data folder and online through the admin API, as a person runs it.
 */
class GcCommandTest {
  private static final byte[] GARBAGE =
      "a blob nothing references".getBytes(StandardCharsets.UTF_8);

  @TempDir Path data;
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  private BerthEngine start(AuthSettings auth) throws Exception {
    return BerthEngine.start(
        EngineConfig.of(new ListenAddress("127.0.0.1", 0), data).withAuth(auth));
  }

  /** One tagged image and one loose blob. */
  private void populate(RegistryClient client) {
    TestImages.ociImage("amd64", "kept").push(client, "app", "v1");
    client.pushBlob("app", GARBAGE);
  }

  @Test
  void offline_dryRunListsAndKeeps_thenRunFrees() throws Exception {
    try (BerthEngine engine = start(AuthSettings.NONE)) {
      populate(new RegistryClient(engine.url()));
    }

    assertThat(
            BerthCommand.run(
                "gc", "--data", data.toString(), "--dry-run", "--grace", "0s", "--verbose"))
        .isZero();
    assertThat(console.out())
        .contains(
            "Garbage collection dry-run: 0 manifests, 1 blobs, 0 orphaned files, 0 uploads; would free 25 B")
        .contains("blob " + Digest.sha256(GARBAGE));
    assertThat(console.err()).contains("Marking what is in use");

    console.reset();
    assertThat(BerthCommand.run("gc", "--data", data.toString(), "--grace", "0s")).isZero();
    assertThat(console.out())
        .contains("Garbage collection completed: 0 manifests, 1 blobs")
        .contains("freed 25 B");

    try (BerthEngine engine = start(AuthSettings.NONE)) {
      RegistryClient client = new RegistryClient(engine.url());
      assertThat(client.head("/v2/app/blobs/" + Digest.sha256(GARBAGE)).statusCode())
          .isEqualTo(404);
      assertThat(client.get("/v2/app/manifests/v1").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void offline_onAFolderARegistryHolds_isRefused() throws Exception {
    try (BerthEngine engine = start(AuthSettings.NONE)) {
      assertThat(BerthCommand.run("gc", "--data", data.toString())).isEqualTo(1);
      assertThat(console.err()).contains("Berth is already running with the data folder");
    }
  }

  @Test
  void online_withAnAdministrator_collectsThroughTheRunningRegistry() throws Exception {
    TestUsers.in(data)
        .add("admin", "admin-secret", false)
        .add("reader", "reader-secret", true)
        .create();
    try (BerthEngine engine = start(new AuthSettings(AuthSettings.Mode.BASIC, false))) {
      populate(new RegistryClient(engine.url()).withBasicAuth("admin", "admin-secret"));

      console.stdin("admin-secret\n");
      int exit =
          BerthCommand.run(
              "gc",
              "--url",
              engine.url().toString(),
              "--user",
              "admin",
              "--password-stdin",
              "--grace",
              "0s");

      assertThat(exit).as(console.err()).isZero();
      assertThat(console.out())
          .contains("Garbage collection completed: 0 manifests, 1 blobs")
          .contains("freed 25 B");
      assertThat(console.err()).contains("Deleting unreferenced blobs: 1/1");
      assertThat(engine.metadata().gc().recentRuns(1)).hasSize(1);

      console.stdin("reader-secret\n");
      assertThat(
              BerthCommand.run(
                  "gc", "--url", engine.url().toString(), "--user", "reader", "--password-stdin"))
          .isEqualTo(1);
      assertThat(console.err()).contains("refused garbage collection (403 DENIED)");

      assertThat(BerthCommand.run("gc", "--url", engine.url().toString())).isEqualTo(1);
      assertThat(console.err()).contains("refused garbage collection (401 UNAUTHORIZED)");
    }
  }

  @Test
  void online_againstATokenAuthRegistry_getsAnAdminTokenAndCollects() throws Exception {
    TestUsers.in(data)
        .add("admin", "admin-secret", false)
        .add("reader", "reader-secret", true)
        .create();
    try (BerthEngine engine = start(new AuthSettings(AuthSettings.Mode.TOKEN, false))) {
      var admin =
          new dev.berth.testing.AuthRegistryClient(
              java.net.http.HttpClient.newHttpClient(), engine.url(), "admin", "admin-secret");
      TestImages.ociImage("amd64", "kept").push(admin.registry(), "app", "v1");
      admin.registry().pushBlob("app", GARBAGE);

      console.stdin("admin-secret\n");
      int exit =
          BerthCommand.run(
              "gc",
              "--url",
              engine.url().toString(),
              "--user",
              "admin",
              "--password-stdin",
              "--grace",
              "0s");

      assertThat(exit).as(console.err()).isZero();
      assertThat(console.out())
          .contains("Garbage collection completed: 0 manifests, 1 blobs")
          .contains("freed 25 B");
      assertThat(engine.metadata().gc().recentRuns(1)).hasSize(1);

      console.reset();
      console.stdin("reader-secret\n");
      assertThat(
              BerthCommand.run(
                  "gc", "--url", engine.url().toString(), "--user", "reader", "--password-stdin"))
          .isEqualTo(1);
      assertThat(console.err()).contains("refused garbage collection (403 DENIED)");

      console.reset();
      console.stdin("wrong\n");
      assertThat(
              BerthCommand.run(
                  "gc", "--url", engine.url().toString(), "--user", "admin", "--password-stdin"))
          .isEqualTo(1);
      assertThat(console.err()).contains("refused garbage collection (401 UNAUTHORIZED)");

      console.reset();
      assertThat(BerthCommand.run("gc", "--url", engine.url().toString())).isEqualTo(1);
      assertThat(console.err()).contains("refused garbage collection (401 UNAUTHORIZED)");
    }
  }

  @Test
  void adminApi_deletesAWholeRepository() throws Exception {
    try (BerthEngine engine = start(AuthSettings.NONE)) {
      RegistryClient client = new RegistryClient(engine.url());
      populate(client);
      TestImages.ociImage("amd64", "other").push(client, "other", "v1");

      assertThat(client.delete("/berth/v1/repositories/app").statusCode()).isEqualTo(202);

      assertThat(client.get("/v2/app/manifests/v1").statusCode()).isEqualTo(404);
      assertThat(RegistryClient.json(client.get("/v2/_catalog")).path("repositories").toString())
          .isEqualTo("[\"other\"]");
      assertThat(RegistryClient.errorCode(client.delete("/berth/v1/repositories/app")))
          .isEqualTo("NAME_UNKNOWN");
    }
  }

  /**
   * Issue 15, item 4: Berth's own HTTPS, the CA from --cacert or the data folder, failures in
   * words, every item listed.
   */
  @Test
  void online_overHttps_trustsTheGivenCa_orTheDataFolders_andSaysInWordsWhatIsMissing()
      throws Exception {
    new dev.berth.tls.CertificateService(
            new dev.berth.tls.TlsFiles(data.resolve("tls")),
            new java.security.SecureRandom(),
            java.time.Clock.systemUTC())
        .create(java.util.List.of(), false);
    Path ca = data.resolve("tls/ca.crt");
    try (BerthEngine engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                .withTls(dev.berth.engine.TlsSettings.DATA_FOLDER))) {
      String url = engine.url().toString();
      assertThat(url).startsWith("https://");
      populate(
          new RegistryClient(engine.url(), dev.berth.testing.TlsClients.http2TrustingOnly(ca)));

      assertThat(BerthCommand.run("gc", "--url", url, "--dry-run")).isEqualTo(1);
      assertThat(console.err())
          .contains("could not connect securely to " + url)
          .contains("not signed by a CA this computer trusts")
          .contains("--cacert FILE")
          .doesNotContain("PKIX path building failed\n");

      console.reset();
      assertThat(
              BerthCommand.run(
                  "gc",
                  "--url",
                  url,
                  "--cacert",
                  ca.toString(),
                  "--dry-run",
                  "--grace",
                  "0s",
                  "--verbose"))
          .as(console.err())
          .isZero();
      assertThat(console.out())
          .contains(
              "Garbage collection dry-run: 0 manifests, 1 blobs, 0 orphaned files, 0 uploads; would free 25 B")
          .contains("blob " + Digest.sha256(GARBAGE) + " (25 B)");

      console.reset();
      assertThat(
              BerthCommand.run(
                  "gc", "--url", url, "--data", data.toString(), "--grace", "0s", "--verbose"))
          .as(console.err())
          .isZero();
      assertThat(console.out())
          .contains("Garbage collection completed: 0 manifests, 1 blobs")
          .contains("freed 25 B")
          .contains("blob " + Digest.sha256(GARBAGE));

      console.reset();
      assertThat(
              BerthCommand.run(
                  "gc",
                  "--url",
                  url.replace("127.0.0.1", "localhost"),
                  "--cacert",
                  data.resolve("tls/server.key").toString()))
          .isEqualTo(1);
      assertThat(console.err())
          .contains("tls/server.key")
          .containsAnyOf("is not a PEM certificate file", "holds no certificate");
    }
  }
}
