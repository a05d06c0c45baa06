package dev.berth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.EngineStorage;
import dev.berth.json.Json;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.registry2.ImportProgress;
import dev.berth.registry2.ImportReport;
import dev.berth.registry2.Registry2Importer;
import dev.berth.registry2.Registry2Layout;
import dev.berth.users.BcryptPasswords;
import dev.berth.users.UserService;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code berth import --from-registry2 DIR --data DATA [--htpasswd FILE]}: adopts a stopped
 * registry:2's data (and users) into a data folder no running Berth holds. Progress goes to stderr,
 * the report to stdout. Exit 0 when the import ran, even if it had to leave things out (the report
 * says what and why); 1 when it could not run or was interrupted, in which case the same command
 * resumes it.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description =
        "Bring a registry:2 folder's repositories, tags, manifests and blobs (and htpasswd users) into Berth.")
final class ImportCommand implements Callable<Integer> {
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

  @Option(
      names = "--from-registry2",
      paramLabel = "DIR",
      required = true,
      description =
          "registry:2's storage.filesystem.rootdirectory (e.g. /var/lib/registry), or its docker/registry/v2 folder.")
  Path source;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Berth's data folder (default: ~/.berth).")
  Path data;

  @Option(
      names = "--htpasswd",
      paramLabel = "FILE",
      description = "registry:2's htpasswd file: its bcrypt users come along.")
  Path htpasswd;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Registry2Layout layout =
        Registry2Layout.find(source)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        source
                            + " holds no registry:2 data (expected docker/registry/v2/repositories or blobs below it)"));
    if (htpasswd != null && !Files.isRegularFile(htpasswd)) {
      throw new IllegalArgumentException("the htpasswd file " + htpasswd + " does not exist");
    }
    Path target = data == null ? EngineConfig.defaultDataDirectory() : data;
    Clock clock = Clock.systemUTC();
    ObjectMapper json = Json.mapper();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (EngineStorage storage = EngineStorage.open(target, json, clock)) {
      Registry2Importer importer =
          new Registry2Importer(
              storage.blobs(),
              storage.metadata(),
              new ManifestParser(json),
              new UserService(storage.metadata().users(), new BcryptPasswords(), clock));
      err.println("Importing " + layout.root() + " into " + storage.root());
      ImportReport report =
          importer.run(layout, Optional.ofNullable(htpasswd), new ProgressLines(err));
      report.lines().forEach(out::println);
      out.flush();
    }
    return 0;
  }

  /** A line when a phase starts, then at most one every two seconds, and one when it ends. */
  private static final class ProgressLines implements ImportProgress {
    private final PrintWriter err;
    private Phase phase;
    private Instant last = Instant.EPOCH;

    ProgressLines(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void update(Step step) {
      Instant now = Instant.now();
      boolean newPhase = step.phase() != phase;
      boolean finished = step.total() >= 0 && step.done() == step.total();
      if (!newPhase && !finished && now.isBefore(last.plus(PROGRESS_EVERY))) {
        return;
      }
      phase = step.phase();
      last = now;
      err.println(
          step.phase().words()
              + ": "
              + step.done()
              + (step.total() >= 0 ? "/" + step.total() : "")
              + (step.phase() == Phase.BLOBS
                  ? " ("
                      + String.format(java.util.Locale.ROOT, "%.1f", step.bytes() / 1048576.0)
                      + " MiB)"
                  : ""));
      err.flush();
    }
  }
}
