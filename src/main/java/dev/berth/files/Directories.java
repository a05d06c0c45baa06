package dev.berth.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Folder and file creation that is owner-only ({@code rwx------} folders, {@code rw-------} files:
 * the data folder holds password hashes and private keys, and nobody else has business reading the
 * images either) and survives a power cut. On POSIX file systems a new name (a created or renamed
 * file, a new folder) is durable only once the folder that holds it was fsynced; without that, a
 * file renamed into place and acknowledged can vanish after a crash although its bytes were
 * written.
 */
public final class Directories {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final FileAttribute<?>[] PRIVATE_FOLDER =
      POSIX
          ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
          }
          : new FileAttribute<?>[0];
  private static final FileAttribute<?>[] PRIVATE_FILE =
      POSIX
          ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
          }
          : new FileAttribute<?>[0];

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

  /** Creates an empty owner-only file; fails if it exists. */
  public static void createPrivateFile(Path file) throws IOException {
    Files.createFile(file, PRIVATE_FILE);
  }

  /** Opens a file for writing, creating it owner-only if it does not exist. */
  public static java.nio.channels.FileChannel openPrivately(Path file) throws IOException {
    return java.nio.channels.FileChannel.open(
        file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), PRIVATE_FILE);
  }

  /** Makes an existing folder owner-only (folders made by older versions of Berth were not). */
  public static void restrict(Path dir) throws IOException {
    if (POSIX && Files.isDirectory(dir)) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /**
   * Creates {@code dir} and any missing parents owner-only, each new one made durable in its
   * parent.
   */
  public static void createDurably(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent != null) {
      createDurably(parent);
    }
    try {
      Files.createDirectory(dir, PRIVATE_FOLDER);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // Created meanwhile by a concurrent writer, which may not have synced it yet: sync anyway.
    }
    if (parent != null) {
      sync(parent);
    }
  }
}
