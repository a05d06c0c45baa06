package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.AcknowledgedHistory;
import dev.berth.testing.HistoryVerifier;
import dev.berth.testing.MixedWorkload;
import dev.berth.testing.OwnerOnly;
import dev.berth.testing.ServerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No 5xx under load: 32 clients for a minute, uploading (monolithic and chunked), pushing to tags
 * they share, untagging, deleting by digest, pulling, listing tags and the catalog, while garbage
 * collection runs every few seconds with no grace period. Then everything served must be whole:
 * every tag resolves to a value its history allows, every manifest still there to its exact bytes,
 * every blob they reference to bytes that hash to its digest. The server's memory stays bounded and
 * every file it created is owner-only.
 *
 * <p>A longer run (10 minutes) is in {@code bench/}: {@code bench/run.sh --only stress}.
 */
class StressTest {
  private static final int CLIENTS = 32;
  static final Duration LOAD = Duration.ofSeconds(Long.getLong("berth.stress.seconds", 60));
  private static final Duration GC_EVERY = Duration.ofSeconds(3);
  private static final long MAX_RESIDENT_BYTES = 512L << 20;

  @TempDir Path data;

  @Test
  void thirtyTwoClients_withCollectionsEveryFewSeconds_getNoServerError_andEverythingStaysWhole()
      throws Exception {
    int port = ServerProcess.freePort();
    try (ServerProcess server = ServerProcess.serve(port, data)) {
      AcknowledgedHistory history = new AcknowledgedHistory();
      MixedWorkload workload =
          new MixedWorkload(server.client().base(), history, CLIENTS, 42).start();
      List<Integer> gcAnswers = new ArrayList<>();
      AtomicInteger gcServerErrors = new AtomicInteger();
      ScheduledExecutorService collector = Executors.newSingleThreadScheduledExecutor();
      collector.scheduleWithFixedDelay(
          () -> {
            HttpResponse<byte[]> gc =
                server.client().post("/berth/v1/gc?graceSeconds=0", new byte[0]);
            synchronized (gcAnswers) {
              gcAnswers.add(gc.statusCode());
            }
            if (gc.statusCode() >= 500) {
              gcServerErrors.incrementAndGet();
            }
          },
          GC_EVERY.toMillis(),
          GC_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);

      Thread.sleep(LOAD.toMillis());
      collector.shutdown();
      assertThat(collector.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      workload.stop();
      long residentPeak = server.peakResidentBytes();

      System.out.printf(
          "%d requests from %d clients in %d s, %d acknowledged changes, %d answers >= 500;"
              + " %d collections (%s); server peak resident memory %d MiB%n",
          workload.requests(),
          CLIENTS,
          LOAD.toSeconds(),
          history.acknowledgedCount(),
          workload.serverErrors(),
          gcAnswers.size(),
          gcAnswers.stream().distinct().sorted().toList(),
          residentPeak >> 20);
      assertThat(workload.serverErrors())
          .as(
              "answers >= 500, e.g. %s; the server said:%n%s",
              workload.serverErrorSamples(), incidents(server.log()))
          .isZero();
      assertThat(gcServerErrors.get()).as("collections that failed").isZero();
      assertThat(gcAnswers).as("collections that ran").contains(200);
      assertThat(history.acknowledgedCount()).as("the load really ran").isGreaterThan(1_000);

      HistoryVerifier.Report report =
          new HistoryVerifier(server.client(), history)
              .verifyAfterCollections(MixedWorkload.repositories(CLIENTS));
      assertThat(report.problems()).isEmpty();
      assertThat(residentPeak)
          .as("peak resident memory of serve")
          .isLessThanOrEqualTo(MAX_RESIDENT_BYTES);
      assertThat(server.terminate(Duration.ofSeconds(60))).isIn(0, 143);
    }
    OwnerOnly.assertTree(data);
    assertThat(Files.list(data.resolve("metadata")).toList()).as("H2's files").isNotEmpty();
  }

  /** The server log's incident reports, with their stack traces, for a failure message. */
  private static String incidents(String log) {
    StringBuilder found = new StringBuilder();
    boolean inIncident = false;
    for (String line : log.split("\n")) {
      if (line.contains("Incident ")) {
        inIncident = true;
      } else if (line.matches("^\\d\\d:\\d\\d:\\d\\d.*")) {
        inIncident = false; // the next log entry
      }
      if (inIncident && !line.contains("\tat io.undertow") && !line.contains("\tat org.jboss")) {
        found.append(line).append('\n');
      }
    }
    return found.toString();
  }
}
