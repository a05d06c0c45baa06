package dev.berth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system for tests of a full disk: the one {@code .ci/run} mounts and names in
 * {@code BERTH_SMALL_FS}, or else a tmpfs this test mounts itself (which needs root). Never
 * skipped: without either, the test fails and says how to provide one.
 */
public final class SmallFileSystem implements AutoCloseable {
  private static final String SIZE = "64m";

  private final Path mountPoint;
  private final boolean mountedHere;

  private SmallFileSystem(Path mountPoint, boolean mountedHere) {
    this.mountPoint = mountPoint;
    this.mountedHere = mountedHere;
  }

  public static SmallFileSystem provide() throws IOException, InterruptedException {
    String given = System.getenv("BERTH_SMALL_FS");
    if (given != null && !given.isBlank()) {
      Path path = Path.of(given);
      if (!Files.isDirectory(path) || Files.getFileStore(path).getTotalSpace() > 1L << 30) {
        throw new AssertionError(
            "BERTH_SMALL_FS=" + given + " must be a mounted file system of at most 1 GiB");
      }
      emptyOut(path); // it is the tests' alone: what an earlier, failed test left must not fill it
      return new SmallFileSystem(path, false);
    }
    Path dir = Files.createTempDirectory("berth-small-fs");
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + SIZE, "tmpfs", dir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(mount.getInputStream().readAllBytes());
    if (!mount.waitFor(30, TimeUnit.SECONDS) || mount.exitValue() != 0) {
      Files.deleteIfExists(dir);
      throw new AssertionError(
          "A full-disk test needs a small file system: run as root (it mounts a "
              + SIZE
              + " tmpfs), or mount one and set BERTH_SMALL_FS (as .ci/run does). mount said: "
              + output.strip());
    }
    return new SmallFileSystem(dir, true);
  }

  private static void emptyOut(Path root) throws IOException {
    try (var children = Files.list(root)) {
      for (Path child : children.toList()) {
        try (var walk = Files.walk(child)) {
          walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /** A fresh, empty folder on the small file system. */
  public Path freshFolder(String name) throws IOException {
    Path folder = mountPoint.resolve(name + "-" + System.nanoTime());
    Files.createDirectories(folder);
    return folder;
  }

  /** Fills every byte left with a file of its own, as another program might. */
  public Path fillCompletely() throws IOException {
    Path filler = mountPoint.resolve("filler-" + System.nanoTime());
    byte[] block = new byte[1 << 20];
    try (var out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      // "No space left on device": exactly what we wanted.
    }
    // Smaller pieces for the last megabyte.
    try (var out = Files.newOutputStream(mountPoint.resolve(filler.getFileName() + "-tail"))) {
      while (true) {
        out.write(new byte[4096]);
      }
    } catch (IOException full) {
      // full now
    }
    return filler;
  }

  public void removeFiller(Path filler) throws IOException {
    Files.deleteIfExists(filler);
    Files.deleteIfExists(filler.resolveSibling(filler.getFileName() + "-tail"));
  }

  public long usableBytes() throws IOException {
    return Files.getFileStore(mountPoint).getUsableSpace();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (mountedHere) {
      new ProcessBuilder("umount", "-l", mountPoint.toString())
          .inheritIO()
          .start()
          .waitFor(30, TimeUnit.SECONDS);
      Files.deleteIfExists(mountPoint);
    }
  }
}
