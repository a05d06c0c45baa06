package dev.berth.desktop.server;

import dev.berth.desktop.fx.UiExecutor;
import dev.berth.events.RegistryEvent;
import dev.berth.events.RegistryEvents;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells the views that the registry changed, so that what a client pushes or deletes appears
 * without a click: it listens to the running engine's events (off the request path), coalesces a
 * burst — a push is a dozen events — into one refresh at most every {@link #COALESCE}, and runs the
 * views' refreshes on the FX thread. {@link #refreshNow} is the same refresh on demand (F5).
 */
public final class RegistryChanges implements AutoCloseable {
  static final Duration COALESCE = Duration.ofMillis(300);

  private final UiExecutor ui;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "berth-ui-changes");
            t.setDaemon(true);
            return t;
          });
  private RegistryEvents.Subscription subscription = () -> {};

  public RegistryChanges(ServerViewModel server, UiExecutor ui) {
    this.ui = ui;
    server.registryProperty().addListener((obs, old, now) -> follow(now));
    follow(server.registryProperty().get());
  }

  /**
   * Runs {@code refresh} on the FX thread after each (coalesced) change and on {@link #refreshNow}.
   */
  public void onChange(Runnable refresh) {
    listeners.add(refresh);
  }

  /** Refreshes every view now; call on the FX thread. */
  public void refreshNow() {
    listeners.forEach(Runnable::run);
  }

  private synchronized void follow(RunningRegistry registry) {
    subscription.close();
    subscription =
        registry == null
            ? () -> {}
            : registry.events().subscribe(RegistryEvent.class, this::changed);
  }

  private void changed(RegistryEvent event) {
    // Pulls change only statistics, which the dashboard reads after they are flushed in batches.
    if (event instanceof RegistryEvent.BlobPulled
        || event instanceof RegistryEvent.ManifestPulled
        || event instanceof RegistryEvent.LoginFailed) {
      return;
    }
    if (pending.compareAndSet(false, true)) {
      timer.schedule(
          () ->
              ui.execute(
                  () -> {
                    pending.set(false);
                    refreshNow();
                  }),
          COALESCE.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void close() {
    subscription.close();
    timer.shutdown();
  }
}
