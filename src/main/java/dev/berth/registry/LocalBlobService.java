package dev.berth.registry;

import static dev.berth.registry.error.RegistryErrorCode.BLOB_UNKNOWN;

import dev.berth.events.Caller;
import dev.berth.events.RegistryEvent;
import dev.berth.events.RegistryEvents;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.StoredManifest;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.error.RegistryException;
import dev.berth.storage.BlobDelivery;
import dev.berth.storage.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/** Blobs in this registry's blob store, linked into repositories by its metadata. */
public final class LocalBlobService implements BlobService {
  private final BlobStore store;
  private final MetadataStore metadata;
  private final DeletionPolicy deletion;
  private final RegistryEvents events;
  private final Clock clock;
  private final RecentBlobUses uses;

  public LocalBlobService(
      BlobStore store,
      MetadataStore metadata,
      DeletionPolicy deletion,
      RegistryEvents events,
      Clock clock) {
    this.store = store;
    this.metadata = metadata;
    this.deletion = deletion;
    this.events = events;
    this.clock = clock;
    this.uses = new RecentBlobUses(metadata.blobs(), clock);
    // A reopened database may have lost stamps this remembers; a read then stamps again.
    metadata.onReset(uses::forget);
  }

  /** Bytes in the blob store, delivered as the store does best. */
  private record StoredBlob(Digest digest, long size, BlobStore store) implements BlobContent {
    @Override
    public BlobDelivery deliver(long offset, long length) throws IOException {
      return store.deliver(digest, offset, length);
    }
  }

  /** A manifest fetched through the blob endpoint (containerd and registry:2 do this). */
  private record ManifestAsBlob(Digest digest, byte[] content) implements BlobContent {
    @Override
    public long size() {
      return content.length;
    }

    @Override
    public BlobDelivery deliver(long offset, long length) {
      return new BlobDelivery.Stream(
          () -> new ByteArrayInputStream(content, (int) offset, (int) length), length);
    }
  }

  @Override
  public BlobContent find(Caller caller, RepositoryName repository, Digest digest, boolean pull)
      throws IOException {
    BlobContent content = lookUp(repository, digest);
    if (pull) {
      events.publish(new RegistryEvent.BlobPulled(clock.instant(), caller, repository, digest));
    }
    return content;
  }

  private BlobContent lookUp(RepositoryName repository, Digest digest) throws IOException {
    // The use is recorded before the link is checked: a collection that commits after this sees it
    // and keeps the blob; one that committed before has removed the link, and the answer is 404.
    markUsed(digest);
    Optional<Long> linked = metadata.blobs().linkedSize(repository, digest);
    if (linked.isPresent()) {
      Optional<Long> stored = store.size(digest);
      if (stored.isEmpty()) {
        // The link is only written after the bytes were verified and renamed into place. Without
        // bytes, either a garbage collection is removing the unused blob right now (it moves the
        // bytes, then drops the link, in one transaction): once it is done the blob is simply
        // unknown; or someone removed the file behind our back, which `berth check` reports.
        if (metadata.blobs().linkedSizeAfterPendingChanges(repository, digest).isEmpty()) {
          throw unknown(repository, digest);
        }
        throw new IOException(
            "blob "
                + digest
                + " is linked in "
                + repository
                + " but its bytes are missing"
                + " (run berth check)");
      }
      return new StoredBlob(digest, stored.get(), store);
    }
    Optional<StoredManifest> manifest = metadata.manifests().get(repository, digest);
    if (manifest.isPresent()) {
      return new ManifestAsBlob(digest, manifest.get().content());
    }
    throw unknown(repository, digest);
  }

  /**
   * Records the read as a use for garbage collection's grace period. Best effort: a read must not
   * fail because this write does (a full disk refuses writes but still serves pulls); the blob then
   * keeps the protection of its last recorded use (its upload, mount or manifest push).
   */
  private void markUsed(Digest digest) {
    // Near a full disk the database must keep its room for deletes and collections (a database
    // that fails a write closes itself): reads then record nothing.
    if (store.freeSpace().status().nearlyFull()) {
      return;
    }
    try {
      uses.used(digest);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(LocalBlobService.class)
          .debug("Could not record a use of {}: {}", digest, e.getMessage());
    }
  }

  @Override
  public void delete(Caller caller, RepositoryName repository, Digest digest) {
    deletion.require("blob " + digest + " of " + repository);
    if (!metadata.blobs().unlink(repository, digest)) {
      throw unknown(repository, digest);
    }
    events.publish(new RegistryEvent.BlobDeleted(clock.instant(), caller, repository, digest));
  }

  static RegistryException unknown(RepositoryName repository, Digest digest) {
    return new RegistryException(
        BLOB_UNKNOWN, "blob " + digest + " is not in repository " + repository);
  }
}
