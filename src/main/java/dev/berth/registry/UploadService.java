package dev.berth.registry;

import static dev.berth.registry.error.RegistryErrorCode.BLOB_UPLOAD_UNKNOWN;

import dev.berth.events.Caller;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.error.RegistryException;
import dev.berth.storage.UploadId;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The blob upload lifecycle of the distribution spec: start, append chunks, complete with a digest,
 * or cancel; plus cross-repository mounts. An upload belongs to the repository it was started in;
 * asking for it under another name is the same as asking for one that does not exist.
 */
public interface UploadService {

  /** Thrown for a chunk that does not start where the upload ends (answered with 416). */
  final class OutOfOrderChunkException extends RuntimeException {
    private final UploadId id;
    private final long currentSize;

    public OutOfOrderChunkException(UploadId id, long currentSize, String message) {
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

  UploadId start(Caller caller, RepositoryName repository) throws IOException;

  /**
   * Appends a chunk.
   *
   * @param start where the client says the chunk starts, or -1 if it did not say
   * @param length the declared body length, or -1 when the body is streamed without one
   * @return the upload's size afterwards
   */
  long append(
      Caller caller,
      RepositoryName repository,
      UploadId id,
      long start,
      InputStream body,
      long length)
      throws IOException;

  long size(RepositoryName repository, UploadId id) throws IOException;

  /**
   * Verifies the upload against {@code digest} and links the blob into the repository. On a
   * mismatch the upload is discarded and nothing is stored.
   *
   * @return the blob's size
   */
  long complete(Caller caller, RepositoryName repository, UploadId id, Digest digest)
      throws IOException;

  void cancel(Caller caller, RepositoryName repository, UploadId id) throws IOException;

  /**
   * Discards an upload whatever state it is in; for cleaning up after a failed one-request upload.
   */
  void abandon(UploadId id) throws IOException;

  /**
   * Links a blob of {@code from} into {@code repository} without moving any bytes.
   *
   * @return the blob's size, or empty when {@code from} does not have it (the client then uploads)
   */
  Optional<Long> mount(Caller caller, RepositoryName repository, Digest digest, RepositoryName from)
      throws IOException;

  /** Parses a client-supplied upload id; an id that cannot exist is an unknown upload. */
  static UploadId parseId(String text) {
    try {
      return UploadId.parse(text);
    } catch (IllegalArgumentException e) {
      String shown = text == null ? "" : text.length() > 64 ? text.substring(0, 64) + "…" : text;
      throw new RegistryException(BLOB_UPLOAD_UNKNOWN, "'" + shown + "' is not an upload id");
    }
  }
}
