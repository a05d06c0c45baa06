package dev.berth.storage.fs;

import dev.berth.storage.ChunkLengthException;
import dev.berth.storage.FreeSpace;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Copies one request body to the end of an upload file. The request thread reads and writes; a
 * hashing worker follows it through the same buffers, in order, so hashing overlaps reading and
 * writing instead of adding to them; and every {@link UploadState#FLUSH_INTERVAL} bytes a flushing
 * worker starts writing the file out. Memory is at most {@link #BUFFERS} buffers per running
 * append, whatever the blob's size (the reader waits when the hasher is that far behind), and a
 * body that fits in one buffer is hashed on the request thread: handing it over would cost more.
 */
final class PipelinedAppend {
  static final int BUFFER_SIZE = 256 * 1024;
  private static final int BUFFERS = 4;

  private final UploadWorkers workers;
  private final FreeSpace space;

  PipelinedAppend(UploadWorkers workers, FreeSpace space) {
    this.workers = workers;
    this.space = space;
  }

  /**
   * Appends {@code data} at {@code size}, the file's current end, to which {@code state}'s hash is
   * up to date. Afterwards the hash covers the bytes on disk again, or, when a write failed
   * halfway, is marked stale so that commit re-reads the file.
   *
   * @return the file's size afterwards
   */
  long copy(
      InputStream data, FileChannel channel, Path file, UploadState state, long length, long size)
      throws IOException {
    Buffers free = new Buffers();
    Executor hashing = length >= 0 && length <= BUFFER_SIZE ? Runnable::run : workers.hashing();
    MessageDigest sha256 = state.sha256;
    CompletableFuture<Void> hashed = CompletableFuture.completedFuture(null);
    Body body = new Body(data);
    long written = 0;
    boolean diskMatchesHash = true;
    try {
      while (true) {
        byte[] buffer = free.take();
        int n = body.fill(buffer);
        if (n == 0) {
          break;
        }
        if (length >= 0 && written + n > length) {
          throw new ChunkLengthException(length, written + n, true);
        }
        space.requireRoomFor(
            n); // checked per buffer: a streamed body has no length to check up front
        diskMatchesHash = false; // until this write is complete
        writeFully(channel, buffer, n);
        diskMatchesHash = true;
        written += n;
        hashed =
            hashed.handleAsync(
                (ignored, failure) -> hashThenRelease(sha256, buffer, n, free, failure), hashing);
        state.wrote(n, file, workers.flushing());
      }
      if (length >= 0 && written != length) {
        throw new ChunkLengthException(length, written, false);
      }
      return size + written;
    } finally {
      boolean hashComplete = awaitQuietly(hashed);
      state.hashedBytes = hashComplete && diskMatchesHash ? size + written : -1;
    }
  }

  /**
   * One step of the hashing chain. It runs even after an earlier step failed, so that every buffer
   * comes back and the reader can never wait for one forever.
   */
  private static Void hashThenRelease(
      MessageDigest sha256, byte[] buffer, int n, Buffers free, Throwable earlierFailure) {
    try {
      if (earlierFailure != null) {
        throw earlierFailure instanceof CompletionException c
            ? c
            : new CompletionException(earlierFailure);
      }
      sha256.update(buffer, 0, n);
      return null;
    } finally {
      free.release(buffer);
    }
  }

  /**
   * The buffers of one append, made only as needed: a small blob never gets more than one, a large
   * one at most {@link #BUFFERS}.
   */
  private static final class Buffers {
    private final BlockingQueue<byte[]> released = new ArrayBlockingQueue<>(BUFFERS);
    private int made;

    /** Called by the reading thread only. */
    byte[] take() throws InterruptedIOException {
      byte[] buffer = released.poll();
      if (buffer != null) {
        return buffer;
      }
      if (made < BUFFERS) {
        made++;
        return new byte[BUFFER_SIZE];
      }
      try {
        return released.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while an upload was written");
      }
    }

    void release(byte[] buffer) {
      released.add(buffer);
    }
  }

  private static boolean awaitQuietly(CompletableFuture<Void> hashed) {
    try {
      hashed.join();
      return true;
    } catch (CompletionException e) {
      return false;
    }
  }

  private void writeFully(FileChannel channel, byte[] buffer, int n) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      // Someone else filled the disk past our reserve: say so in the same words.
      space.requireRoomFor(n);
      throw e;
    }
  }

  /**
   * Reads a request body a buffer at a time. Undertow's request stream returns at most one network
   * buffer (16 KiB) per read; writing and hashing each of those separately made sixteen times the
   * write calls, and chunked pushes took about a third more server CPU per GiB (bench/RESULTS.md).
   */
  private static final class Body {
    private final InputStream in;
    private IOException failure;

    Body(InputStream in) {
      this.in = in;
    }

    /**
     * Reads until {@code buffer} is full or the stream ends. When the stream fails after some bytes
     * arrived, returns those (they are kept, so the client can resume after them) and reports the
     * failure on the next call.
     */
    int fill(byte[] buffer) throws IOException {
      if (failure != null) {
        throw failure;
      }
      int filled = 0;
      try {
        while (filled < buffer.length) {
          int n = in.read(buffer, filled, buffer.length - filled);
          if (n < 0) {
            break;
          }
          filled += n;
        }
      } catch (IOException e) {
        if (filled == 0) {
          throw e;
        }
        failure = e;
      }
      return filled;
    }
  }
}
