package dev.berth.registry;

import dev.berth.metadata.UploadMetadata;
import dev.berth.storage.BlobUploads;
import dev.berth.storage.UploadId;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes upload files and upload rows agree again after a crash: a file without a session row (the
 * process died between creating the two) is deleted, and a row without a file is dropped.
 */
public final class UploadJanitor {
  private static final Logger LOG = LoggerFactory.getLogger(UploadJanitor.class);

  private final BlobUploads files;
  private final UploadMetadata sessions;

  public UploadJanitor(BlobUploads files, UploadMetadata sessions) {
    this.files = files;
    this.sessions = sessions;
  }

  /** Must run before the API accepts requests. Returns how many leftovers it removed. */
  public int reconcile() throws IOException {
    Set<UploadId> onDisk = files.list();
    Set<UploadId> recorded = new HashSet<>(sessions.all());
    int removed = 0;
    for (UploadId id : onDisk) {
      if (!recorded.contains(id)) {
        files.cancel(id);
        removed++;
      }
    }
    for (UploadId id : recorded) {
      if (!onDisk.contains(id)) {
        sessions.delete(id);
        removed++;
      }
    }
    if (removed > 0) {
      LOG.info("Removed {} leftovers of interrupted uploads", removed);
    }
    return removed;
  }
}
