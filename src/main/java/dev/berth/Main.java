package dev.berth;

import dev.berth.cli.BerthCommand;

/**
 * The only {@code main}. With no arguments it opens the desktop app; with arguments it runs the
 * command line ({@code serve}, …). It is deliberately not a JavaFX {@code Application}: the
 * launcher refuses such a main class when JavaFX is on the class path, and the headless commands
 * must not load JavaFX at all.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      args = new String[] {"desktop"};
    }
    int exit = BerthCommand.run(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }
}
