package dev.berth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top of Berth's command line. */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A private container registry that lives on your desktop.",
    subcommands = {
      ServeCommand.class,
      ImportCommand.class,
      GcCommand.class,
      CheckCommand.class,
      UserCommand.class,
      CertCommand.class,
      ProxyCommand.class,
      DesktopCommand.class
    })
public final class BerthCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Parses and runs {@code args}; returns the process exit code (without exiting). */
  public static int run(String... args) {
    return new CommandLine(new BerthCommand())
        .setExecutionExceptionHandler(new UserErrorHandler())
        .execute(args);
  }
}
