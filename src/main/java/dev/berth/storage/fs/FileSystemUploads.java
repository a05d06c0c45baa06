package dev.berth.storage.fs;

import dev.berth.files.Directories;
import dev.berth.oci.Digest;
import dev.berth.storage.BlobUploads;
import dev.berth.storage.DigestMismatchException;
import dev.berth.storage.FreeSpace;
import dev.berth.storage.StorageFullException;
import dev.berth.storage.UnknownUploadException;
import dev.berth.storage.UploadId;
import dev.berth.storage.UploadOffsetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Uploads as files in {@code uploads/}, hashed while they are written (see {@link
 * PipelinedAppend}).
 *
 * <p>Commit protocol (each step is one method below):
 *
 * <ol>
 *   <li>{@link #verify}: the running SHA-256 (or a re-read, after a restart or for sha512) must
 *       equal the claimed digest, else the upload is discarded;
 *   <li>{@link #publish}: fsync, then an atomic rename to the blob's final path, then an fsync of
 *       the folder that now names it. Readers therefore see either no blob or the complete,
 *       verified one; a crash before the rename leaves only a file in {@code uploads/}, which
 *       start-up reconciliation removes; and once commit returns, the blob survives a power cut.
 * </ol>
 *
 * <p>An append returns once its bytes are on disk too: the {@code 202} that reports the new size is
 * a promise the client may resume from.
 */
final class FileSystemUploads implements BlobUploads {
  private static final int BUFFER_SIZE = PipelinedAppend.BUFFER_SIZE;

  private final BlobPaths paths;

  /** Per-upload lock, running hash and flush; see {@link UploadState}. */
  private final Map<UploadId, UploadState> states = new ConcurrentHashMap<>();

  private final PipelinedAppend appender;
  private final FreeSpace space;

  FileSystemUploads(BlobPaths paths, UploadWorkers workers, FreeSpace space) {
    this.paths = paths;
    this.space = space;
    this.appender = new PipelinedAppend(workers, space);
  }

  @Override
  public UploadId start() throws IOException {
    space.requireRoomFor(0);
    UploadId id = UploadId.random();
    Directories.createPrivateFile(paths.upload(id));
    Directories.sync(paths.uploadsRoot()); // a started upload survives a restart, so it can resume
    return id;
  }

  @Override
  public long append(UploadId id, long expectedOffset, InputStream data, long length)
      throws IOException {
    UploadState state = lockedState(id);
    try {
      Path file = existingUpload(id);
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        long size = channel.size();
        if (expectedOffset >= 0 && expectedOffset != size) {
          throw new UploadOffsetException(expectedOffset, size);
        }
        ensureHashed(state, file, size);
        channel.position(size);
        long newSize;
        try {
          newSize = appender.copy(data, channel, file, state, length, size);
        } catch (StorageFullException e) {
          // Give the space back: the client retries this chunk once there is room, from the
          // offset it had before (a hash that saw some of it is rebuilt from the file).
          channel.truncate(size);
          state.hashedBytes = -1;
          throw e;
        }
        channel.force(false);
        return newSize;
      }
    } finally {
      state.lock.unlock();
    }
  }

  @Override
  public long size(UploadId id) throws IOException {
    try {
      return Files.size(paths.upload(id));
    } catch (NoSuchFileException e) {
      throw new UnknownUploadException(id);
    }
  }

  @Override
  public long commit(UploadId id, Digest expected) throws IOException {
    UploadState state = lockedState(id);
    try {
      Path file = existingUpload(id);
      long size = Files.size(file);
      try {
        verify(state, file, size, expected);
        state.awaitFlushed();
        publish(file, expected);
      } finally {
        Files.deleteIfExists(file);
      }
      return size;
    } finally {
      states.remove(id);
      state.lock.unlock();
    }
  }

  private void verify(UploadState state, Path file, long size, Digest expected) throws IOException {
    Digest actual;
    if (expected.algorithm() == Digest.Algorithm.SHA256) {
      ensureHashed(state, file, size);
      actual = Digest.of(Digest.Algorithm.SHA256, state.sha256.digest());
    } else {
      actual = hashFile(file, expected.algorithm().newMessageDigest(), size, expected.algorithm());
    }
    if (!actual.equals(expected)) {
      throw new DigestMismatchException(expected, actual, size);
    }
  }

  private void publish(Path file, Digest digest) throws IOException {
    Path target = paths.blob(digest);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Directories.createDurably(target.getParent());
    try {
      // Replacing an existing blob swaps identical bytes (readers keep their open file), and it
      // guarantees the bytes exist right now even if a garbage collection just moved the old ones
      // aside; the metadata link that follows checks that under the blob's row lock.
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "blob and upload folders must be on one file system to rename atomically", e);
    }
    Directories.sync(target.getParent());
  }

  @Override
  public void cancel(UploadId id) throws IOException {
    UploadState state = lockedState(id);
    try {
      Files.deleteIfExists(paths.upload(id));
    } finally {
      states.remove(id);
      state.lock.unlock();
    }
  }

  @Override
  public Set<UploadId> list() throws IOException {
    Set<UploadId> ids = new HashSet<>();
    try (Stream<Path> files = Files.list(paths.uploadsRoot())) {
      files.forEach(
          f -> {
            try {
              ids.add(UploadId.parse(f.getFileName().toString()));
            } catch (IllegalArgumentException ignored) {
              // not an upload file
            }
          });
    }
    return ids;
  }

  private UploadState lockedState(UploadId id) {
    while (true) {
      UploadState state = states.computeIfAbsent(id, k -> new UploadState());
      state.lock.lock();
      if (states.get(id) == state) {
        return state;
      }
      state.lock.unlock(); // removed by a commit or cancel while we waited; take the new one
    }
  }

  private Path existingUpload(UploadId id) throws UnknownUploadException {
    Path file = paths.upload(id);
    if (!Files.isRegularFile(file)) {
      states.remove(id);
      throw new UnknownUploadException(id);
    }
    return file;
  }

  /** Makes {@code state} hold the hash of the file's first {@code size} bytes. */
  private static void ensureHashed(UploadState state, Path file, long size) throws IOException {
    if (state.sha256 != null && state.hashedBytes == size) {
      return;
    }
    MessageDigest sha256 = Digest.Algorithm.SHA256.newMessageDigest();
    updateFromFile(file, sha256, size);
    state.sha256 = sha256;
    state.hashedBytes = size;
  }

  private static Digest hashFile(Path file, MessageDigest md, long size, Digest.Algorithm algorithm)
      throws IOException {
    updateFromFile(file, md, size);
    return Digest.of(algorithm, md.digest());
  }

  private static void updateFromFile(Path file, MessageDigest md, long size) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[BUFFER_SIZE];
      long remaining = size;
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw new IOException("upload file shrank while it was hashed");
        }
        md.update(buffer, 0, n);
        remaining -= n;
      }
    }
  }
}
