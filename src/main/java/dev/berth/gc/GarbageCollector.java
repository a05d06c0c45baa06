package dev.berth.gc;

import dev.berth.gc.GcPlan.BlobItem;
import dev.berth.gc.GcPlan.ManifestItem;
import dev.berth.gc.GcProgress.Phase;
import dev.berth.metadata.GcMetadata;
import dev.berth.metadata.MetadataStore;
import dev.berth.oci.Digest;
import dev.berth.storage.BlobStore;
import dev.berth.storage.TrashedBlob;
import dev.berth.storage.UploadId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mark and sweep over the metadata's reference graph, safe while the registry serves.
 *
 * <h2>Why concurrent pushes never lose data</h2>
 *
 * <ol>
 *   <li><b>Grace period.</b> Nothing younger than the grace cutoff is a candidate: not a blob
 *       created or linked recently, not a manifest pushed recently. A client uploading layers
 *       and then the manifest is inside that window.
 *   <li><b>Check and delete under the row lock.</b> The mark is only a plan. Each deletion runs in
 *       its own transaction that locks the row ({@code SELECT … FOR UPDATE}), re-checks the
 *       condition against committed data, and deletes. Linking a blob and pushing a manifest lock
 *       the same rows (see {@code BlobLocks}), so each push either commits its reference first,
 *       and the re-check keeps the row, or finds the row gone and fails cleanly (MANIFEST_BLOB_UNKNOWN,
 *       the client uploads again). A manifest push always carries its bytes, so a manifest deleted
 *       under a racing push is simply stored again.
 *   <li><b>Bytes move aside under the same lock.</b> A blob's file is renamed into the trash
 *       before its row is deleted, in that transaction. An upload of the same bytes that renames
 *       its file into place afterwards is safe: its link re-checks under the lock that the bytes
 *       exist.
 *   <li><b>Crash safety.</b> If the process dies after the rename but before the commit, the row
 *       survives and {@link #recoverTrash} (run at start-up) puts the bytes back; after the commit,
 *       the trash is simply purged. No row ever points at missing bytes.
 * </ol>
 */
public final class GarbageCollector {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
  private static final int PROGRESS_EVERY = 200;

  private final MetadataStore metadata;
  private final BlobStore blobs;
  private final Clock clock;
  private final ReentrantLock running = new ReentrantLock();

  public GarbageCollector(MetadataStore metadata, BlobStore blobs, Clock clock) {
    this.metadata = metadata;
    this.blobs = blobs;
    this.clock = clock;
  }

  /** Thrown when a collection is asked for while another one runs. */
  public static final class AlreadyRunningException extends IllegalStateException {
    public AlreadyRunningException() {
      super("a garbage collection is already running; wait for it to finish");
    }
  }

  /** Puts back bytes of deletions that never committed, purges the rest. Call before serving. */
  public int recoverTrash() throws IOException {
    GcMetadata gc = metadata.gc();
    int restored = blobs.recoverTrash(gc::isRecorded);
    if (restored > 0) {
      LOG.info("Restored {} blobs whose deletion was interrupted", restored);
    }
    return restored;
  }

  /** Computes what a collection with {@code options} would delete, deleting nothing. */
  public GcPlan plan(GcOptions options) throws IOException {
    Instant now = clock.instant();
    Instant cutoff = now.minus(options.gracePeriod());
    GcMarker.Marked marked = GcMarker.mark(metadata.gc().snapshot(), options.deleteUntagged(), cutoff);
    List<BlobItem> orphans = new ArrayList<>();
    List<IOException> failures = new ArrayList<>();
    blobs.forEachDigest(digest -> {
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
    return new GcPlan(marked.manifests(), marked.blobs(), orphans, stale);
  }

  /**
   * Runs a collection: marks, then (unless it is a dry run) sweeps. {@code cancelled} is polled
   * between items; a cancelled run stops cleanly with what it deleted so far.
   *
   * @throws AlreadyRunningException if another collection runs
   */
  public GcReport run(GcOptions options, GcProgress.Listener listener, BooleanSupplier cancelled) throws IOException {
    if (!running.tryLock()) {
      throw new AlreadyRunningException();
    }
    try {
      return collect(options, listener, cancelled);
    } finally {
      running.unlock();
    }
  }

  public boolean isRunning() {
    return running.isLocked();
  }

  private GcReport collect(GcOptions options, GcProgress.Listener listener, BooleanSupplier cancelled) throws IOException {
    Instant started = clock.instant();
    listener.onProgress(new GcProgress(Phase.MARK, 0, 1, 0));
    recoverTrash();
    GcPlan plan = plan(options);
    listener.onProgress(new GcProgress(Phase.MARK, 1, 1, 0));
    Sweep sweep = new Sweep(listener, cancelled, started.minus(options.gracePeriod()));
    String outcome = "dry-run";
    if (!options.dryRun()) {
      boolean complete = sweep.manifests(plan.manifests())
          && sweep.blobs(plan.blobs())
          && sweep.orphans(plan.orphans())
          && sweep.uploads(plan.staleUploads());
      outcome = complete ? "completed" : "cancelled";
    }
    listener.onProgress(new GcProgress(Phase.DONE, 1, 1, sweep.bytesFreed));
    Instant finished = clock.instant();
    GcReport report = options.dryRun()
        ? new GcReport(outcome, options.deleteUntagged(), plan.manifests().size(), plan.blobs().size(),
            plan.orphans().size(), plan.staleUploads().size(), plan.bytes(), Duration.between(started, finished), plan)
        : new GcReport(outcome, options.deleteUntagged(), sweep.manifests, sweep.blobCount, sweep.orphanCount,
            sweep.uploadCount, sweep.bytesFreed, Duration.between(started, finished), plan);
    metadata.gc().recordRun(new GcMetadata.GcRun(started, finished, options.dryRun(), options.deleteUntagged(),
        outcome, report.manifestsDeleted(), report.blobsDeleted() + report.orphansDeleted(), report.uploadsPurged(),
        report.bytesFreed()));
    LOG.info("Garbage collection {}: {} manifests, {} blobs, {} orphaned files, {} uploads, {} bytes in {} ms",
        outcome, report.manifestsDeleted(), report.blobsDeleted(), report.orphansDeleted(), report.uploadsPurged(),
        report.bytesFreed(), report.duration().toMillis());
    return report;
  }

  /** The sweep phases; each deletes item by item and stops when cancelled. */
  private final class Sweep {
    private final GcProgress.Listener listener;
    private final BooleanSupplier cancelled;
    private final Instant cutoff;
    long manifests;
    long blobCount;
    long orphanCount;
    long uploadCount;
    long bytesFreed;

    Sweep(GcProgress.Listener listener, BooleanSupplier cancelled, Instant cutoff) {
      this.listener = listener;
      this.cancelled = cancelled;
      this.cutoff = cutoff;
    }

    /**
     * Deletes in passes: an index goes before its children and a subject before its referrers,
     * because the re-check keeps a manifest that something still points at.
     */
    boolean manifests(List<ManifestItem> items) {
      List<ManifestItem> remaining = new ArrayList<>(items);
      int done = 0;
      boolean progress = true;
      while (progress && !remaining.isEmpty()) {
        progress = false;
        List<ManifestItem> kept = new ArrayList<>();
        for (ManifestItem item : remaining) {
          if (cancelled.getAsBoolean()) {
            return false;
          }
          if (metadata.gc().deleteManifestIfUnreachable(item.repository(), item.digest(), cutoff)) {
            manifests++;
            bytesFreed += item.size();
            progress = true;
            report(Phase.SWEEP_MANIFESTS, ++done, items.size());
          } else {
            kept.add(item);
          }
        }
        remaining = kept;
      }
      return true;
    }

    boolean blobs(List<BlobItem> items) {
      int done = 0;
      for (BlobItem item : items) {
        if (cancelled.getAsBoolean()) {
          return false;
        }
        if (deleteBytes(item.digest(), removal -> metadata.gc().deleteBlobIfUnreferenced(item.digest(), cutoff, removal))) {
          blobCount++;
          bytesFreed += item.size();
        }
        report(Phase.SWEEP_BLOBS, ++done, items.size());
      }
      return true;
    }

    boolean orphans(List<BlobItem> items) {
      int done = 0;
      for (BlobItem item : items) {
        if (cancelled.getAsBoolean()) {
          return false;
        }
        if (deleteBytes(item.digest(), removal -> metadata.gc().deleteOrphan(item.digest(), removal))) {
          orphanCount++;
          bytesFreed += item.size();
        }
        report(Phase.SWEEP_ORPHANS, ++done, items.size());
      }
      return true;
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

    /** Runs a metadata deletion that moves the bytes aside under its lock; purges or restores them after. */
    private boolean deleteBytes(Digest digest, MetadataDeletion deletion) {
      TrashedBlob[] trashed = new TrashedBlob[1];
      boolean deleted;
      try {
        deleted = deletion.run(() -> trashed[0] = blobs.trash(digest).orElse(null));
      } catch (RuntimeException e) {
        restore(trashed[0]);
        throw e;
      }
      if (trashed[0] != null) {
        try {
          if (deleted) {
            trashed[0].purge();
          } else {
            trashed[0].restore();
          }
        } catch (IOException e) {
          // The metadata is already right; leftover trash is purged at the next start-up.
          LOG.warn("Could not clean up the trash of {}: {}", digest, e.getMessage());
        }
      }
      return deleted;
    }

    private void restore(TrashedBlob trashed) {
      if (trashed != null) {
        try {
          trashed.restore();
        } catch (IOException e) {
          LOG.error("Could not restore {} after a failed deletion; start-up recovery will retry", trashed.digest(), e);
        }
      }
    }

    private void report(Phase phase, long done, long total) {
      if (done % PROGRESS_EVERY == 0 || done == total) {
        listener.onProgress(new GcProgress(phase, done, total, bytesFreed));
      }
    }
  }

  @FunctionalInterface
  private interface MetadataDeletion {
    boolean run(GcMetadata.BytesRemoval removal);
  }
}
