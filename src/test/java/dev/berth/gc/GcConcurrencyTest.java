package dev.berth.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Blob;
import dev.berth.testing.TestImages.Image;
import dev.berth.testing.TestRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pushes of images that share layers with garbage run in a loop while GC (no grace period, deleting
 * untagged manifests) runs back to back. Afterwards every image whose tagged push was acknowledged
 * pulls completely, and every stored blob hashes to its digest.
 */
class GcConcurrencyTest {
  private static final Duration PUSHING = Duration.ofSeconds(8);
  private static final Duration PUSHING_AT_MOST = Duration.ofSeconds(60);
  private static final int MIN_GC_RUNS = 20;
  private static final int MIN_ACKNOWLEDGED = 10;

  @RegisterExtension final TestRegistry registry = new TestRegistry();

  /** Base layers shared by kept and garbage images: the ones GC must not lose. */
  private final List<Image> bases =
      List.of(
          TestImages.ociImage("amd64", "shared base 0"),
          TestImages.ociImage("amd64", "shared base 1"),
          TestImages.ociImage("amd64", "shared base 2"));

  private record Pushed(String repository, String tag, Image image) {}

  @Test
  void pushesRacingGc_neverLoseAcknowledgedImages() throws Exception {
    Map<String, Pushed> acknowledged = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger gcRuns = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> workers = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      int pusher = p;
      workers.add(pool.submit(() -> pushKeptImages(pusher, acknowledged, retries, stop)));
    }
    workers.add(pool.submit(() -> pushGarbage(stop)));
    workers.add(
        pool.submit(
            () -> {
              GcOptions options =
                  GcOptions.defaults().withGracePeriod(Duration.ZERO).withDeleteUntagged(true);
              while (!stop.get()) {
                registry
                    .engine()
                    .garbageCollector()
                    .run(
                        dev.berth.events.Caller.system("test"),
                        options,
                        GcProgress.Listener.NONE,
                        () -> false);
                gcRuns.incrementAndGet();
                Thread.sleep(20); // back to back, but leaving pushes a moment to complete
              }
              return null;
            }));

    // Race for at least PUSHING, and on a slow machine longer, until enough of both happened.
    long started = System.nanoTime();
    while (workers.stream().noneMatch(Future::isDone) // a failed worker ends the race at once
        && (System.nanoTime() - started < PUSHING.toNanos()
            || (!enoughRaced(acknowledged, gcRuns)
                && System.nanoTime() - started < PUSHING_AT_MOST.toNanos()))) {
      Thread.sleep(100);
    }
    stop.set(true);
    for (Future<?> worker : workers) {
      worker.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    // With no grace period, pushes often lose their fresh blobs to GC and retry; that is the race
    // under test. Enough of both must have happened for the test to mean something.
    System.err.printf(
        "acknowledged=%d retries=%d gcRuns=%d%n", acknowledged.size(), retries.get(), gcRuns.get());
    assertThat(gcRuns.get()).isGreaterThan(MIN_GC_RUNS);
    assertThat(acknowledged).hasSizeGreaterThan(MIN_ACKNOWLEDGED);
    registry
        .engine()
        .garbageCollector()
        .run(
            dev.berth.events.Caller.system("test"),
            GcOptions.defaults().withGracePeriod(Duration.ZERO).withDeleteUntagged(true),
            GcProgress.Listener.NONE,
            () -> false);
    for (Pushed pushed : acknowledged.values()) {
      assertPullsCompletely(pushed);
    }
    assertEveryStoredBlobHashesToItsName();
  }

  private static boolean enoughRaced(Map<String, Pushed> acknowledged, AtomicInteger gcRuns) {
    return acknowledged.size() > MIN_ACKNOWLEDGED && gcRuns.get() > MIN_GC_RUNS;
  }

  /**
   * Pushes tagged images on a shared base; a push that lost a race with GC is retried from scratch.
   */
  private Void pushKeptImages(
      int pusher, Map<String, Pushed> acknowledged, AtomicInteger retries, AtomicBoolean stop) {
    RegistryClient client = registry.client();
    for (int round = 0; !stop.get(); round++) {
      Image base = bases.get(round % bases.size());
      Image image =
          TestImages.ociImage(
              "amd64", "shared base " + (round % bases.size()), "kept " + pusher + "/" + round);
      assertThat(image.layers().get(0).digest()).isEqualTo(base.layers().get(0).digest());
      String repository = "kept/p" + pusher;
      String tag = "r" + round;
      for (int attempt = 0; attempt < 20 && !stop.get(); attempt++) {
        try {
          image.push(client, repository, tag);
          acknowledged.put(repository + ":" + tag, new Pushed(repository, tag, image));
          break;
        } catch (AssertionError lostRace) {
          retries
              .incrementAndGet(); // e.g. MANIFEST_BLOB_UNKNOWN: GC took a blob we had just uploaded
        }
      }
    }
    return null;
  }

  /** Pushes untagged images and indexes over the same bases, and moves tags away: all garbage. */
  private Void pushGarbage(AtomicBoolean stop) {
    RegistryClient client = registry.client();
    for (int round = 0; !stop.get(); round++) {
      try {
        Image garbage =
            TestImages.ociImage(
                "amd64", "shared base " + (round % bases.size()), "garbage " + round);
        garbage.push(client, "garbage", garbage.digest().toString());
        Blob index = TestImages.index(MediaTypes.OCI_INDEX, List.of(garbage));
        client.pushManifest("garbage", "moving", MediaTypes.OCI_INDEX, index.bytes());
      } catch (AssertionError lostRace) {
        // garbage racing garbage collection: nothing to keep
      }
    }
    return null;
  }

  private void assertPullsCompletely(Pushed pushed) {
    RegistryClient client = registry.client();
    var manifest =
        client.get(
            "/v2/" + pushed.repository() + "/manifests/" + pushed.tag(),
            "Accept",
            MediaTypes.OCI_MANIFEST);
    assertThat(manifest.statusCode())
        .as("manifest %s:%s", pushed.repository(), pushed.tag())
        .isEqualTo(200);
    assertThat(manifest.body()).isEqualTo(pushed.image().manifest().bytes());
    for (Blob blob : pushed.image().blobs()) {
      var get = client.get("/v2/" + pushed.repository() + "/blobs/" + blob.digest());
      assertThat(get.statusCode())
          .as("blob %s of %s:%s", blob.digest(), pushed.repository(), pushed.tag())
          .isEqualTo(200);
      assertThat(Digest.sha256(get.body())).isEqualTo(blob.digest());
    }
  }

  private void assertEveryStoredBlobHashesToItsName() throws Exception {
    Path root = registry.data().resolve("storage/blobs/sha256");
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        var md = Digest.Algorithm.SHA256.newMessageDigest();
        try (InputStream in = Files.newInputStream(file)) {
          md.update(in.readAllBytes());
        }
        assertThat(Digest.of(Digest.Algorithm.SHA256, md.digest()).hex())
            .isEqualTo(file.getFileName().toString());
      }
    }
    var rows = registry.engine().metadata().gc().snapshot().blobs();
    for (var row : rows) {
      assertThat(registry.engine().blobs().size(row.digest()))
          .as("bytes of blob row %s", row.digest())
          .isPresent();
    }
  }
}
