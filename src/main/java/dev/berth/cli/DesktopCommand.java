package dev.berth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code berth desktop} (also what no arguments mean): the desktop app. */
@Command(name = "desktop", mixinStandardHelpOptions = true, description = "Open the desktop app (the default).")
final class DesktopCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("The desktop app is not part of this build yet; run 'berth serve' for the registry.");
    return 1;
  }
}
