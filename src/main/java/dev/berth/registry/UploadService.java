package dev.berth.registry;

import static dev.berth.registry.error.RegistryErrorCode.BLOB_UPLOAD_INVALID;
import static dev.berth.registry.error.RegistryErrorCode.BLOB_UPLOAD_UNKNOWN;
import static dev.berth.registry.error.RegistryErrorCode.DIGEST_INVALID;
import static dev.berth.registry.error.RegistryErrorCode.SIZE_INVALID;

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
 * The blob upload lifecycle of the distribution spec: start, append chunks, complete with a
 * digest, or cancel; plus cross-repository mounts.
 *
 * <p>An upload belongs to the repository it was started in; asking for it under another name is
 * the same as asking for an upload that does not exist.
 */
public final class UploadService {
  private final BlobStore store;
  private final MetadataStore metadata;
  private final Clock clock;

  public UploadService(BlobStore store, MetadataStore metadata, Clock clock) {
    this.store = store;
    this.metadata = metadata;
    this.clock = clock;
  }

  /** Thrown for a chunk that does not start where the upload ends (answered with 416). */
  public static final class OutOfOrderChunkException extends RuntimeException {
    private final UploadId id;
    private final long currentSize;

    OutOfOrderChunkException(UploadId id, long currentSize, String message) {
      super(message, null, false, false);
      this.id = id;
      this.currentSize = currentSize;
    }

    public UploadId id() {
      return id;
    }

    public long currentSize() {
      return currentSize;
    }
  }

  public UploadId start(RepositoryName repository) throws IOException {
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

  /**
   * Appends a chunk.
   *
   * @param start where the client says the chunk starts, or -1 if it did not say
   * @param length the declared body length, or -1 when the body is streamed without one
   * @return the upload's size afterwards
   */
  public long append(RepositoryName repository, UploadId id, long start, InputStream body, long length)
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

  public long size(RepositoryName repository, UploadId id) throws IOException {
    requireOwned(repository, id);
    try {
      return store.uploads().size(id);
    } catch (UnknownUploadException e) {
      throw unknownUpload(id);
    }
  }

  /**
   * Verifies the upload against {@code digest} and links the blob into the repository. On a
   * mismatch the upload is discarded and nothing is stored.
   *
   * @return the blob's size
   */
  public long complete(RepositoryName repository, UploadId id, Digest digest) throws IOException {
    requireOwned(repository, id);
    try {
      long size = store.uploads().commit(id, digest);
      link(repository, digest, size);
      return size;
    } catch (DigestMismatchException e) {
      throw new RegistryException(DIGEST_INVALID, e.getMessage());
    } catch (UnknownUploadException e) {
      throw unknownUpload(id);
    } finally {
      metadata.uploads().delete(id);
    }
  }

  public void cancel(RepositoryName repository, UploadId id) throws IOException {
    requireOwned(repository, id);
    store.uploads().cancel(id);
    metadata.uploads().delete(id);
  }

  /**
   * Discards an upload whatever state it is in; for cleaning up after a failed one-request upload.
   */
  public void abandon(UploadId id) throws IOException {
    store.uploads().cancel(id);
    metadata.uploads().delete(id);
  }

  /**
   * Links a blob of {@code from} into {@code repository} without moving any bytes.
   *
   * @return the blob's size, or empty when {@code from} does not have it (the client then uploads)
   */
  public Optional<Long> mount(RepositoryName repository, Digest digest, RepositoryName from) throws IOException {
    Optional<Long> size = metadata.blobs().linkedSize(from, digest);
    if (size.isEmpty()) {
      return Optional.empty();
    }
    try {
      metadata.blobs().link(repository, digest, size.get(), () -> store.size(digest).isPresent());
    } catch (BlobVanishedException e) {
      return Optional.empty(); // collected meanwhile: the client uploads it instead
    }
    return size;
  }

  private void link(RepositoryName repository, Digest digest, long size) {
    try {
      metadata.blobs().link(repository, digest, size, () -> store.size(digest).isPresent());
    } catch (BlobVanishedException e) {
      throw new RegistryException(BLOB_UPLOAD_INVALID, e.getMessage());
    }
  }

  /** Parses a client-supplied upload id; an id that cannot exist is an unknown upload. */
  public static UploadId parseId(String text) {
    try {
      return UploadId.parse(text);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(BLOB_UPLOAD_UNKNOWN, "'" + abbreviate(text) + "' is not an upload id");
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


  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
