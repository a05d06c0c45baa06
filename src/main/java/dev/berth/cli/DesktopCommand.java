package dev.berth.cli;

import dev.berth.desktop.DesktopLauncher;
import dev.berth.desktop.NativeEnvironment;
import dev.berth.desktop.instance.SingleInstance;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.engine.MemoryDefaults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth desktop} (also what no arguments mean): the desktop app. JavaFX is loaded only when
 * this runs, never for {@code serve}. If the app is already open for this user, this launch brings
 * its window to the front and exits 0, before JavaFX is even loaded.
 */
@Command(
    name = "desktop",
    mixinStandardHelpOptions = true,
    description = "Open the desktop app (the default).")
final class DesktopCommand implements Callable<Integer> {
  @Option(
      names = "--background",
      description =
          "Start with the window hidden when Berth keeps serving without it (Settings: \"Keep"
              + " serving when the window closes\"); what a start at login uses. Opening Berth"
              + " again shows the window. If Berth already runs, this launch leaves it as it is.")
  boolean background;

  @Override
  public Integer call() throws Exception {
    NativeEnvironment.prepareForWindow();
    MemoryDefaults.apply();
    SettingsStore settings = SettingsStore.atDefaultLocation();
    SingleInstance.Claim claim;
    try {
      Path folder = settings.file().getParent();
      claim = background ? SingleInstance.claimQuietly(folder) : SingleInstance.claim(folder);
    } catch (IOException e) {
      // Without the hand-over a second app would only stop at the data folder's lock: still safe.
      System.err.println(
          "Berth cannot tell whether it is already open (" + e.getMessage() + "); opening anyway.");
      return new DesktopLauncher(settings, action -> {}, background).run();
    }
    if (claim instanceof SingleInstance.HandedOver) {
      System.out.println(
          background
              ? "Berth is already running; it was left as it is."
              : "Berth is already open: its window was brought to the front.");
      return 0;
    }
    try (SingleInstance instance = ((SingleInstance.First) claim).instance()) {
      return new DesktopLauncher(settings, instance::onActivate, background).run();
    }
  }
}
