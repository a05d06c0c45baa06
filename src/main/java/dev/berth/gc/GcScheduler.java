package dev.berth.gc;

import dev.berth.events.Caller;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs garbage collection every {@code interval} on the engine's housekeeping thread. A scheduled
 * run that meets a manual one simply skips its turn. The schedule can be changed at any time (the
 * app's Storage view does), and stopping cancels a run in progress between two items.
 */
public final class GcScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(GcScheduler.class);

  /** A schedule: how often, and with which options. */
  public record Schedule(Duration interval, GcOptions options) {
    public Schedule {
      if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException(
            "collect garbage at most once a minute, not every " + interval);
      }
      if (options.dryRun()) {
        throw new IllegalArgumentException("a scheduled collection cannot be a dry run");
      }
    }
  }

  private static final Caller SCHEDULE = Caller.system("scheduled garbage collection");

  private final GarbageCollector collector;
  private final ScheduledExecutorService executor;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private Schedule schedule;
  private ScheduledFuture<?> next;

  public GcScheduler(GarbageCollector collector, ScheduledExecutorService executor) {
    this.collector = collector;
    this.executor = executor;
  }

  /** Replaces the schedule; empty turns scheduled collection off. */
  public synchronized void set(Optional<Schedule> newSchedule) {
    if (next != null) {
      next.cancel(false);
      next = null;
    }
    schedule = newSchedule.orElse(null);
    if (schedule != null) {
      long millis = schedule.interval().toMillis();
      Schedule current = schedule;
      next =
          executor.scheduleWithFixedDelay(
              () -> runOnce(current), millis, millis, TimeUnit.MILLISECONDS);
      LOG.info("Garbage collection scheduled every {}", schedule.interval());
    }
  }

  public synchronized Optional<Schedule> get() {
    return Optional.ofNullable(schedule);
  }

  /** Stops scheduling and asks a scheduled run in progress to stop. */
  public void stop() {
    stopping.set(true);
    set(Optional.empty());
  }

  private void runOnce(Schedule current) {
    try {
      collector.run(SCHEDULE, current.options(), GcProgress.Listener.NONE, stopping::get);
    } catch (GarbageCollector.AlreadyRunningException e) {
      LOG.info("Scheduled garbage collection skipped: another collection is running");
    } catch (Exception e) {
      // Never let one failure end the schedule (a thrown exception would cancel it).
      LOG.error("Scheduled garbage collection failed", e);
    }
  }
}
