package dev.berth.packaging;

import dev.berth.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The .deb that {@code mvn -Ppackage package} built (target/jpackage/out), read with dpkg-deb as
 * apt and dpkg read it.
 */
final class DebPackage {
  private final Path file;

  private DebPackage(Path file) {
    this.file = file;
  }

  /** The one .deb in the directory the build passes as {@code berth.package.dir}. */
  static DebPackage built() throws IOException {
    String dir = System.getProperty("berth.package.dir");
    if (dir == null) {
      throw new AssertionError("berth.package.dir is not set: run with mvn -Ppackage verify");
    }
    List<Path> debs;
    try (Stream<Path> files = Files.list(Path.of(dir))) {
      debs = files.filter(p -> p.getFileName().toString().endsWith(".deb")).toList();
    }
    if (debs.size() != 1) {
      throw new AssertionError("expected one .deb in " + dir + ", found " + debs);
    }
    Command.require("dpkg-deb", "dpkg");
    return new DebPackage(debs.get(0));
  }

  Path file() {
    return file;
  }

  /** A control field, e.g. Depends. */
  String field(String name) {
    return Command.of("dpkg-deb", "--field", file.toString(), name).run().strip();
  }

  String info() {
    return Command.of("dpkg-deb", "--info", file.toString()).run();
  }

  /** A file from the control archive (postinst, conffiles…). */
  String controlFile(String name) {
    return Command.of("dpkg-deb", "--info", file.toString(), name).run();
  }

  /** One line of {@code dpkg-deb --contents}: mode string, owner, path (absolute), link target. */
  record Entry(String mode, String owner, String path, String linkTarget) {
    boolean isDirectory() {
      return mode.startsWith("d");
    }
  }

  List<Entry> contents() {
    List<Entry> entries = new ArrayList<>();
    for (String line : Command.of("dpkg-deb", "--contents", file.toString()).run().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      // drwxr-xr-x root/root         0 2026-12-01 19:14 ./opt/berth/
      String[] parts = line.trim().split("\\s+", 6);
      String name = parts[5];
      String target = null;
      int arrow = name.indexOf(" -> ");
      if (arrow >= 0) {
        target = name.substring(arrow + 4);
        name = name.substring(0, arrow);
      }
      String path = name.substring(1); // "./opt/berth/" -> "/opt/berth/"
      if (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      entries.add(new Entry(parts[0], parts[1], path, target));
    }
    return entries;
  }

  /** The files (not directories) the package ships, as absolute paths. */
  List<String> files() {
    return contents().stream().filter(e -> !e.isDirectory()).map(Entry::path).toList();
  }
}
