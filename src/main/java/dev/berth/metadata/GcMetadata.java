package dev.berth.metadata;

import dev.berth.metadata.ManifestMetadata.ManifestKey;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.UploadId;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * What garbage collection needs from the metadata: a snapshot of the reference graph to mark, and
 * deletions that re-check their precondition under a row lock, so that a push racing the sweep
 * either sees the row gone (and fails cleanly) or keeps it alive (and the sweep skips it).
 */
public interface GcMetadata {

  /** The whole reference graph as of one moment. */
  GraphSnapshot snapshot();

  /**
   * Deletes, in one transaction, each manifest of the batch that, under its row lock, still has no
   * tag, no index referring to it, no subject left in the repository (if it has one), and was
   * pushed before {@code cutoff}. Returns those deleted.
   */
  List<ManifestKey> deleteManifestsIfUnreachable(List<ManifestKey> batch, Instant cutoff);

  /**
   * Deletes, in one transaction, the metadata of each blob of the batch that, under its row lock,
   * no manifest references and that neither it nor any repository link of it is newer than {@code
   * cutoff}, and leaves a tombstone for each in the same transaction. Returns the deleted digests
   * once the deletion is durable; their bytes are then removed by {@link #removeBytes}, at once or,
   * after a crash, on the next start.
   */
  List<Digest> deleteBlobsIfUnreferenced(List<Digest> batch, Instant cutoff);

  /** Digests whose metadata was deleted but whose bytes may still exist, oldest first. */
  List<Digest> tombstones(int limit);

  /**
   * Removes the bytes of digests that no blob row records: those of {@link #tombstones} and bytes
   * on disk with no row at all (left by a crash). For each digest, in one transaction: claims the
   * digest with a placeholder row, so that no upload can link it meanwhile; runs {@code
   * removeBytes}; drops the placeholder and the tombstone. A digest that has a row again (uploaded
   * anew since its deletion) keeps its bytes and only loses its tombstone. Returns those removed.
   */
  List<Digest> removeBytes(List<Digest> batch, BytesRemoval removeBytes);

  /**
   * After a sweep: gives the space of the deleted rows back to the disk, as far as the store can
   * while serving and within {@code budget}, so that collecting garbage leaves the database
   * smaller, not larger.
   */
  void reclaimSpace(java.time.Duration budget);

  List<UploadId> uploadsStartedBefore(Instant cutoff);

  void recordRun(GcRun run);

  /** The most recent runs, newest first. */
  List<GcRun> recentRuns(int limit);

  /** Removes a blob's bytes while the caller's row lock is held. */
  @FunctionalInterface
  interface BytesRemoval {
    void remove(Digest digest) throws IOException;
  }

  /** The reference graph. */
  record GraphSnapshot(
      List<ManifestNode> manifests,
      List<ChildEdge> children,
      List<BlobRef> blobRefs,
      List<BlobRow> blobs) {}

  /** A manifest of one repository. */
  record ManifestNode(
      RepositoryName repository,
      Digest digest,
      long size,
      Instant createdAt,
      boolean tagged,
      Digest subject) {}

  /** An index's reference to a child manifest in the same repository. */
  record ChildEdge(RepositoryName repository, Digest parent, Digest child) {}

  /** A manifest's reference to a blob (config or layer). */
  record BlobRef(RepositoryName repository, Digest manifest, Digest blob) {}

  /**
   * A stored blob, the newest time any repository linked it, and its last use.
   *
   * @param lastUsedAt the latest moment a client may have used the blob (upload, HEAD or GET,
   *     mount, a manifest pushed with it): reads are recorded once per {@link
   *     BlobMetadata#USE_RESOLUTION}, so this is the recorded use plus that. The grace period is
   *     measured from it
   */
  record BlobRow(
      Digest digest, long size, Instant createdAt, Instant lastLinkedAt, Instant lastUsedAt) {}

  /** One recorded garbage collection. */
  record GcRun(
      Instant startedAt,
      Instant finishedAt,
      boolean dryRun,
      boolean deleteUntagged,
      String outcome,
      long manifestsDeleted,
      long blobsDeleted,
      long uploadsPurged,
      long bytesFreed,
      long heldBackBlobs,
      long heldBackBytes,
      Instant collectableFrom) {

    /** A run that held nothing back. */
    public GcRun(
        Instant startedAt,
        Instant finishedAt,
        boolean dryRun,
        boolean deleteUntagged,
        String outcome,
        long manifestsDeleted,
        long blobsDeleted,
        long uploadsPurged,
        long bytesFreed) {
      this(
          startedAt,
          finishedAt,
          dryRun,
          deleteUntagged,
          outcome,
          manifestsDeleted,
          blobsDeleted,
          uploadsPurged,
          bytesFreed,
          0,
          0,
          null);
    }
  }
}
