package dev.berth.storage;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Content-addressed bytes: every blob is stored once under its digest, whichever repositories link
 * it. Which repository "has" a blob is metadata, not storage (see {@code BlobMetadata}).
 *
 * <p>Bytes arrive through {@link BlobUploads}, or are taken in from an existing file ({@link
 * #adopt}); either way a digest becomes visible here only after its content was verified against
 * it.
 */
public interface BlobStore extends AutoCloseable {

  /** The size of a stored blob, or empty when no verified content exists for the digest. */
  Optional<Long> size(Digest digest) throws IOException;

  /** When the blob's bytes were last written, or empty when there are none. */
  Optional<java.time.Instant> modifiedAt(Digest digest) throws IOException;

  /** Opens the blob for reading from {@code offset} to its end. */
  InputStream open(Digest digest, long offset) throws IOException;

  /**
   * How to deliver {@code length} bytes of the blob from {@code offset} to a client: a file region
   * the HTTP layer hands to the kernel, a stream, or a redirect (an object store's signed URL). The
   * store picks what it does best; callers must handle every kind.
   */
  BlobDelivery deliver(Digest digest, long offset, long length) throws IOException;

  /**
   * Removes the blob's bytes for good; nothing when there are none. Only garbage collection calls
   * this, after the metadata no longer records the blob and while it holds the blob's lock (see
   * {@code GarbageCollector} for the protocol), so no store needs a rename or a trash folder.
   *
   * @return whether there were bytes to remove
   */
  boolean delete(Digest digest) throws IOException;

  /**
   * Moves the bytes of {@code digest} out of service, to a place where a person can look at them (a
   * storage check found them damaged). Returns where, in words, or empty if there were none.
   */
  Optional<String> quarantine(Digest digest, java.time.Instant found) throws IOException;

  /** Calls {@code action} for every stored digest, in no particular order (used by GC). */
  void forEachDigest(Consumer<Digest> action) throws IOException;

  /** The room left for new blobs (and for the metadata that describes them). */
  FreeSpace freeSpace();

  /**
   * Takes an existing file in as the blob {@code digest}, for importing another registry's data:
   * hard-linked when it lives on the store's file system (no bytes copied; the two names share the
   * file), copied otherwise. It is verified against {@code digest} and made durable before it
   * becomes visible, as an upload is; the source file is never changed.
   *
   * @throws DigestMismatchException if the file does not hash to {@code digest}; nothing is stored
   */
  AdoptedBlob adopt(Path file, Digest digest) throws IOException;

  /** Where blob bytes are uploaded before they are committed. */
  BlobUploads uploads();

  /** Releases the store's threads and handles; called once, after the server stopped. */
  @Override
  void close() throws IOException;
}
