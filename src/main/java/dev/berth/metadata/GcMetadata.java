package dev.berth.metadata;

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
   * Deletes the manifest if, under its row lock, it still has no tag, no index refers to it, its
   * subject (if any) no longer exists in the repository, and it was pushed before {@code cutoff}.
   */
  boolean deleteManifestIfUnreachable(RepositoryName repository, Digest digest, Instant cutoff);

  /**
   * Deletes the blob's metadata if, under its row lock, no manifest references it and neither the
   * blob nor any repository link of it is newer than {@code cutoff}. {@code removeBytes} runs under
   * that lock, before the deletion commits; if it throws, nothing is deleted.
   */
  boolean deleteBlobIfUnreferenced(Digest digest, Instant cutoff, BytesRemoval removeBytes);

  /**
   * For bytes on disk with no blob row at all (left by a crash): claims the digest with a
   * placeholder row, so no upload can link it meanwhile, runs {@code removeBytes}, and drops the
   * placeholder. Returns false when a row exists after all.
   */
  boolean deleteOrphan(Digest digest, BytesRemoval removeBytes);

  /** Whether a blob row exists (used to decide what trash to restore after a crash). */
  boolean isRecorded(Digest digest);

  List<UploadId> uploadsStartedBefore(Instant cutoff);

  void recordRun(GcRun run);

  /** The most recent runs, newest first. */
  List<GcRun> recentRuns(int limit);

  /** Removes a blob's bytes while the caller's row lock is held. */
  @FunctionalInterface
  interface BytesRemoval {
    void remove() throws IOException;
  }

  /** The reference graph. */
  record GraphSnapshot(List<ManifestNode> manifests, List<ChildEdge> children, List<BlobRef> blobRefs, List<BlobRow> blobs) {}

  /** A manifest of one repository. */
  record ManifestNode(RepositoryName repository, Digest digest, long size, Instant createdAt, boolean tagged, Digest subject) {}

  /** An index's reference to a child manifest in the same repository. */
  record ChildEdge(RepositoryName repository, Digest parent, Digest child) {}

  /** A manifest's reference to a blob (config or layer). */
  record BlobRef(RepositoryName repository, Digest manifest, Digest blob) {}

  /** A stored blob and the newest time any repository linked it. */
  record BlobRow(Digest digest, long size, Instant createdAt, Instant lastLinkedAt) {}

  /** One recorded garbage collection. */
  record GcRun(Instant startedAt, Instant finishedAt, boolean dryRun, boolean deleteUntagged, String outcome,
      long manifestsDeleted, long blobsDeleted, long uploadsPurged, long bytesFreed) {}
}
