package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.testing.AcknowledgedHistory;
import dev.berth.testing.HistoryVerifier;
import dev.berth.testing.MixedWorkload;
import dev.berth.testing.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged means durable: sixteen clients push, tag, untag and delete while the server is
 * killed with SIGKILL again and again, at random moments from 0 to 2 s after its latest
 * acknowledgement; after each restart on the same folder every acknowledged change must be there
 * exactly as acknowledged, and what is served must be whole. There is no grace window: an answer
 * sent a microsecond before the kill counts.
 */
class CrashDurabilityTest {
  private static final int CLIENTS = 16;
  private static final int KILLS = 10;

  @TempDir Path data;

  @Test
  void everyAcknowledgedChangeSurvivesSigkill_andNothingHalfWrittenIsVisible() throws Exception {
    AcknowledgedHistory history = new AcknowledgedHistory();
    Random random = new Random(20261201);
    int port = ServerProcess.freePort();
    int checkedInAll = 0;
    List<String> summary = new ArrayList<>();
    for (int kill = 1; kill <= KILLS; kill++) {
      ServerProcess server = ServerProcess.serve(port, data);
      try {
        MixedWorkload workload =
            new MixedWorkload(server.client().base(), history, CLIENTS, kill).start();
        long acknowledgedBefore = history.acknowledgedCount();
        // Let the clients work, then kill: half the time in full flow (0 ms after the latest
        // answer), half the time after they paused for up to 2 s.
        awaitAcknowledgements(history, acknowledgedBefore + 60 + random.nextInt(240), server);
        boolean inFlow = random.nextBoolean();
        long delayMillis = 0;
        if (!inFlow) {
          workload.stop();
          delayMillis = random.nextInt(2001);
          Thread.sleep(delayMillis);
        }
        long sinceAck = history.sinceLastAcknowledgement() / 1_000_000;
        server.kill();
        workload.stop();
        summary.add(
            String.format(
                "kill %d: %s, %d ms after the latest acknowledgement, %d acknowledged so far",
                kill,
                inFlow ? "clients running" : "clients paused " + delayMillis + " ms",
                sinceAck,
                history.acknowledgedCount()));
      } finally {
        server.close();
      }

      ServerProcess restarted = ServerProcess.serve(port, data);
      try {
        HistoryVerifier.Report report =
            new HistoryVerifier(restarted.client(), history)
                .verify(MixedWorkload.repositories(CLIENTS));
        checkedInAll += report.checked();
        assertThat(report.problems()).as("after kill %d of %d", kill, KILLS).isEmpty();
        restarted.terminate(Duration.ofSeconds(60));
      } finally {
        restarted.close();
      }
    }
    summary.forEach(System.out::println);
    System.out.printf(
        "%d acknowledged operations, %d checks over %d kills, 0 lost%n",
        history.acknowledgedCount(), checkedInAll, KILLS);
    assertThat(history.tagWrites()).as("the clients wrote shared tags").isNotEmpty();

    assertEveryBlobFileHashesToItsName();
    assertEveryBlobRowHasItsFile();
    assertUploadFilesAndRowsAgree();
  }

  private static void awaitAcknowledgements(
      AcknowledgedHistory history, long count, ServerProcess server) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (history.acknowledgedCount() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "only "
                + history.acknowledgedCount()
                + " acknowledgements within 60 s: "
                + server.log());
      }
      Thread.sleep(5);
    }
  }

  private void assertEveryBlobFileHashesToItsName() throws IOException {
    try (Stream<Path> files = Files.walk(data.resolve("storage/blobs/sha256"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(sha256(file).hex())
            .as("content of %s", file)
            .isEqualTo(file.getFileName().toString());
      }
    }
  }

  private void assertEveryBlobRowHasItsFile() throws Exception {
    for (String digest : query("SELECT digest FROM blobs")) {
      Digest d = Digest.parse(digest);
      Path file =
          data.resolve("storage/blobs/sha256").resolve(d.hex().substring(0, 2)).resolve(d.hex());
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
}
