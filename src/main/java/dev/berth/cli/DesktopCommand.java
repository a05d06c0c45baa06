package dev.berth.cli;

import dev.berth.desktop.DesktopLauncher;
import dev.berth.desktop.settings.SettingsStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code berth desktop} (also what no arguments mean): the desktop app. JavaFX is loaded only when
 * this runs, never for {@code serve}.
 */
@Command(name = "desktop", mixinStandardHelpOptions = true, description = "Open the desktop app (the default).")
final class DesktopCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    return new DesktopLauncher(SettingsStore.atDefaultLocation()).run();
  }
}
