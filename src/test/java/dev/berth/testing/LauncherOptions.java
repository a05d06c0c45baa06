package dev.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JVM options Berth's launchers start {@code serve} with (packaging/jvm/memory.options), so
 * that a test's server runs as a user's does, memory bounds included.
 */
public final class LauncherOptions {
  private static final Path FILE = Path.of("packaging", "jvm", "memory.options");

  private LauncherOptions() {}

  public static List<String> memory() {
    if (Boolean.getBoolean("berth.test.plainJava")) {
      return List.of(); // as `java -jar berth.jar serve` with no options, for comparisons
    }
    try {
      return Files.readAllLines(FILE).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the launcher's JVM options (" + FILE.toAbsolutePath() + ")", e);
    }
  }
}
