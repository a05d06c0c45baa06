package dev.berth.metadata.h2;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code owneronly:} prefix) that creates every file {@code rw-------} and every
 * folder {@code rwx------}, so the database (which holds password hashes) is never readable by
 * other users, not even the files H2 makes while it runs: the lock file, and the new file a
 * compaction writes and then renames over the database. H2 itself creates files with the process
 * umask (typically {@code 0644}).
 */
public final class OwnerOnlyFilePath extends FilePathWrapper {
  static final String SCHEME = "owneronly";
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  /** Makes the prefix known to H2; safe to call more than once. */
  static void register() {
    FilePath.register(new OwnerOnlyFilePath());
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    if (mode.contains("w")) {
      createPrivately();
    }
    return getBase().open(mode);
  }

  @Override
  public OutputStream newOutputStream(boolean append) throws IOException {
    createPrivately();
    return getBase().newOutputStream(append);
  }

  @Override
  public boolean createFile() {
    try {
      return createPrivately();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void createDirectory() {
    try {
      Path dir = diskPath();
      if (POSIX) {
        Files.createDirectory(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException e) {
      // As H2's own file system: an existing folder is fine.
    } catch (IOException e) {
      throw new IllegalStateException("could not create " + diskPath() + ": " + e.getMessage(), e);
    }
  }

  /** Creates the file owner-only if it does not exist yet; true if it was created. */
  private boolean createPrivately() throws IOException {
    Path file = diskPath();
    try {
      if (POSIX) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  /** The real path below every prefix ({@code owneronly:retry:/data/…} → {@code /data/…}). */
  private Path diskPath() {
    FilePath path = getBase();
    while (path instanceof FilePathWrapper wrapper) {
      path = wrapper.unwrap();
    }
    return Path.of(path.toString());
  }
}
