package dev.berth.engine;

import dev.berth.gc.GarbageCollector;
import dev.berth.gc.GcScheduler;
import dev.berth.metadata.OutboxMetadata;
import dev.berth.registry.PullRecorder;
import dev.berth.registry.StaleUploads;
import dev.berth.tls.ServerTls;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine does on its own, each job on a scheduler of its own so that none waits for
 * another: a 25 s garbage collection no longer holds up the pull statistics or a certificate
 * reload, as it did when they shared one thread.
 *
 * <p>Stopping never interrupts: an interrupt that reaches a thread inside the database closes it
 * for everyone (h2database #1076). A running collection stops between two items instead.
 */
final class BackgroundWork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundWork.class);
  static final Duration PULL_FLUSH_INTERVAL = Duration.ofSeconds(5);
  static final Duration CERTIFICATE_CHECK_INTERVAL = Duration.ofSeconds(10);
  static final Duration EXPIRY_CHECK_INTERVAL = Duration.ofHours(12);
  static final Duration OUTBOX_TRIM_INTERVAL = Duration.ofHours(1);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FIRST_UPLOAD_PURGE = Duration.ofMinutes(1);

  private final ScheduledExecutorService statistics = scheduler("berth-statistics");
  private final ScheduledExecutorService certificates = scheduler("berth-certificates");
  private final ScheduledExecutorService collections = scheduler("berth-gc");
  private final GcScheduler gcScheduler;

  BackgroundWork(
      PullRecorder pulls, Optional<ServerTls> tls, GarbageCollector collector, Clock clock) {
    statistics.scheduleWithFixedDelay(
        pulls::flush,
        PULL_FLUSH_INTERVAL.toMillis(),
        PULL_FLUSH_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    tls.ifPresent(
        t -> {
          certificates.scheduleWithFixedDelay(
              () -> reloadIfChanged(t),
              CERTIFICATE_CHECK_INTERVAL.toMillis(),
              CERTIFICATE_CHECK_INTERVAL.toMillis(),
              TimeUnit.MILLISECONDS);
          // Renews the data folder's certificate when due; warns about one that only its own CA can
          // renew.
          certificates.scheduleWithFixedDelay(
              () -> t.maintain(clock.instant()),
              0,
              EXPIRY_CHECK_INTERVAL.toMillis(),
              TimeUnit.MILLISECONDS);
        });
    this.gcScheduler = new GcScheduler(collector, collections);
  }

  GcScheduler gcScheduler() {
    return gcScheduler;
  }

  /** Removes upload sessions older than registry:2's {@code maintenance.uploadpurging.age}. */
  void purgeUploads(StaleUploads uploads, UploadPurgeSettings purging) {
    long first = Math.min(purging.interval().toMillis(), FIRST_UPLOAD_PURGE.toMillis());
    statistics.scheduleWithFixedDelay(
        () -> {
          try {
            uploads.purgeOlderThan(purging.age(), purging.dryRun());
          } catch (IOException | RuntimeException e) {
            LOG.warn("Could not purge old upload sessions: {}", e.getMessage());
          }
        },
        first,
        purging.interval().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Forgets outbox events older than {@code retention}, hourly, so the database stays bounded. */
  void trimOutbox(OutboxMetadata outbox, Duration retention, Clock clock) {
    statistics.scheduleWithFixedDelay(
        () -> {
          try {
            outbox.deleteOlderThan(clock.instant().minus(retention));
          } catch (RuntimeException e) {
            LOG.warn("Could not trim the event outbox: {}", e.getMessage());
          }
        },
        OUTBOX_TRIM_INTERVAL.toMillis(),
        OUTBOX_TRIM_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private static void reloadIfChanged(ServerTls tls) {
    try {
      tls.reloadIfChanged();
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "The TLS certificate files changed but could not be loaded; still serving the previous certificate: {}",
          e.getMessage());
    }
  }

  /** Asks a running collection to stop, then lets every scheduler finish what it runs. */
  @Override
  public void close() {
    gcScheduler.stop();
    for (ScheduledExecutorService executor : List.of(statistics, certificates, collections)) {
      executor.shutdown();
    }
    for (ScheduledExecutorService executor : List.of(statistics, certificates, collections)) {
      try {
        if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn(
              "Background work still running after {} s; closing anyway", STOP_TIMEOUT.toSeconds());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ScheduledExecutorService scheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }
}
