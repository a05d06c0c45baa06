package dev.berth.events;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.time.Instant;

/**
 * Something that happened in the registry, after it happened (its change committed and durable).
 * Subscribers learn of pushes, pulls, deletes and collections without the use cases knowing them:
 * pull statistics, cache invalidation, the app's live views, and later webhooks and the audit log.
 */
public sealed interface RegistryEvent {
  Instant at();

  Caller caller();

  /** A blob upload completed and the blob is linked into {@code repository}. */
  record BlobPushed(Instant at, Caller caller, RepositoryName repository, Digest digest, long size)
      implements RegistryEvent {}

  /** A blob of {@code from} was linked into {@code repository} without moving bytes. */
  record BlobMounted(
      Instant at,
      Caller caller,
      RepositoryName repository,
      Digest digest,
      long size,
      RepositoryName from)
      implements RegistryEvent {}

  /** A blob's bytes were sent (GET; a HEAD is not a pull). */
  record BlobPulled(Instant at, Caller caller, RepositoryName repository, Digest digest)
      implements RegistryEvent {}

  /** A blob was unlinked from {@code repository}; garbage collection frees its bytes later. */
  record BlobDeleted(Instant at, Caller caller, RepositoryName repository, Digest digest)
      implements RegistryEvent {}

  /**
   * A manifest was pushed, by tag or by digest.
   *
   * @param tag the tag it was pushed under, or null
   * @param previous what {@code tag} pointed at before, or null (a new tag, or no tag)
   * @param created whether the manifest was new to the repository
   */
  record ManifestPushed(
      Instant at,
      Caller caller,
      RepositoryName repository,
      Digest digest,
      String mediaType,
      long size,
      Tag tag,
      Digest previous,
      boolean created)
      implements RegistryEvent {

    /** Whether an existing tag now points at another manifest. */
    public boolean movedTag() {
      return tag != null && previous != null && !previous.equals(digest);
    }
  }

  /** A manifest was sent (GET; a HEAD is not a pull). */
  record ManifestPulled(Instant at, Caller caller, RepositoryName repository, Digest digest)
      implements RegistryEvent {}

  /** A manifest and every tag on it were deleted. */
  record ManifestDeleted(Instant at, Caller caller, RepositoryName repository, Digest digest)
      implements RegistryEvent {}

  /** Only the tag was deleted; the manifest stays. */
  record TagDeleted(Instant at, Caller caller, RepositoryName repository, Tag tag)
      implements RegistryEvent {}

  /** A whole repository was deleted. */
  record RepositoryDeleted(Instant at, Caller caller, RepositoryName repository)
      implements RegistryEvent {}

  /** A garbage collection ended (also a dry run or a cancelled one). */
  record GarbageCollected(
      Instant at,
      Caller caller,
      String outcome,
      boolean dryRun,
      long manifestsDeleted,
      long blobsDeleted,
      long bytesFreed)
      implements RegistryEvent {}

  /** Someone failed to log in (wrong password, unknown or disabled user). */
  record LoginFailed(Instant at, Caller caller, String reason) implements RegistryEvent {}
}
