package dev.berth.metadata;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import java.util.Optional;

/**
 * Which repositories link which blobs (distribution's "layer links"). Bytes exist once in the
 * {@code BlobStore}; a repository may serve a blob only while it links it.
 */
public interface BlobMetadata {

  /**
   * Records a verified blob and links it into {@code repository} (creating the repository). {@code
   * bytesPresent} is asked under the blob's row lock, which garbage collection also takes before it
   * removes bytes; so a link is only ever written for bytes that exist.
   *
   * @throws BlobVanishedException if the bytes are gone
   */
  void link(
      RepositoryName repository, Digest digest, long size, BooleanSupplierWithIo bytesPresent);

  /** A presence check that may do IO. */
  @FunctionalInterface
  interface BooleanSupplierWithIo {
    boolean get() throws java.io.IOException;
  }

  /** The size of the blob if {@code repository} links it. */
  Optional<Long> linkedSize(RepositoryName repository, Digest digest);

  /**
   * As {@link #linkedSize}, but first waits for any transaction that holds the blob's row lock: a
   * garbage collection moves a blob's bytes aside and then, in the same transaction, drops its
   * links, so a reader between those two steps sees a link without bytes. After the wait it sees
   * the outcome.
   */
  Optional<Long> linkedSizeAfterPendingChanges(RepositoryName repository, Digest digest);

  /** Removes the link; returns false when there was none. The bytes stay for GC to decide. */
  boolean unlink(RepositoryName repository, Digest digest);

  /**
   * How finely uses (reads, uploads, mounts, pushes of a manifest with the blob) are recorded: a
   * use within this long of the recorded one writes nothing, so a busy blob costs one write per
   * period instead of one per request. A blob's real last use may therefore be up to this much
   * later than the one recorded, and garbage collection counts it so ({@link
   * GcMetadata.BlobRow#lastUsedAt}).
   */
  java.time.Duration USE_RESOLUTION = java.time.Duration.ofMinutes(1);

  /**
   * Records that a client used the blob now (a HEAD or GET): garbage collection measures its grace
   * period from the last use, so a blob a client just found present — and therefore did not upload
   * again — is not collected before the client's manifest arrives.
   *
   * @return the blob's last use as recorded after this call (now, if this call recorded it; else at
   *     most {@link #USE_RESOLUTION} before now), or empty when the store has no such blob
   */
  java.util.Optional<java.time.Instant> touch(Digest digest);
}
