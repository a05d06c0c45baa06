package dev.berth.cli;

import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top of Berth's command line. */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A private container registry that lives on your desktop.",
    subcommands = {ServeCommand.class, DesktopCommand.class})
public final class BerthCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Parses and runs {@code args}; returns the process exit code (without exiting). */
  public static int run(String... args) {
    return new CommandLine(new BerthCommand())
        .setExecutionExceptionHandler(BerthCommand::report)
        .execute(args);
  }

  /**
   * Problems a user can fix (a busy port, a locked data folder, an unreadable file) are printed as
   * one sentence; anything else also gets its stack trace, because then it is our bug.
   */
  private static int report(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    if (e instanceof IOException || e instanceof IllegalArgumentException) {
      command.getErr().println("berth: " + e.getMessage());
    } else {
      command.getErr().println("berth: unexpected failure, please report it:");
      e.printStackTrace(command.getErr());
    }
    return 1;
  }
}
