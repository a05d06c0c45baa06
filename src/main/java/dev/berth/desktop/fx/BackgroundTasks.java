package dev.berth.desktop.fx;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way view models do slow work: off the FX thread, with progress and cancel, results and
 * errors delivered on the UI executor. An error nobody handles is logged and shown to the user in
 * plain words through {@link UserMessages}; it is never dropped.
 *
 * <pre>
 * tasks.run("load the tags of " + repo, progress -> browser.tags(repo, null, 200))
 *     .onSuccess(page -> rows.setAll(page.items()))
 *     .start();
 * </pre>
 */
public final class BackgroundTasks {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundTasks.class);

  private final Executor background;
  private final UiExecutor ui;
  private final UserMessages messages;
  private final AtomicInteger running = new AtomicInteger();
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper activity = new ReadOnlyStringWrapper("");
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);

  public BackgroundTasks(Executor background, UiExecutor ui, UserMessages messages) {
    this.background = background;
    this.ui = ui;
    this.messages = messages;
  }

  /** What a task can tell and ask while it runs. */
  public interface Progress {
    /** A fraction 0..1, or a negative value for "unknown". */
    void update(double fraction);

    boolean isCancelled();
  }

  @FunctionalInterface
  public interface Work<T> {
    T run(Progress progress) throws Exception;
  }

  /** A started task. */
  public interface Handle {
    void cancel();

    boolean isCancelled();
  }

  /**
   * @param action what the work does, completing "Could not …" for error messages (e.g. "load the
   *     tags of team/api"); also shown in the status bar while it runs
   */
  public <T> Builder<T> run(String action, Work<T> work) {
    return new Builder<>(action, work);
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty activityProperty() {
    return activity.getReadOnlyProperty();
  }

  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  public final class Builder<T> {
    private final String action;
    private final Work<T> work;
    private Consumer<T> onSuccess = result -> {};
    private java.util.function.BiConsumer<Throwable, String> onError;
    private Runnable andFinally = () -> {};

    private Builder(String action, Work<T> work) {
      this.action = action;
      this.work = work;
    }

    /** Runs on the UI executor with the result. */
    public Builder<T> onSuccess(Consumer<T> handler) {
      this.onSuccess = handler;
      return this;
    }

    /** Runs on the UI executor with a plain-words message instead of the default banner. */
    public Builder<T> onError(Consumer<String> handler) {
      this.onError = (failure, message) -> handler.accept(message);
      return this;
    }

    /** Like {@link #onError(Consumer)}, for handlers that react to the kind of failure too. */
    public Builder<T> onFailure(java.util.function.BiConsumer<Throwable, String> handler) {
      this.onError = handler;
      return this;
    }

    /** Runs on the UI executor after success, error or cancel. */
    public Builder<T> andFinally(Runnable handler) {
      this.andFinally = handler;
      return this;
    }

    public Handle start() {
      AtomicBoolean cancelled = new AtomicBoolean();
      Progress reporter =
          new Progress() {
            @Override
            public void update(double fraction) {
              ui.execute(() -> progress.set(fraction));
            }

            @Override
            public boolean isCancelled() {
              return cancelled.get();
            }
          };
      begin(action);
      try {
        execute(cancelled, reporter);
      } catch (RejectedExecutionException e) {
        // The app is closing (the workers are shut down) while a timer still asks for work: drop
        // it.
        LOG.debug("Not starting '{}': the app is closing", action);
        cancelled.set(true);
        ui.execute(() -> finish(() -> {}));
      }
      return new Handle() {
        @Override
        public void cancel() {
          cancelled.set(true);
        }

        @Override
        public boolean isCancelled() {
          return cancelled.get();
        }
      };
    }

    private void execute(AtomicBoolean cancelled, Progress reporter) {
      background.execute(
          () -> {
            try {
              T result = work.run(reporter);
              ui.execute(
                  () -> {
                    try {
                      if (!cancelled.get()) {
                        onSuccess.accept(result);
                      }
                    } finally {
                      finish(andFinally);
                    }
                  });
            } catch (CancellationException e) {
              ui.execute(() -> finish(andFinally));
            } catch (Exception | Error e) {
              fail(e, cancelled.get());
            }
          });
    }

    private void fail(Throwable e, boolean wasCancelled) {
      String message = ErrorMessages.describe(action, e);
      LOG.warn("{}", message, e);
      ui.execute(
          () -> {
            try {
              if (wasCancelled) {
                return;
              }
              if (onError != null) {
                onError.accept(e, message);
              } else {
                messages.showProblem(message);
              }
            } finally {
              finish(andFinally);
            }
          });
    }
  }

  private void begin(String action) {
    running.incrementAndGet();
    ui.execute(
        () -> {
          busy.set(true);
          activity.set(capitalise(action) + "…");
          progress.set(-1);
        });
  }

  private void finish(Runnable andFinally) {
    try {
      andFinally.run();
    } finally {
      if (running.decrementAndGet() == 0) {
        busy.set(false);
        activity.set("");
        progress.set(0);
      }
    }
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
