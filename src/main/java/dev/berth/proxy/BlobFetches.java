package dev.berth.proxy;

import dev.berth.files.Directories;
import dev.berth.metadata.MetadataStore;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.proxy.UpstreamException.Kind;
import dev.berth.storage.BlobStore;
import dev.berth.storage.DigestMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blob fetches in progress, one per cached repository and digest: the first request for a blob that
 * is not cached starts it, every later one joins it (single-flight). The copy runs on a thread of
 * its own, not the client's, so that a client that goes away does not stop the cache from being
 * filled for the next one.
 */
final class BlobFetches implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BlobFetches.class);
  private static final int BUFFER = 64 * 1024;

  private record Key(RepositoryName cache, Digest digest) {}

  private final Map<Key, BlobFetch> running = new HashMap<>();
  private final Path folder;
  private final BlobStore store;
  private final MetadataStore metadata;
  private final java.util.function.Consumer<ProxiedName> afterCommit;
  private final ExecutorService workers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "berth-proxy-fetch");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param folder a private folder for blobs in flight; leftovers of a previous run are removed
   */
  /**
   * @param afterCommit runs once a blob is in the cache, before its readers get their last byte
   *     (size limits)
   */
  BlobFetches(
      Path folder,
      BlobStore store,
      MetadataStore metadata,
      java.util.function.Consumer<ProxiedName> afterCommit)
      throws IOException {
    this.afterCommit = afterCommit;
    this.folder = folder;
    this.store = store;
    this.metadata = metadata;
    Directories.createDurably(folder);
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder)) {
      for (Path f : leftovers) {
        Files.deleteIfExists(f);
      }
    }
  }

  /**
   * The fetch of {@code digest} into {@code name}'s cache: the one running, or a new one. Returns
   * null when {@code cached} says the blob arrived meanwhile (checked under the same lock that ends
   * a fetch, so a request never starts a second fetch for a blob just committed).
   */
  BlobFetch join(
      ProxiedName name,
      Digest digest,
      BooleanSupplier cached,
      Function<ProxiedName, UpstreamClient> upstreams,
      Runnable onStart) {
    Key key = new Key(name.cacheName(), digest);
    BlobFetch fetch;
    synchronized (running) {
      fetch = running.get(key);
      if (fetch != null) {
        return fetch;
      }
      if (cached.getAsBoolean()) {
        return null;
      }
      fetch = new BlobFetch(digest, folder.resolve(UUID.randomUUID() + ".part"), store);
      running.put(key, fetch);
    }
    onStart.run();
    BlobFetch started = fetch;
    workers.execute(() -> copy(started, name, upstreams.apply(name), key));
    return fetch;
  }

  private void copy(BlobFetch fetch, ProxiedName name, UpstreamClient upstream, Key key) {
    try {
      long size = download(fetch, name, upstream);
      commit(fetch, name, size);
      try {
        afterCommit.accept(name);
      } catch (RuntimeException e) {
        LOG.warn("After caching blob {} of {}: {}", fetch.digest(), name.cacheName(), e.toString());
      }
      synchronized (running) {
        fetch.committed(size);
        running.remove(key);
      }
    } catch (IOException | RuntimeException e) {
      IOException failure =
          e instanceof IOException io
              ? io
              : new UpstreamException(
                  Kind.BAD_CONTENT, "caching blob " + fetch.digest() + " failed: " + e, e);
      LOG.info(
          "Blob {} of {} was not cached: {}",
          fetch.digest(),
          name.cacheName(),
          failure.getMessage());
      synchronized (running) {
        fetch.failed(failure);
        running.remove(key);
      }
    }
  }

  /** Copies the upstream's bytes into the fetch's file, hashing them on the way. */
  private static long download(BlobFetch fetch, ProxiedName name, UpstreamClient upstream)
      throws IOException {
    Digest digest = fetch.digest();
    try (UpstreamClient.Response response =
        upstream.fetch("GET", name.upstreamName(), "blobs/" + digest, null)) {
      long length = response.length();
      MessageDigest hash = digest.algorithm().newMessageDigest();
      long total = 0;
      try (FileChannel out = Directories.openPrivately(fetch.file());
          InputStream in = response.body()) {
        fetch.started(length); // after the file exists: readers open it from now on
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = read(in, buffer, name, digest, total)) > 0) {
          hash.update(buffer, 0, n);
          ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
          while (b.hasRemaining()) {
            out.write(b);
          }
          total += n;
          if (length >= 0 && total > length) {
            throw bad(name, digest, "sent more than the " + length + " bytes it announced");
          }
          fetch.wrote(n);
        }
        if (length >= 0 && total < length) {
          throw bad(name, digest, "ended after " + total + " of " + length + " bytes");
        }
        Digest actual = Digest.of(digest.algorithm(), hash.digest());
        if (!actual.equals(digest)) {
          throw bad(name, digest, "sent bytes that hash to " + actual);
        }
        out.force(true);
      }
      return total;
    }
  }

  private static int read(
      InputStream in, byte[] buffer, ProxiedName name, Digest digest, long total)
      throws IOException {
    try {
      return in.read(buffer);
    } catch (java.net.SocketTimeoutException e) {
      throw new UpstreamException(
          Kind.UNREACHABLE,
          "upstream "
              + name.rule().upstream()
              + " stopped sending blob "
              + digest
              + " of "
              + name.upstreamName()
              + " after "
              + total
              + " bytes (read timed out); nothing was cached",
          e);
    } catch (IOException e) {
      throw new UpstreamException(
          Kind.BAD_CONTENT,
          "upstream "
              + name.rule().upstream()
              + " broke off blob "
              + digest
              + " of "
              + name.upstreamName()
              + " after "
              + total
              + " bytes ("
              + e.getMessage()
              + "); nothing was cached",
          e);
    }
  }

  private static UpstreamException bad(ProxiedName name, Digest digest, String what) {
    return new UpstreamException(
        Kind.BAD_CONTENT,
        "upstream "
            + name.rule().upstream()
            + " (rule '"
            + name.rule().prefix()
            + "') "
            + what
            + " for blob "
            + digest
            + " of "
            + name.upstreamName()
            + "; nothing was cached");
  }

  /**
   * Takes the verified file into the blob store (a hard link: no copy) and links it into the cache.
   */
  private void commit(BlobFetch fetch, ProxiedName name, long size) throws IOException {
    try {
      store.adopt(fetch.file(), fetch.digest());
    } catch (DigestMismatchException e) {
      throw bad(name, fetch.digest(), "sent bytes that do not hash to their digest");
    }
    metadata
        .blobs()
        .link(name.cacheName(), fetch.digest(), size, () -> store.size(fetch.digest()).isPresent());
  }

  @Override
  public void close() {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("Blob fetches still running at shutdown; they end with the process");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
