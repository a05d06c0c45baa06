package dev.berth.metadata.h2;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the metadata file every {@link #CHECK_EVERY} and compacts it when live data fills too
 * little of it (see {@link FileCompactor}). Runs on a thread of its own that is never interrupted:
 * closing waits for a running check to end instead (an interrupt inside H2's file IO would close
 * the database).
 */
final class CompactionSchedule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CompactionSchedule.class);
  private static final Duration CHECK_EVERY = Duration.ofSeconds(5);
  /** Steps per check: at most about a second of compaction, interleaved with requests. */
  private static final int STEPS_PER_CHECK = 20;
  private static final Duration PAUSE_BETWEEN_STEPS = Duration.ofMillis(20);

  private final FileCompactor compactor;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "berth-metadata-compaction");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closing;

  CompactionSchedule(FileCompactor compactor) {
    this.compactor = compactor;
    thread.scheduleWithFixedDelay(this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check() {
    if (closing) {
      return;
    }
    try {
      if (compactor.usage().worthCompacting()) {
        compactor.compact(STEPS_PER_CHECK, PAUSE_BETWEEN_STEPS, () -> closing);
      }
    } catch (SQLException | RuntimeException e) {
      // The file stays as large as it is; the next check tries again.
      LOG.warn("Could not compact the metadata file: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing = true;
    thread.shutdown();
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("Metadata compaction did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
