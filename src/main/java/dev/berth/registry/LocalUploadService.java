package dev.berth.registry;

import static dev.berth.registry.error.RegistryErrorCode.BLOB_UPLOAD_INVALID;
import static dev.berth.registry.error.RegistryErrorCode.BLOB_UPLOAD_UNKNOWN;
import static dev.berth.registry.error.RegistryErrorCode.DIGEST_INVALID;
import static dev.berth.registry.error.RegistryErrorCode.SIZE_INVALID;

import dev.berth.events.Caller;
import dev.berth.events.RegistryEvent;
import dev.berth.events.RegistryEvents;
import dev.berth.metadata.BlobVanishedException;
import dev.berth.metadata.MetadataStore;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.error.RegistryException;
import dev.berth.storage.BlobStore;
import dev.berth.storage.ChunkLengthException;
import dev.berth.storage.DigestMismatchException;
import dev.berth.storage.StorageFullException;
import dev.berth.storage.UnknownUploadException;
import dev.berth.storage.UploadId;
import dev.berth.storage.UploadOffsetException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;

/**
 * The blob upload lifecycle of the distribution spec: start, append chunks, complete with a digest,
 * or cancel; plus cross-repository mounts.
 *
 * <p>An upload belongs to the repository it was started in; asking for it under another name is the
 * same as asking for an upload that does not exist.
 */
public final class LocalUploadService implements UploadService {
  private final BlobStore store;
  private final MetadataStore metadata;
  private final RegistryEvents events;
  private final Clock clock;

  public LocalUploadService(
      BlobStore store, MetadataStore metadata, RegistryEvents events, Clock clock) {
    this.store = store;
    this.metadata = metadata;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public UploadId start(Caller caller, RepositoryName repository) throws IOException {
    UploadId id;
    try {
      id = store.uploads().start();
    } catch (StorageFullException e) {
      throw RegistryException.storageFull(e.getMessage());
    }
    try {
      metadata.uploads().create(id, repository, clock.instant());
    } catch (RuntimeException e) {
      store.uploads().cancel(id);
      throw e;
    }
    return id;
  }

  @Override
  public long append(
      Caller caller,
      RepositoryName repository,
      UploadId id,
      long start,
      InputStream body,
      long length)
      throws IOException {
    requireOwned(repository, id);
    try {
      return store.uploads().append(id, start, body, length);
    } catch (UploadOffsetException e) {
      throw new OutOfOrderChunkException(id, e.currentSize(), e.getMessage());
    } catch (ChunkLengthException e) {
      throw new RegistryException(SIZE_INVALID, e.getMessage());
    } catch (StorageFullException e) {
      throw RegistryException.storageFull(e.getMessage());
    } catch (UnknownUploadException e) {
      throw unknownUpload(id);
    }
  }

  @Override
  public long size(RepositoryName repository, UploadId id) throws IOException {
    requireOwned(repository, id);
    try {
      return store.uploads().size(id);
    } catch (UnknownUploadException e) {
      throw unknownUpload(id);
    }
  }

  @Override
  public long complete(Caller caller, RepositoryName repository, UploadId id, Digest digest)
      throws IOException {
    requireOwned(repository, id);
    try {
      long size = store.uploads().commit(id, digest);
      link(repository, digest, size);
      events.publish(
          new RegistryEvent.BlobPushed(clock.instant(), caller, repository, digest, size));
      return size;
    } catch (DigestMismatchException e) {
      throw new RegistryException(DIGEST_INVALID, e.getMessage());
    } catch (UnknownUploadException e) {
      throw unknownUpload(id);
    } finally {
      metadata.uploads().delete(id);
    }
  }

  @Override
  public void cancel(Caller caller, RepositoryName repository, UploadId id) throws IOException {
    requireOwned(repository, id);
    store.uploads().cancel(id);
    metadata.uploads().delete(id);
  }

  @Override
  public void abandon(UploadId id) throws IOException {
    store.uploads().cancel(id);
    metadata.uploads().delete(id);
  }

  @Override
  public Optional<Long> mount(
      Caller caller, RepositoryName repository, Digest digest, RepositoryName from)
      throws IOException {
    Optional<Long> size = metadata.blobs().linkedSize(from, digest);
    if (size.isEmpty()) {
      return Optional.empty();
    }
    try {
      metadata.blobs().link(repository, digest, size.get(), () -> store.size(digest).isPresent());
    } catch (BlobVanishedException e) {
      return Optional.empty(); // collected meanwhile: the client uploads it instead
    }
    events.publish(
        new RegistryEvent.BlobMounted(
            clock.instant(), caller, repository, digest, size.get(), from));
    return size;
  }

  private void link(RepositoryName repository, Digest digest, long size) {
    try {
      metadata.blobs().link(repository, digest, size, () -> store.size(digest).isPresent());
    } catch (BlobVanishedException e) {
      throw new RegistryException(BLOB_UPLOAD_INVALID, e.getMessage());
    }
  }

  private void requireOwned(RepositoryName repository, UploadId id) {
    Optional<RepositoryName> owner = metadata.uploads().repositoryOf(id);
    if (owner.isEmpty() || !owner.get().equals(repository)) {
      throw unknownUpload(id);
    }
  }

  private static RegistryException unknownUpload(UploadId id) {
    return new RegistryException(BLOB_UPLOAD_UNKNOWN, "upload " + id + " does not exist");
  }
}
