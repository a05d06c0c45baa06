package dev.berth.proxy;

import dev.berth.oci.Digest;
import dev.berth.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One blob on its way from the upstream into the cache, which any number of clients read while it
 * arrives. The bytes land in a private file; readers tail that file. The writer verifies the digest
 * at the end and only then commits; the blob's last byte is held back from every reader until that
 * verification passed, so that a client never receives a whole body that turns out to be wrong: a
 * failed fetch ends every reader with an error (and the client's connection is cut).
 *
 * <p>The file is removed once the fetch has ended and no reader has it open; a reader that comes
 * after the commit reads the blob store instead.
 */
final class BlobFetch {
  private static final Logger LOG = LoggerFactory.getLogger(BlobFetch.class);

  private enum State {
    STARTING,
    RUNNING,
    COMMITTED,
    FAILED
  }

  private final Digest digest;
  private final Path file;
  private final BlobStore store;
  private State state = State.STARTING;
  private long size = -1;
  private long written;
  private IOException failure;
  private int readers;
  private boolean fileRemoved;

  BlobFetch(Digest digest, Path file, BlobStore store) {
    this.digest = digest;
    this.file = file;
    this.store = store;
  }

  Digest digest() {
    return digest;
  }

  Path file() {
    return file;
  }

  // --- the writer's side ---

  /** The upstream answered; {@code length} is its Content-Length, or -1. */
  synchronized void started(long length) {
    size = length;
    state = State.RUNNING;
    notifyAll();
  }

  synchronized void wrote(long n) {
    written += n;
    notifyAll();
  }

  synchronized void committed(long length) {
    size = length;
    state = State.COMMITTED;
    notifyAll();
    removeFileIfUnused();
  }

  synchronized void failed(IOException e) {
    failure = e;
    state = State.FAILED;
    notifyAll();
    removeFileIfUnused();
  }

  // --- the readers' side ---

  /**
   * Waits until the upstream answered and returns the blob's size, or -1 when the upstream did not
   * say (callers then wait for {@link #awaitEnd}).
   *
   * @throws IOException the fetch's failure (an {@link UpstreamException} from the upstream)
   */
  synchronized long awaitSize() throws IOException {
    while (state == State.STARTING) {
      waitABit();
    }
    if (state == State.FAILED) {
      throw failure;
    }
    return size;
  }

  /** Waits until the blob is committed; throws the fetch's failure otherwise. */
  synchronized void awaitEnd() throws IOException {
    while (state == State.STARTING || state == State.RUNNING) {
      waitABit();
    }
    if (state == State.FAILED) {
      throw failure;
    }
  }

  /** The blob from {@code offset}, as it arrives (or from the store, once committed). */
  synchronized InputStream open(long offset) throws IOException {
    if (state == State.COMMITTED) {
      return store.open(digest, offset);
    }
    if (state == State.FAILED) {
      throw failure;
    }
    readers++;
    try {
      return new Tail(FileChannel.open(file, StandardOpenOption.READ), offset);
    } catch (IOException e) {
      readers--;
      throw e;
    }
  }

  private void waitABit() throws IOException {
    try {
      wait(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(
          "interrupted while waiting for blob " + digest + " from the upstream", e);
    }
  }

  private void removeFileIfUnused() {
    if (readers == 0 && !fileRemoved && (state == State.COMMITTED || state == State.FAILED)) {
      fileRemoved = true;
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("Could not remove the fetched copy {} of blob {}: {}", file, digest, e.toString());
      }
    }
  }

  /**
   * How far a reader may read now: what was written, except the last byte before the digest was
   * verified (see the class comment).
   */
  private long readableEnd() {
    if (state == State.COMMITTED) {
      return size;
    }
    return size < 0 ? written : Math.min(written, size - 1);
  }

  /** A reader that follows the file as it grows. */
  private final class Tail extends InputStream {
    private final FileChannel channel;
    private long position;
    private boolean closed;
    private boolean delivered;

    Tail(FileChannel channel, long offset) {
      this.channel = channel;
      this.position = offset;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      long end;
      synchronized (BlobFetch.this) {
        while (true) {
          if (state == State.FAILED) {
            if (!delivered && failure instanceof UpstreamException upstream) {
              // Nothing sent yet: the client can still hear why, in the spec's error format.
              throw upstream.toClientError(dev.berth.registry.error.RegistryErrorCode.BLOB_UNKNOWN);
            }
            throw new IOException(
                "blob " + digest + " failed on its way from the upstream: " + failure.getMessage(),
                failure);
          }
          end = readableEnd();
          if (position < end) {
            break;
          }
          if (state == State.COMMITTED) {
            return -1;
          }
          waitABit();
        }
      }
      int n =
          channel.read(
              ByteBuffer.wrap(buffer, offset, (int) Math.min(length, end - position)), position);
      if (n > 0) {
        position += n;
        delivered = true;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      channel.close();
      synchronized (BlobFetch.this) {
        readers--;
        removeFileIfUnused();
      }
    }
  }
}
