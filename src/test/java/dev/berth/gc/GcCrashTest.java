package dev.berth.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.BerthCommand;
import dev.berth.oci.Digest;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.ServerProcess;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Image;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL during the sweep of {@code gc --data}, restart, collect again: no referenced blob is lost
 * and no metadata row points at a missing file.
 */
class GcCrashTest {
  private static final int GARBAGE_BLOBS = 3000;

  @TempDir Path data;

  @Test
  void sigkillDuringSweep_thenRestartAndCollectAgain() throws Exception {
    int port = ServerProcess.freePort();
    List<Image> kept = new ArrayList<>();
    try (ServerProcess server = ServerProcess.serve(port, data)) {
      RegistryClient client = server.client();
      for (int i = 0; i < 5; i++) {
        Image image = TestImages.ociImage("amd64", "shared", "kept " + i);
        image.push(client, "kept", "v" + i);
        kept.add(image);
      }
      for (int i = 0; i < GARBAGE_BLOBS; i++) {
        byte[] garbage = ("garbage blob " + i).getBytes(StandardCharsets.UTF_8);
        RegistryClient.requireStatus(
            client.post("/v2/garbage/blobs/uploads/?digest=" + Digest.sha256(garbage), garbage),
            201);
      }
      server.terminate(Duration.ofSeconds(60));
    }

    try (ServerProcess gc =
        ServerProcess.launch(0, "gc", "--data", data.toString(), "--grace", "0s")) {
      awaitLog(gc, "Deleting unreferenced blobs: 400/", Duration.ofSeconds(120));
      gc.kill();
      assertThat(gc.log()).doesNotContain("Garbage collection completed");
    }
    assertThat(storedBlobFiles())
        .as("the sweep was interrupted")
        .isGreaterThan(kept.size() * 2 + 1);

    try (ServerProcess restarted = ServerProcess.serve(port, data)) {
      for (int i = 0; i < kept.size(); i++) {
        assertPullsCompletely(restarted.client(), "kept", "v" + i, kept.get(i));
      }
      restarted.terminate(Duration.ofSeconds(60));
    }
    assertEveryBlobRowHasItsFile();

    assertThat(BerthCommand.run("gc", "--data", data.toString(), "--grace", "0s")).isZero();

    assertEveryBlobRowHasItsFile();
    long keptBlobs =
        kept.stream().flatMap(i -> i.blobs().stream()).map(b -> b.digest()).distinct().count();
    assertThat(storedBlobFiles()).isEqualTo(keptBlobs);
    try (ServerProcess again = ServerProcess.serve(port, data)) {
      for (int i = 0; i < kept.size(); i++) {
        assertPullsCompletely(again.client(), "kept", "v" + i, kept.get(i));
      }
    }
  }

  private static void assertPullsCompletely(
      RegistryClient client, String repository, String tag, Image image) {
    var manifest = client.get("/v2/" + repository + "/manifests/" + tag, "Accept", "*/*");
    assertThat(manifest.body()).isEqualTo(image.manifest().bytes());
    for (var blob : image.blobs()) {
      var get = client.get("/v2/" + repository + "/blobs/" + blob.digest());
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(Digest.sha256(get.body())).isEqualTo(blob.digest());
    }
  }

  private void assertEveryBlobRowHasItsFile() throws Exception {
    String url = "jdbc:h2:file:" + data.resolve("metadata/registry").toAbsolutePath();
    try (Connection c = DriverManager.getConnection(url, "berth", "");
        ResultSet rs = c.createStatement().executeQuery("SELECT digest FROM blobs")) {
      while (rs.next()) {
        Digest digest = Digest.parse(rs.getString(1));
        Path file =
            data.resolve("storage/blobs/sha256")
                .resolve(digest.hex().substring(0, 2))
                .resolve(digest.hex());
        assertThat(file).as("file of blob row %s", digest).exists();
        var md = Digest.Algorithm.SHA256.newMessageDigest();
        try (InputStream in = Files.newInputStream(file)) {
          md.update(in.readAllBytes());
        }
        assertThat(Digest.of(Digest.Algorithm.SHA256, md.digest())).isEqualTo(digest);
      }
    }
  }

  private long storedBlobFiles() throws Exception {
    try (Stream<Path> files = Files.walk(data.resolve("storage/blobs"))) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  private static void awaitLog(ServerProcess process, String text, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!process.log().contains(text)) {
      if (!process.process().isAlive() || Instant.now().isAfter(deadline)) {
        throw new AssertionError("never saw '" + text + "' in: " + process.log());
      }
      Thread.sleep(5);
    }
  }
}
