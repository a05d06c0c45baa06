package dev.berth.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.EngineStorage;
import dev.berth.events.Caller;
import dev.berth.json.Json;
import dev.berth.metadata.BlobMetadata;
import dev.berth.metadata.GcMetadata.GcRun;
import dev.berth.metadata.MetadataStore;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 5, in the engine: the grace period runs from the last time a client used a blob
 * (upload, HEAD or GET, mount, a manifest pushed with it), not from when the blob was first stored;
 * what it holds back is reported with its bytes and the time it becomes collectable; and every run
 * is recorded, also one that found nothing. Before, a blob uploaded two hours ago that a client had
 * just found present (and so did not upload again) was collected under a client about to push its
 * manifest, and a run's report did not say what it kept.
 */
class GcGracePeriodTest {
  private static final Duration GRACE = Duration.ofHours(1);
  private static final RepositoryName APP = RepositoryName.parse("app");

  @TempDir Path data;

  @Test
  void graceRunsFromTheLastUse_heldBackIsReported_andEveryRunIsRecorded() throws Exception {
    Instant start = Instant.parse("2026-12-01T08:00:00Z");
    MutableClock clock = new MutableClock(start);
    try (EngineStorage storage = EngineStorage.open(data, Json.mapper(), clock)) {
      MetadataStore metadata = storage.metadata();
      Digest forgotten =
          Digest.sha256("uploaded at eight, never used again".getBytes(StandardCharsets.UTF_8));
      Digest checked =
          Digest.sha256(
              "uploaded at eight, found present by a client at ten"
                  .getBytes(StandardCharsets.UTF_8));
      metadata.blobs().link(APP, forgotten, 100, () -> true);
      metadata.blobs().link(APP, checked, 40, () -> true);

      clock.advance(Duration.ofHours(2));
      metadata.blobs().touch(checked); // a client's HEAD: "already there, no need to upload"
      // The app deletes what held them; both are unreferenced now.
      metadata.blobs().unlink(APP, forgotten);
      metadata.blobs().unlink(APP, checked);

      GcOptions options = GcOptions.defaults().withGracePeriod(GRACE);
      GcReport report =
          storage
              .garbageCollector()
              .run(Caller.app(), options, GcProgress.Listener.NONE, () -> false);

      assertThat(report.blobsDeleted()).isEqualTo(1);
      assertThat(report.plan().blobs())
          .extracting(GcPlan.BlobItem::digest)
          .containsExactly(forgotten);
      // Reads are recorded once a minute, so the HEAD may have come up to a minute after the
      // record.
      Instant collectable = clock.instant().plus(BlobMetadata.USE_RESOLUTION).plus(GRACE);
      assertThat(report.plan().heldBack())
          .containsExactly(new GcPlan.HeldBack(checked, 40, collectable));
      assertThat(report.plan().heldBackBytes()).isEqualTo(40);

      // Nothing left to collect: the run is recorded all the same, saying what it held back until
      // when.
      GcReport empty =
          storage
              .garbageCollector()
              .run(Caller.app(), options, GcProgress.Listener.NONE, () -> false);
      assertThat(empty.plan().isEmpty()).isTrue();
      List<GcRun> runs = metadata.gc().recentRuns(10);
      assertThat(runs).hasSize(2);
      assertThat(runs.get(0).blobsDeleted()).isZero();
      assertThat(runs.get(0).heldBackBlobs()).isEqualTo(1);
      assertThat(runs.get(0).heldBackBytes()).isEqualTo(40);
      assertThat(runs.get(0).collectableFrom()).isEqualTo(collectable);
      assertThat(runs.get(1).blobsDeleted()).isEqualTo(1);

      // Once its grace period has passed without another use, it goes too.
      clock.advance(BlobMetadata.USE_RESOLUTION.plus(GRACE).plusSeconds(1));
      GcReport later =
          storage
              .garbageCollector()
              .run(Caller.app(), options, GcProgress.Listener.NONE, () -> false);
      assertThat(later.blobsDeleted()).isEqualTo(1);
      assertThat(later.plan().heldBack()).isEmpty();
    }
  }

  @Test
  void aManifestPushedWithAnOldBlob_isAUseOfIt() throws Exception {
    Instant start = Instant.parse("2026-12-01T08:00:00Z");
    MutableClock clock = new MutableClock(start);
    try (EngineStorage storage = EngineStorage.open(data, Json.mapper(), clock)) {
      MetadataStore metadata = storage.metadata();
      dev.berth.testing.TestImages.Image image =
          dev.berth.testing.TestImages.ociImage("amd64", "old layer");
      for (var blob : List.of(image.config(), image.layers().get(0))) {
        metadata.blobs().link(APP, blob.digest(), blob.bytes().length, () -> true);
      }
      clock.advance(Duration.ofHours(2));
      byte[] manifest = image.manifest().bytes();
      metadata
          .manifests()
          .put(
              APP,
              image.digest(),
              manifest,
              new dev.berth.oci.manifest.ManifestParser(Json.mapper())
                  .parse(manifest, image.manifest().mediaType()),
              null,
              dev.berth.metadata.ManifestMetadata.References.MUST_BE_PRESENT,
              null);
      // Deleted again right away (a mistaken push): its blobs were used two minutes ago, not two
      // hours.
      metadata.manifests().delete(APP, image.digest());
      metadata.blobs().unlink(APP, image.config().digest());
      metadata.blobs().unlink(APP, image.layers().get(0).digest());
      clock.advance(Duration.ofMinutes(2));

      GcPlan plan = storage.garbageCollector().plan(GcOptions.defaults().withGracePeriod(GRACE));

      assertThat(plan.blobs()).isEmpty();
      assertThat(plan.heldBack())
          .extracting(GcPlan.HeldBack::digest)
          .containsExactlyInAnyOrder(image.config().digest(), image.layers().get(0).digest());
    }
  }
}
