package dev.berth.storage;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Upload sessions of a {@link BlobStore}: bytes stream into a private temporary area while their
 * hash is computed in the same pass, and become a blob only through {@link #commit}.
 *
 * <p>Upload ids are created here and are opaque to clients; callers must check an id with {@link
 * UploadId#parse} before passing it in.
 */
public interface BlobUploads {

  /** Starts an empty upload. */
  UploadId start() throws IOException;

  /**
   * Appends {@code data} to the upload.
   *
   * @param expectedOffset the offset the client believes it writes at, or -1 to append wherever the
   *     upload currently ends
   * @param length how many bytes {@code data} must hold, or -1 to take whatever it holds
   * @return the upload's size afterwards
   * @throws ChunkLengthException if {@code data} held more or fewer than {@code length} bytes; what
   *     arrived stays appended, so the client can resume from the reported size
   * @throws UploadOffsetException if {@code expectedOffset} is not the current size
   * @throws UnknownUploadException if there is no such upload
   */
  long append(UploadId id, long expectedOffset, InputStream data, long length) throws IOException;

  /** The number of bytes received so far. */
  long size(UploadId id) throws IOException;

  /**
   * Verifies the upload against {@code expected} and, when it matches, makes it the blob with that
   * digest (atomically; identical bytes already stored are replaced by these). The upload is gone
   * afterwards, whether or not the digest matched.
   *
   * @return the blob's size
   * @throws DigestMismatchException if the content does not hash to {@code expected}; nothing is
   *     stored
   */
  long commit(UploadId id, Digest expected) throws IOException;

  /** Discards the upload and its bytes. Calling it again, or after a commit, does nothing. */
  void cancel(UploadId id) throws IOException;

  /** Every upload that has bytes on disk, for reconciliation at start-up and stale-upload GC. */
  Set<UploadId> list() throws IOException;
}
