package dev.berth.registry;

import dev.berth.metadata.MetadataStore;
import dev.berth.storage.BlobStore;
import dev.berth.storage.UploadId;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes upload sessions nobody finished, with their bytes, as registry:2's upload purger does
 * ({@code storage.maintenance.uploadpurging}). A client that resumes such an upload later is told
 * it does not exist and starts again.
 */
public final class StaleUploads {
  private static final Logger LOG = LoggerFactory.getLogger(StaleUploads.class);

  private final BlobStore blobs;
  private final MetadataStore metadata;
  private final Clock clock;

  public StaleUploads(BlobStore blobs, MetadataStore metadata, Clock clock) {
    this.blobs = blobs;
    this.metadata = metadata;
    this.clock = clock;
  }

  /**
   * Purges sessions started more than {@code age} ago; with {@code dryRun} only counts them.
   * Returns how many there were.
   */
  public int purgeOlderThan(Duration age, boolean dryRun) throws IOException {
    List<UploadId> stale = metadata.gc().uploadsStartedBefore(clock.instant().minus(age));
    if (!dryRun) {
      for (UploadId id : stale) {
        blobs.uploads().cancel(id);
        metadata.uploads().delete(id);
      }
    }
    if (!stale.isEmpty()) {
      LOG.info(
          "{} {} upload sessions older than {}",
          dryRun ? "Would purge (dry run)" : "Purged",
          stale.size(),
          age);
    }
    return stale.size();
  }
}
