package dev.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * The README's promise about secrets on disk, as an assertion: every folder under a root is {@code
 * rwx------} (0700) and every file {@code rw-------} (0600), and no temporary file of a write was
 * left behind. POSIX only, which is where the tests run.
 */
public final class OwnerOnly {
  private OwnerOnly() {}

  /** Asserts {@code root} and everything below it are owner-only; returns what was checked. */
  public static List<Path> assertTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> all = walk.toList();
      for (Path p : all) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        assertThat(mode)
            .as(p + (Files.isDirectory(p) ? " (folder)" : ""))
            .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
        assertThat(p.getFileName().toString())
            .as("a temporary file left behind")
            .doesNotStartWith(".tmp-");
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
