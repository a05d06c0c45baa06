package dev.berth.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Folder operations that survive a power cut. On POSIX file systems a new name (a created or
 * renamed file, a new folder) is durable only once the folder that holds it was fsynced; without
 * that, a file renamed into place and acknowledged can vanish after a crash although its bytes
 * were written.
 */
public final class Directories {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private Directories() {}

  /** Makes the names in {@code dir} durable. A no-op where folders cannot be opened (Windows). */
  public static void sync(Path dir) throws IOException {
    if (!POSIX) {
      return;
    }
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Creates {@code dir} and any missing parents, each new one made durable in its parent. */
  public static void createDurably(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent != null) {
      createDurably(parent);
    }
    try {
      Files.createDirectory(dir);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // Created meanwhile by a concurrent writer, which may not have synced it yet: sync anyway.
    }
    if (parent != null) {
      sync(parent);
    }
  }
}
