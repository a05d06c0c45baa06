package dev.berth.storage.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the store remembers about one upload between requests: its lock, the running hash of its
 * first {@link #hashedBytes} bytes, and the background flush of its file. Absent after a restart;
 * then the hash is rebuilt from the file. Fields are guarded by {@link #lock}.
 */
final class UploadState {
  /** Written bytes after which a background flush starts, so fsync at commit has little left. */
  static final long FLUSH_INTERVAL = 64L << 20;

  final ReentrantLock lock = new ReentrantLock();
  MessageDigest sha256;
  long hashedBytes = -1;

  private long unflushedBytes;
  private CompletableFuture<Void> flush = CompletableFuture.completedFuture(null);

  /** Set by a flusher thread; checked under the lock at commit. */
  private volatile IOException flushFailure;

  /**
   * Notes {@code count} more bytes written to {@code file}, and starts writing them out on {@code
   * flushing} once enough have piled up and no earlier flush is still running.
   */
  void wrote(long count, Path file, Executor flushing) {
    unflushedBytes += count;
    if (unflushedBytes >= FLUSH_INTERVAL && flush.isDone()) {
      unflushedBytes = 0;
      flush = CompletableFuture.runAsync(() -> flushQuietly(file), flushing);
    }
  }

  /**
   * Waits for a running background flush and reports its failure: after a failed fsync, Linux may
   * mark the pages clean, so a later fsync on a new descriptor would not see the lost write.
   */
  void awaitFlushed() throws IOException {
    flush.join();
    IOException failure = flushFailure;
    if (failure != null) {
      throw new IOException("writing the upload to disk failed", failure);
    }
  }

  private void flushQuietly(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(false);
    } catch (NoSuchFileException cancelled) {
      // The upload was cancelled meanwhile: nothing to keep.
    } catch (IOException e) {
      flushFailure = e;
    } catch (RuntimeException e) {
      flushFailure = new IOException(e);
    }
  }
}
