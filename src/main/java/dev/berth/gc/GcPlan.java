package dev.berth.gc;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.UploadId;
import java.time.Instant;
import java.util.List;

/**
 * What a garbage collection would delete, computed by marking the reference graph. A dry run
 * reports it; a real run deletes each item only after re-checking it under a lock.
 */
public record GcPlan(
    List<ManifestItem> manifests,
    List<BlobItem> blobs,
    List<BlobItem> orphans,
    List<UploadId> staleUploads,
    List<HeldBack> heldBack) {

  public GcPlan {
    manifests = List.copyOf(manifests);
    blobs = List.copyOf(blobs);
    orphans = List.copyOf(orphans);
    staleUploads = List.copyOf(staleUploads);
    heldBack = List.copyOf(heldBack);
  }

  /**
   * An unreferenced blob kept because a client used it within the grace period (it may be between
   * uploading layers and pushing their manifest).
   *
   * @param collectableAt when its grace period ends, if no client uses it again
   */
  public record HeldBack(Digest digest, long size, Instant collectableAt) {}

  public long heldBackBytes() {
    return heldBack.stream().mapToLong(HeldBack::size).sum();
  }

  /** When the first held-back blob becomes collectable, or null when nothing is held back. */
  public Instant collectableFrom() {
    return heldBack.stream().map(HeldBack::collectableAt).min(Instant::compareTo).orElse(null);
  }

  /** When the last held-back blob becomes collectable, or null when nothing is held back. */
  public Instant allCollectableAt() {
    return heldBack.stream().map(HeldBack::collectableAt).max(Instant::compareTo).orElse(null);
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
