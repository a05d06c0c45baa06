package dev.berth.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.cli.BerthCommand;
import dev.berth.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scheduled collection: the task the scheduler queues really collects, a new schedule replaces the
 * old one, and nonsense schedules are refused. The queued task is run by hand instead of waiting
 * the (at least one minute) interval.
 */
class GcSchedulerTest {
  @RegisterExtension final TestRegistry registry = new TestRegistry();
  private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);

  @AfterEach
  void stopExecutor() {
    executor.shutdownNow();
  }

  private static final GcScheduler.Schedule HOURLY =
      new GcScheduler.Schedule(
          Duration.ofHours(1), GcOptions.defaults().withGracePeriod(Duration.ZERO));

  @Test
  void scheduledTask_collectsGarbage() {
    var garbage =
        registry.client().pushBlob("app", "nothing references me".getBytes(StandardCharsets.UTF_8));
    GcScheduler scheduler = new GcScheduler(registry.engine().garbageCollector(), executor);

    scheduler.set(Optional.of(HOURLY));
    queuedTask().run();

    assertThat(registry.client().head("/v2/app/blobs/" + garbage).statusCode()).isEqualTo(404);
    assertThat(registry.engine().metadata().gc().recentRuns(1))
        .singleElement()
        .satisfies(run -> assertThat(run.outcome()).isEqualTo("completed"));
  }

  @Test
  void newSchedule_replacesTheOld_andEmptyTurnsItOff() {
    GcScheduler scheduler = new GcScheduler(registry.engine().garbageCollector(), executor);
    scheduler.set(Optional.of(HOURLY));
    RunnableScheduledFuture<?> first = queuedTask();

    scheduler.set(Optional.of(new GcScheduler.Schedule(Duration.ofHours(24), HOURLY.options())));
    assertThat(first.isCancelled()).isTrue();
    assertThat(scheduler.get()).map(GcScheduler.Schedule::interval).contains(Duration.ofHours(24));

    scheduler.set(Optional.empty());
    assertThat(scheduler.get()).isEmpty();
    assertThat(executor.getQueue())
        .allSatisfy(task -> assertThat(((RunnableScheduledFuture<?>) task).isCancelled()).isTrue());
  }

  @Test
  void nonsenseSchedules_areRefused() {
    assertThatThrownBy(() -> new GcScheduler.Schedule(Duration.ofSeconds(10), GcOptions.defaults()))
        .hasMessageContaining("at most once a minute");
    assertThatThrownBy(
            () ->
                new GcScheduler.Schedule(
                    Duration.ofHours(1), GcOptions.defaults().withDryRun(true)))
        .hasMessageContaining("dry run");
    assertThat(BerthCommand.run("serve", "--gc-every", "10s", "--data", registry.data().toString()))
        .isEqualTo(2);
    assertThat(
            BerthCommand.run("serve", "--gc-delete-untagged", "--data", registry.data().toString()))
        .isEqualTo(2);
  }

  private RunnableScheduledFuture<?> queuedTask() {
    assertThat(executor.getQueue()).hasSize(1);
    return (RunnableScheduledFuture<?>) executor.getQueue().peek();
  }
}
