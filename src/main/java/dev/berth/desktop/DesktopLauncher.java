package dev.berth.desktop;

import dev.berth.desktop.fx.FxDialogs;
import dev.berth.desktop.fx.WindowClass;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.engine.BerthEngine;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Starts the FX toolkit with {@link Platform#startup} and opens the main window with objects built
 * here, so there is no {@code Application} subclass and no static hand-off. The signature uses no
 * JavaFX types: the command line can call it without loading JavaFX until it does.
 */
public final class DesktopLauncher {
  private final SettingsStore settings;
  private final Consumer<Runnable> activations;
  private final boolean inBackground;

  /**
   * @param activations where later launches of the app are announced (see {@link
   *     dev.berth.desktop.instance.SingleInstance#onActivate}); the window comes to the front
   * @param inBackground started at login: with the registry kept serving without its window, the
   *     window stays hidden until asked for
   */
  public DesktopLauncher(
      SettingsStore settings, Consumer<Runnable> activations, boolean inBackground) {
    this.settings = settings;
    this.activations = activations;
    this.inBackground = inBackground;
  }

  /** Runs the app until its window closes; returns the process exit code. */
  public int run() throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    AtomicReference<DesktopContext> started = new AtomicReference<>();
    // Logging out or `kill` ends the JVM without closing the window: stop the engine anyway, so
    // in-flight pushes drain and the database is closed, exactly as when the window closes.
    Thread stopOnExit =
        new Thread(
            () -> {
              DesktopContext context = started.get();
              if (context != null) {
                context.close();
              }
            },
            "berth-desktop-shutdown");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    try {
      Platform.startup(
          () -> {
            WindowClass.apply();
            // The window may hide while the registry keeps serving: only quitting ends the app.
            Platform.setImplicitExit(false);
            DesktopContext context =
                new DesktopContext(
                    settings,
                    BerthEngine::start,
                    new DesktopContext.Toolkit(
                            Platform::runLater, FxDialogs.confirmer(), FxDialogs.systemClipboard())
                        .withSession(DesktopContext.Session.ofThisSystem(Platform::runLater)));
            started.set(context);
            context.openMainWindow(new Stage(), closed::countDown, inBackground);
            activations.accept(() -> Platform.runLater(context::showWindow));
          });
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      System.err.println(
          "Berth could not open its window ("
              + e.getMessage()
              + ")."
              + " On a machine without a display, run 'berth serve' instead.");
      return 1;
    }
    closed.await();
    Platform.exit();
    return 0;
  }
}
