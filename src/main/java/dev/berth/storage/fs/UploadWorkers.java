package dev.berth.storage.fs;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that work beside a request thread while it writes an upload: one pool hashes the
 * bytes just written, another flushes them to disk ahead of the final fsync.
 *
 * <p>Hashing alone costs about as much CPU as everything else a push does (SHA-256 runs at about
 * 1.4 GiB/s per core here), and an fsync of a whole large blob at commit left the disk idle while
 * the bytes arrived; a push was the sum of the three. Both pools grow on demand, let idle threads
 * go after a while, and never reject work: a task that arrives after {@link #close} runs on the
 * caller's thread, because a lost hash task would leave an upload waiting forever.
 */
final class UploadWorkers implements AutoCloseable {
  private static final long IDLE_SECONDS = 30;

  private final ThreadPoolExecutor hashing;
  private final ThreadPoolExecutor flushing;

  UploadWorkers(int hashThreads, int flushThreads) {
    this.hashing = pool("berth-upload-hash", hashThreads);
    this.flushing = pool("berth-upload-flush", flushThreads);
  }

  /**
   * Sized for this machine: a hashing thread per core, and two flushers (the disk is one queue).
   */
  static UploadWorkers forThisMachine() {
    return new UploadWorkers(Runtime.getRuntime().availableProcessors(), 2);
  }

  Executor hashing() {
    return hashing;
  }

  Executor flushing() {
    return flushing;
  }

  @Override
  public void close() {
    hashing.shutdown();
    flushing.shutdown();
  }

  private static ThreadPoolExecutor pool(String name, int threads) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            IDLE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonThreads(name),
            (task, executor) -> task.run());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
