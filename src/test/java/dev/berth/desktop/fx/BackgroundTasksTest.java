package dev.berth.desktop.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackgroundTasksTest {
  private final UserMessages messages = new UserMessages();
  private final List<Runnable> background = new ArrayList<>();
  private final BackgroundTasks tasks =
      new BackgroundTasks(background::add, Runnable::run, messages);

  @Test
  void unhandledError_isShownInPlainWords() {
    tasks
        .run(
            "start the registry",
            p -> {
              throw new RuntimeException(new BindException("Address already in use"));
            })
        .start();
    background.forEach(Runnable::run);

    assertThat(messages.problemProperty().get())
        .isEqualTo(
            "Could not start the registry: the port is already used by another program. Choose another port.");
    assertThat(tasks.busyProperty().get()).isFalse();
  }

  @Test
  void whileRunning_theStatusShowsTheActivity() {
    tasks.run("load the tags of team/api", p -> 1).start();

    assertThat(tasks.busyProperty().get()).isTrue();
    assertThat(tasks.activityProperty().get()).isEqualTo("Load the tags of team/api…");

    background.forEach(Runnable::run);

    assertThat(tasks.busyProperty().get()).isFalse();
  }

  @Test
  void cancelledTask_deliversNoResult_butStillFinishes() {
    AtomicReference<Integer> result = new AtomicReference<>();
    List<String> finished = new ArrayList<>();
    BackgroundTasks.Handle handle =
        tasks
            .run("count", p -> 42)
            .onSuccess(result::set)
            .andFinally(() -> finished.add("done"))
            .start();

    handle.cancel();
    background.forEach(Runnable::run);

    assertThat(result.get()).isNull();
    assertThat(finished).containsExactly("done");
  }

  @Test
  void handledError_goesToTheHandlerOnly() {
    List<String> errors = new ArrayList<>();
    tasks
        .run(
            "read the layer",
            p -> {
              throw new java.io.IOException("the layer is not a readable tar archive: bad header");
            })
        .onError(errors::add)
        .start();
    background.forEach(Runnable::run);

    assertThat(errors)
        .containsExactly(
            "Could not read the layer: the layer is not a readable tar archive: bad header");
    assertThat(messages.problemProperty().get()).isEmpty();
  }

  @Test
  void afterTheWorkersStopped_newWorkIsDroppedQuietly() {
    BackgroundTasks closing =
        new BackgroundTasks(
            r -> {
              throw new java.util.concurrent.RejectedExecutionException("shut down");
            },
            Runnable::run,
            messages);

    BackgroundTasks.Handle handle = closing.run("refresh the dashboard", p -> 1).start();

    assertThat(handle.isCancelled()).isTrue();
    assertThat(closing.busyProperty().get()).isFalse();
    assertThat(messages.problemProperty().get()).isEmpty();
  }
}
