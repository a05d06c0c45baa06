package dev.berth.gc;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.UploadId;
import java.util.List;

/**
 * What a garbage collection would delete, computed by marking the reference graph. A dry run
 * reports it; a real run deletes each item only after re-checking it under a lock.
 */
public record GcPlan(List<ManifestItem> manifests, List<BlobItem> blobs, List<BlobItem> orphans, List<UploadId> staleUploads) {

  public GcPlan {
    manifests = List.copyOf(manifests);
    blobs = List.copyOf(blobs);
    orphans = List.copyOf(orphans);
    staleUploads = List.copyOf(staleUploads);
  }

  /** An unreachable manifest. */
  public record ManifestItem(RepositoryName repository, Digest digest, long size) {}

  /** An unreferenced blob (or bytes with no metadata at all, for orphans). */
  public record BlobItem(Digest digest, long size) {}

  /** Bytes the plan frees: blobs, orphaned files and manifest documents. */
  public long bytes() {
    return manifests.stream().mapToLong(ManifestItem::size).sum()
        + blobs.stream().mapToLong(BlobItem::size).sum()
        + orphans.stream().mapToLong(BlobItem::size).sum();
  }

  public boolean isEmpty() {
    return manifests.isEmpty() && blobs.isEmpty() && orphans.isEmpty() && staleUploads.isEmpty();
  }
}
