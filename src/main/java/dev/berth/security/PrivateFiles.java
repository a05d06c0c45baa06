package dev.berth.security;

import dev.berth.files.Directories;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files that hold secrets (private keys, password hashes) so that no other local user can
 * read them, not even briefly: the content goes to a temporary file created {@code rw-------} in
 * the same folder, which then replaces the target atomically. Folders are {@code rwx------}.
 */
public final class PrivateFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private PrivateFiles() {}

  public static void write(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp =
        POSIX
            ? Files.createTempFile(dir, ".tmp-", "", PosixFilePermissions.asFileAttribute(FILE))
            : Files.createTempFile(dir, ".tmp-", "");
    try {
      Files.write(temp, content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Directories.sync(dir); // the new name, too, must survive a crash
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Creates the folder (and parents) and makes the folder itself owner-only. */
  public static Path directory(Path dir) throws IOException {
    if (POSIX) {
      FileAttribute<Set<PosixFilePermission>> attr =
          PosixFilePermissions.asFileAttribute(DIRECTORY);
      Files.createDirectories(dir, attr);
      Files.setPosixFilePermissions(dir, DIRECTORY);
    } else {
      Files.createDirectories(dir);
    }
    return dir;
  }

  /** Tightens an existing file to owner-only (e.g. one another library created). */
  public static void restrict(Path file) throws IOException {
    if (POSIX && Files.exists(file)) {
      Files.setPosixFilePermissions(file, Files.isDirectory(file) ? DIRECTORY : FILE);
    }
  }
}
