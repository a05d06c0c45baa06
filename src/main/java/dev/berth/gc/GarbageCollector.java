package dev.berth.gc;

import dev.berth.events.Caller;
import dev.berth.events.RegistryEvent;
import dev.berth.events.RegistryEvents;
import dev.berth.gc.GcPlan.BlobItem;
import dev.berth.gc.GcPlan.ManifestItem;
import dev.berth.gc.GcProgress.Phase;
import dev.berth.metadata.GcMetadata;
import dev.berth.metadata.ManifestMetadata.ManifestKey;
import dev.berth.metadata.MetadataStore;
import dev.berth.oci.Digest;
import dev.berth.storage.BlobStore;
import dev.berth.storage.UploadId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mark and sweep over the metadata's reference graph, safe while the registry serves.
 *
 * <h2>Why concurrent pushes never lose data</h2>
 *
 * <ol>
 *   <li><b>Grace period.</b> Nothing younger than the grace cutoff is a candidate: not a blob a
 *       client used recently (uploaded, mounted, checked with HEAD or GET, or pushed a manifest
 *       with), not a manifest pushed recently. A client uploading layers — or finding them present
 *       and skipping them — and then pushing the manifest is inside that window. What it keeps is
 *       reported as held back, with the time it becomes collectable.
 *   <li><b>Check and delete under the row lock.</b> The mark is only a plan. Each deletion runs in
 *       its own transaction that locks the row ({@code SELECT … FOR UPDATE}), re-checks the
 *       condition against committed data, and deletes. Linking a blob and pushing a manifest lock
 *       the same rows (see {@code BlobLocks}), so each push either commits its reference first, and
 *       the re-check keeps the row, or finds the row gone and fails cleanly (MANIFEST_BLOB_UNKNOWN,
 *       the client uploads again). A manifest push always carries its bytes, so a manifest deleted
 *       under a racing push is simply stored again.
 *   <li><b>Metadata first, bytes after, through a tombstone.</b> The transaction that deletes a
 *       blob's row leaves a tombstone for it; only once that is durable are the bytes removed, in a
 *       second transaction that claims the digest with a placeholder row (the lock an upload's link
 *       needs), removes the bytes, and drops placeholder and tombstone. An upload of the same bytes
 *       either links first, and the claim fails and keeps the bytes, or waits for the claim and
 *       then finds the bytes gone (its link re-checks them under the lock) and fails cleanly.
 *       Neither step needs a rename, so an object store can do both.
 *   <li><b>Crash safety.</b> A process killed between the two steps leaves tombstones, which {@link
 *       #finishDeletions} (run at start-up and before each collection) completes; one killed inside
 *       the second step rolls it back with the bytes already gone, which is the same state. No row
 *       ever points at missing bytes.
 * </ol>
 */
public final class GarbageCollector {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

  /**
   * Items per deleting transaction. Each holds its rows' locks only for the milliseconds the batch
   * takes, so a push touching one of them waits that long at most.
   */
  private static final int BATCH = 200;

  /** How long a run may spend giving the deleted rows' space back to the disk. */
  private static final Duration RECLAIM_BUDGET = Duration.ofSeconds(5);

  private final MetadataStore metadata;
  private final BlobStore blobs;
  private final RegistryEvents events;
  private final Clock clock;
  private final ReentrantLock running = new ReentrantLock();

  public GarbageCollector(
      MetadataStore metadata, BlobStore blobs, RegistryEvents events, Clock clock) {
    this.metadata = metadata;
    this.blobs = blobs;
    this.events = events;
    this.clock = clock;
  }

  /** Thrown when a collection is asked for while another one runs. */
  public static final class AlreadyRunningException extends IllegalStateException {
    public AlreadyRunningException() {
      super("a garbage collection is already running; wait for it to finish");
    }
  }

  /**
   * Removes the bytes of blobs whose deletion committed before a crash or a failure cut it short
   * (see the tombstones above). Call before serving. Returns how many blobs' bytes it removed.
   */
  public int finishDeletions() throws IOException {
    GcMetadata gc = metadata.gc();
    int removed = 0;
    for (List<Digest> batch = gc.tombstones(BATCH);
        !batch.isEmpty();
        batch = gc.tombstones(BATCH)) {
      removed += removeBytes(batch).size();
    }
    if (removed > 0) {
      LOG.info("Finished {} blob deletions that an earlier run left half done", removed);
    }
    return removed;
  }

  private List<Digest> removeBytes(List<Digest> digests) throws IOException {
    try {
      return metadata.gc().removeBytes(digests, blobs::delete);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Computes what a collection with {@code options} would delete, deleting nothing. */
  public GcPlan plan(GcOptions options) throws IOException {
    Instant now = clock.instant();
    Instant cutoff = now.minus(options.gracePeriod());
    GcMarker.Marked marked =
        GcMarker.mark(metadata.gc().snapshot(), options.deleteUntagged(), now, options);
    List<BlobItem> orphans = new ArrayList<>();
    List<IOException> failures = new ArrayList<>();
    blobs.forEachDigest(
        digest -> {
          if (marked.recorded().contains(digest)) {
            return;
          }
          try {
            Optional<Instant> modified = blobs.modifiedAt(digest);
            if (modified.isPresent() && modified.get().isBefore(cutoff)) {
              orphans.add(new BlobItem(digest, blobs.size(digest).orElse(0L)));
            }
          } catch (IOException e) {
            failures.add(e);
          }
        });
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    List<UploadId> stale = metadata.gc().uploadsStartedBefore(now.minus(options.uploadMaxAge()));
    return new GcPlan(marked.manifests(), marked.blobs(), orphans, stale, marked.heldBack());
  }

  /**
   * Runs a collection: marks, then (unless it is a dry run) sweeps. {@code cancelled} is polled
   * between items; a cancelled run stops cleanly with what it deleted so far.
   *
   * @throws AlreadyRunningException if another collection runs
   */
  public GcReport run(
      Caller caller, GcOptions options, GcProgress.Listener listener, BooleanSupplier cancelled)
      throws IOException {
    if (!running.tryLock()) {
      throw new AlreadyRunningException();
    }
    GcReport report;
    try {
      report = collect(options, listener, cancelled);
    } finally {
      running.unlock();
    }
    events.publish(
        new RegistryEvent.GarbageCollected(
            clock.instant(),
            caller,
            report.outcome(),
            options.dryRun(),
            report.manifestsDeleted(),
            report.blobsDeleted() + report.orphansDeleted(),
            report.bytesFreed()));
    return report;
  }

  public boolean isRunning() {
    return running.isLocked();
  }

  private GcReport collect(
      GcOptions options, GcProgress.Listener listener, BooleanSupplier cancelled)
      throws IOException {
    Instant started = clock.instant();
    listener.onProgress(new GcProgress(Phase.MARK, 0, 1, 0));
    finishDeletions();
    GcPlan plan = plan(options);
    listener.onProgress(new GcProgress(Phase.MARK, 1, 1, 0));
    Sweep sweep =
        new Sweep(
            listener,
            cancelled,
            started.minus(options.gracePeriod()),
            started.minus(options.blobGracePeriod()));
    String outcome = "dry-run";
    if (!options.dryRun()) {
      boolean complete =
          sweep.manifests(plan.manifests())
              && sweep.blobs(plan.blobs())
              && sweep.orphans(plan.orphans())
              && sweep.uploads(plan.staleUploads());
      outcome = complete ? "completed" : "cancelled";
      if (complete && sweep.manifests + sweep.blobCount + sweep.orphanCount > 0) {
        reclaimSpace();
      }
    }
    listener.onProgress(new GcProgress(Phase.DONE, 1, 1, sweep.bytesFreed));
    Instant finished = clock.instant();
    GcReport report =
        options.dryRun()
            ? new GcReport(
                outcome,
                options.deleteUntagged(),
                plan.manifests().size(),
                plan.blobs().size(),
                plan.orphans().size(),
                plan.staleUploads().size(),
                plan.bytes(),
                Duration.between(started, finished),
                plan)
            : new GcReport(
                outcome,
                options.deleteUntagged(),
                sweep.manifests,
                sweep.blobCount,
                sweep.orphanCount,
                sweep.uploadCount,
                sweep.bytesFreed,
                Duration.between(started, finished),
                plan);
    metadata
        .gc()
        .recordRun(
            new GcMetadata.GcRun(
                started,
                finished,
                options.dryRun(),
                options.deleteUntagged(),
                outcome,
                report.manifestsDeleted(),
                report.blobsDeleted() + report.orphansDeleted(),
                report.uploadsPurged(),
                report.bytesFreed(),
                plan.heldBack().size(),
                plan.heldBackBytes(),
                plan.collectableFrom()));
    LOG.info(
        "Garbage collection {}: {} manifests, {} blobs, {} orphaned files, {} uploads, {} bytes in {} ms;"
            + " {} blobs ({} bytes) held back by the grace period until {}",
        outcome,
        report.manifestsDeleted(),
        report.blobsDeleted(),
        report.orphansDeleted(),
        report.uploadsPurged(),
        report.bytesFreed(),
        report.duration().toMillis(),
        plan.heldBack().size(),
        plan.heldBackBytes(),
        plan.allCollectableAt());
    return report;
  }

  /**
   * Gives the deleted rows' space back to the disk. Best effort: the collection is done and stays
   * done whatever happens here, so a failure is only logged.
   */
  private void reclaimSpace() {
    try {
      metadata.gc().reclaimSpace(RECLAIM_BUDGET);
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not give the metadata file's free space back after the collection: {}",
          e.toString());
    }
  }

  /** The sweep phases; each deletes in batches and stops, when cancelled, between two batches. */
  private final class Sweep {
    private final GcProgress.Listener listener;
    private final BooleanSupplier cancelled;
    private final Instant cutoff;

    /** Blobs' cutoff: their uses are recorded coarsely ({@link GcOptions#blobGracePeriod}). */
    private final Instant blobCutoff;

    long manifests;
    long blobCount;
    long orphanCount;
    long uploadCount;
    long bytesFreed;

    Sweep(
        GcProgress.Listener listener,
        BooleanSupplier cancelled,
        Instant cutoff,
        Instant blobCutoff) {
      this.listener = listener;
      this.cancelled = cancelled;
      this.cutoff = cutoff;
      this.blobCutoff = blobCutoff;
    }

    /**
     * Deletes in passes: an index goes before its children and a subject before its referrers,
     * because the re-check keeps a manifest that something still points at.
     */
    boolean manifests(List<ManifestItem> items) {
      Map<ManifestKey, ManifestItem> remaining = new LinkedHashMap<>();
      // In key order, so that each batch deletes neighbouring rows and rewrites few pages.
      items.stream()
          .sorted(
              java.util.Comparator.comparing((ManifestItem i) -> i.repository().value())
                  .thenComparing(ManifestItem::digest))
          .forEach(i -> remaining.put(new ManifestKey(i.repository(), i.digest()), i));
      int done = 0;
      boolean progress = true;
      while (progress && !remaining.isEmpty()) {
        progress = false;
        for (List<ManifestKey> batch : batches(new ArrayList<>(remaining.keySet()))) {
          if (cancelled.getAsBoolean()) {
            return false;
          }
          for (ManifestKey deleted : metadata.gc().deleteManifestsIfUnreachable(batch, cutoff)) {
            manifests++;
            bytesFreed += remaining.remove(deleted).size();
            progress = true;
            done++;
          }
          report(Phase.SWEEP_MANIFESTS, done, items.size());
        }
      }
      return true;
    }

    /** Deletes the blobs' rows (leaving tombstones), then their bytes, a batch at a time. */
    boolean blobs(List<BlobItem> items) throws IOException {
      return sweepBytes(
          Phase.SWEEP_BLOBS,
          items,
          batch -> {
            List<Digest> deleted = metadata.gc().deleteBlobsIfUnreferenced(batch, blobCutoff);
            removeBytes(deleted); // a blob uploaded again meanwhile keeps its bytes
            return deleted;
          },
          n -> blobCount += n);
    }

    /** Bytes with no row at all need only the second step. */
    boolean orphans(List<BlobItem> items) throws IOException {
      return sweepBytes(
          Phase.SWEEP_ORPHANS, items, GarbageCollector.this::removeBytes, n -> orphanCount += n);
    }

    boolean uploads(List<UploadId> items) {
      int done = 0;
      for (UploadId id : items) {
        if (cancelled.getAsBoolean()) {
          return false;
        }
        try {
          blobs.uploads().cancel(id);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        metadata.uploads().delete(id);
        uploadCount++;
        report(Phase.PURGE_UPLOADS, ++done, items.size());
      }
      return true;
    }

    private boolean sweepBytes(
        Phase phase, List<BlobItem> items, BatchDeletion deletion, LongConsumer counted)
        throws IOException {
      Map<Digest, Long> sizes = new HashMap<>();
      items.forEach(i -> sizes.put(i.digest(), i.size()));
      int done = 0;
      for (List<BlobItem> batch : batches(items)) {
        if (cancelled.getAsBoolean()) {
          return false;
        }
        List<Digest> deleted = deletion.run(batch.stream().map(BlobItem::digest).toList());
        counted.accept(deleted.size());
        deleted.forEach(d -> bytesFreed += sizes.getOrDefault(d, 0L));
        done += batch.size();
        report(phase, done, items.size());
      }
      return true;
    }

    private void report(Phase phase, long done, long total) {
      listener.onProgress(new GcProgress(phase, done, total, bytesFreed));
    }
  }

  @FunctionalInterface
  private interface BatchDeletion {
    List<Digest> run(List<Digest> batch) throws IOException;
  }

  /** Splits work into transactions of {@link #BATCH} items: one commit per item is what costs. */
  private static <T> List<List<T>> batches(List<T> items) {
    List<List<T>> batches = new ArrayList<>();
    for (int i = 0; i < items.size(); i += BATCH) {
      batches.add(items.subList(i, Math.min(items.size(), i + BATCH)));
    }
    return batches;
  }
}
