package dev.berth.proxy;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Runs one piece of work per key at a time: whoever asks while it runs waits for the same outcome
 * instead of starting it again (one upstream request for N concurrent misses).
 */
final class SingleFlight<K> {
  /** Work that may fail with an IO error. */
  @FunctionalInterface
  interface Work {
    void run() throws IOException;
  }

  private final Map<K, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

  void run(K key, Work work) throws IOException {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> theirs = running.putIfAbsent(key, mine);
    if (theirs != null) {
      await(theirs);
      return;
    }
    try {
      work.run();
      mine.complete(null);
    } catch (IOException | RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(key, mine);
    }
  }

  private static void await(CompletableFuture<Void> future) throws IOException {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the upstream", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(cause);
    }
  }
}
