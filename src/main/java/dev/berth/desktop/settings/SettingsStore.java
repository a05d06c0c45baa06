package dev.berth.desktop.settings;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.berth.desktop.session.XdgBaseDirectory;
import dev.berth.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link DesktopSettings} in {@code settings.json} in the user's config folder: {@code
 * $XDG_CONFIG_HOME/berth} or {@code ~/.config/berth}, {@code %APPDATA%\Berth} on Windows. The
 * system property {@code berth.config.dir} overrides the folder (tests use a temp folder; packaged
 * builds may pin it).
 */
public final class SettingsStore {
  public static final String CONFIG_DIR_PROPERTY = "berth.config.dir";
  private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);

  private final Path file;
  private final ObjectMapper json =
      Json.mapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public SettingsStore(Path folder) {
    this.file = folder.resolve("settings.json");
  }

  /** The store in the folder chosen by the property, the environment or the OS convention. */
  public static SettingsStore atDefaultLocation() {
    return new SettingsStore(defaultFolder());
  }

  static Path defaultFolder() {
    String override = System.getProperty(CONFIG_DIR_PROPERTY);
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    String appData = System.getenv("APPDATA");
    if (System.getProperty("os.name", "").startsWith("Windows") && appData != null) {
      return Path.of(appData, "Berth");
    }
    return XdgBaseDirectory.configHome().resolve("berth");
  }

  public Path file() {
    return file;
  }

  /** The saved settings, or the defaults when none were saved or the file cannot be read. */
  public DesktopSettings load() {
    if (!Files.isRegularFile(file)) {
      return DesktopSettings.defaults();
    }
    try {
      return json.readValue(file.toFile(), DesktopSettings.class);
    } catch (IOException | RuntimeException e) {
      // A broken settings file must not keep the app from starting; the next save replaces it.
      LOG.warn("Ignoring unreadable settings in {}: {}", file, e.getMessage());
      return DesktopSettings.defaults();
    }
  }

  /** Writes the settings atomically, so a crash never leaves half a file. */
  public void save(DesktopSettings settings) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling("settings.json.tmp");
    json.writeValue(temp.toFile(), settings);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
