package dev.berth.registry2;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.EngineStorage;
import dev.berth.files.Directories;
import dev.berth.json.Json;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.users.BcryptPasswords;
import dev.berth.users.UserService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes {@code REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY=/var/lib/registry berth serve} a
 * drop-in: when the data folder is a registry:2 root directory whose data Berth has not taken in
 * yet, it is imported before the registry starts (hard links, so in moments and without a second
 * copy of the bytes). Once an import completed, a marker file says so and registry:2's tree is not
 * read again: deletions made in Berth afterwards stay deleted.
 */
public final class Registry2DataAdoption {
  private static final Logger LOG = LoggerFactory.getLogger(Registry2DataAdoption.class);

  /** Written into the data folder once an import of its registry:2 tree completed. */
  static final String MARKER = "registry2-imported";

  private Registry2DataAdoption() {}

  /**
   * Imports the registry:2 data in {@code data} unless that was done; returns the report if it ran.
   */
  public static Optional<ImportReport> adoptOnce(Path data) throws IOException {
    Optional<Registry2Layout> layout = Registry2Layout.find(data);
    Path marker = data.resolve(MARKER);
    if (layout.isEmpty()
        || !layout.get().root().startsWith(data.toAbsolutePath().normalize().resolve("docker"))
        || Files.exists(marker)) {
      return Optional.empty();
    }
    LOG.info(
        "{} holds registry:2 data that Berth has not imported yet; importing it now (berth import --from-registry2 {} does"
            + " the same)",
        data,
        data);
    ObjectMapper json = Json.mapper();
    Clock clock = Clock.systemUTC();
    ImportReport report;
    try (EngineStorage storage = EngineStorage.open(data, json, clock)) {
      report =
          new Registry2Importer(
                  storage.blobs(),
                  storage.metadata(),
                  new ManifestParser(json),
                  new UserService(storage.metadata().users(), new BcryptPasswords(), clock))
              .run(layout.get(), Optional.empty(), ImportProgress.NONE);
    }
    report.lines().forEach(line -> LOG.info("registry:2 import: {}", line));
    Files.writeString(
        marker, "registry:2 data under docker/ was imported; Berth does not read it again\n");
    Directories.sync(data);
    return Optional.of(report);
  }
}
