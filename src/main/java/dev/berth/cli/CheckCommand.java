package dev.berth.cli;

import dev.berth.check.CheckReport;
import dev.berth.check.CheckReportText;
import dev.berth.check.StorageCheck;
import dev.berth.engine.EngineStorage;
import dev.berth.json.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth check}: a scrub of a data folder no server holds. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Re-hash every blob and manifest of a stopped registry's data folder against its digest,",
      "and find recorded blobs without bytes, images that reference them, and files nothing records.",
      "Exits 1 when it found damage, 0 otherwise."
    })
final class CheckCommand implements Callable<Integer> {
  static final int DAMAGE_FOUND = 1;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      required = true,
      description = "Data folder of a stopped registry.")
  Path data;

  @Option(
      names = "--repair",
      description = {
        "Move damaged bytes to storage/damaged/ and forget blobs without good bytes,",
        "so that the next push of the images that need them uploads them again."
      })
  boolean repair;

  @Option(
      names = "--quick",
      description = "Check presence and sizes only, without re-hashing blob bytes.")
  boolean quick;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Clock clock = Clock.systemUTC();
    try (EngineStorage storage = EngineStorage.open(data, Json.mapper(), clock)) {
      CheckReport report =
          storage
              .check()
              .run(
                  new StorageCheck.Options(repair, quick), StorageCheck.Listener.NONE, () -> false);
      CheckReportText.lines(report).forEach(out::println);
      out.flush();
      return report.foundDamage() ? DAMAGE_FOUND : 0;
    }
  }
}
