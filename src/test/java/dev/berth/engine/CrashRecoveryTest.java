package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.ServerProcess;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Image;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the server process with SIGKILL while many uploads run, restarts it on the same data
 * folder, and checks that nothing half-written became visible, that metadata and files agree, and
 * that everything acknowledged more than H2's write window before the kill is still there.
 */
class CrashRecoveryTest {
  private static final int CLIENTS = 12;

  @TempDir Path data;

  /**
   * H2 writes commits in the background within about 500 ms: a push acknowledged in the last
   * moments before a SIGKILL may be forgotten (its bytes then become an orphan file for GC). Older
   * ones must survive; the window is generous because a loaded CI machine delays H2's writer.
   */
  private static final Duration WRITE_WINDOW = Duration.ofSeconds(3);

  /** What the server confirmed before it died, and when. */
  private record Acknowledged(String repository, Digest digest, boolean manifest, Instant at) {}

  @Test
  void sigkillDuringConcurrentUploads_leavesOnlyVerifiedContent() throws Exception {
    int port = ServerProcess.freePort();
    ServerProcess server = ServerProcess.serve(port, data);
    ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    for (int i = 0; i < CLIENTS; i++) {
      int client = i;
      clients.submit(() -> pushUntilStopped(port, client, acknowledged, stop));
    }
    Instant started = Instant.now();
    // Long enough that many acknowledgements fall before the write window.
    waitUntil(() -> acknowledged.size() >= 200 && Instant.now().isAfter(started.plusSeconds(6)), Duration.ofSeconds(120));

    Instant killedAt = Instant.now();
    server.kill(); // SIGKILL: no shutdown hook, no H2 close
    stop.set(true);
    clients.shutdown();
    assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    ServerProcess restarted = ServerProcess.serve(port, data);
    try {
      RegistryClient client = restarted.client();
      int survived = 0;
      for (Acknowledged ack : acknowledged) {
        String kind = ack.manifest() ? "manifests" : "blobs";
        HttpResponse<byte[]> get = client.get("/v2/" + ack.repository() + "/" + kind + "/" + ack.digest(), "Accept", "*/*");
        if (ack.at().isBefore(killedAt.minus(WRITE_WINDOW))) {
          assertThat(get.statusCode()).as("%s %s acknowledged %s before the kill", kind, ack.digest(),
              Duration.between(ack.at(), killedAt)).isEqualTo(200);
        }
        if (get.statusCode() == 200) {
          assertThat(Digest.sha256(get.body())).as("served %s %s", kind, ack.digest()).isEqualTo(ack.digest());
          survived++;
        }
      }
      assertThat(survived).isPositive();
      assertThat(acknowledged.stream().filter(a -> a.at().isBefore(killedAt.minus(WRITE_WINDOW))).count())
          .as("acknowledgements old enough to be checked").isGreaterThan(20);
    } finally {
      restarted.terminate(Duration.ofSeconds(60)); // releases the database for the checks below
      restarted.close();
      server.close();
    }

    long acknowledgedBlobs = acknowledged.stream().filter(a -> !a.manifest()).map(Acknowledged::digest).distinct().count();
    // Every acknowledged blob's bytes are on disk (renamed before the 201), remembered or not.
    assertThat(countAndVerifyStoredBlobs()).isGreaterThanOrEqualTo(acknowledgedBlobs);
    assertEveryBlobRowHasItsFile();
    assertUploadFilesAndRowsAgree();
  }

  private static void pushUntilStopped(int port, int clientNumber, ConcurrentLinkedQueue<Acknowledged> acknowledged,
      AtomicBoolean stop) {
    RegistryClient client = new RegistryClient(java.net.URI.create("http://127.0.0.1:" + port));
    Random random = new Random(clientNumber);
    String repository = "crash/client" + clientNumber;
    int round = 0;
    while (!stop.get()) {
      try {
        // A chunked upload of a random, partly shared layer, then a manifest for it.
        byte[] layer = new byte[64 * 1024 + random.nextInt(1024 * 1024)];
        random.nextBytes(layer);
        Image image = TestImages.ociImage("amd64", "client " + clientNumber + " round " + round++);
        Digest big = chunkedUpload(client, repository, layer);
        acknowledged.add(new Acknowledged(repository, big, false, Instant.now()));
        for (var blob : image.blobs()) {
          acknowledged.add(new Acknowledged(repository, client.pushBlob(repository, blob.bytes()), false, Instant.now()));
        }
        Digest manifest = client.pushManifest(repository, "r" + round, MediaTypes.OCI_MANIFEST, image.manifest().bytes());
        acknowledged.add(new Acknowledged(repository, manifest, true, Instant.now()));
      } catch (RuntimeException | AssertionError e) {
        // The server died under us; that is the point. Anything unacknowledged may be gone.
        sleep(50);
      }
    }
  }

  private static Digest chunkedUpload(RegistryClient client, String repository, byte[] content) {
    HttpResponse<byte[]> start = client.post("/v2/" + repository + "/blobs/uploads/", new byte[0]);
    RegistryClient.requireStatus(start, 202);
    String location = start.headers().firstValue("Location").orElseThrow();
    int half = content.length / 2;
    HttpResponse<byte[]> patch = client.patch(location, Arrays.copyOfRange(content, 0, half), "Content-Range", "0-" + (half - 1));
    RegistryClient.requireStatus(patch, 202);
    Digest digest = Digest.sha256(content);
    RegistryClient.requireStatus(client.put(location + "?digest=" + digest, Arrays.copyOfRange(content, half, content.length)), 201);
    return digest;
  }

  /** Hashes every stored blob file against its name; returns how many there are. */
  private long countAndVerifyStoredBlobs() throws IOException {
    Path blobs = data.resolve("storage/blobs/sha256");
    long checked = 0;
    try (Stream<Path> files = Files.walk(blobs)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(sha256(file).hex()).as("content of %s", file).isEqualTo(file.getFileName().toString());
        checked++;
      }
    }
    return checked;
  }

  private void assertEveryBlobRowHasItsFile() throws Exception {
    for (String digest : query("SELECT digest FROM blobs")) {
      Digest d = Digest.parse(digest);
      Path file = data.resolve("storage/blobs/sha256").resolve(d.hex().substring(0, 2)).resolve(d.hex());
      assertThat(file).as("file of blob row %s", digest).exists();
    }
  }

  private void assertUploadFilesAndRowsAgree() throws Exception {
    Set<String> rows = new HashSet<>(query("SELECT CAST(id AS VARCHAR) FROM uploads"));
    Set<String> files = new HashSet<>();
    try (Stream<Path> list = Files.list(data.resolve("storage/uploads"))) {
      list.forEach(f -> files.add(f.getFileName().toString()));
    }
    assertThat(files).isEqualTo(rows);
  }

  private List<String> query(String sql) throws Exception {
    String url = "jdbc:h2:file:" + data.resolve("metadata/registry").toAbsolutePath();
    try (Connection c = DriverManager.getConnection(url, "berth", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    }
  }

  private static Digest sha256(Path file) throws IOException {
    var md = Digest.Algorithm.SHA256.newMessageDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[65536];
      int n;
      while ((n = in.read(buffer)) > 0) {
        md.update(buffer, 0, n);
      }
    }
    return Digest.of(Digest.Algorithm.SHA256, md.digest());
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitUntil(Condition condition, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.holds()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("condition not met within " + timeout);
      }
      sleep(50);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
