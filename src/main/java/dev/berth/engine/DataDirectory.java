package dev.berth.engine;

import dev.berth.files.Directories;
import dev.berth.security.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The data folder, held by one process at a time. Layout:
 *
 * <pre>
 * &lt;data&gt;/
 *   berth.lock        held (OS file lock) while an engine or offline tool uses the folder
 *   metadata/         H2 database (registry.mv.db), owner-only: it holds the users' password hashes
 *   storage/          blob store: blobs/ and uploads/ (see FileSystemBlobStore)
 *   tls/              local CA and server certificate, owner-only (see dev.berth.tls.TlsFiles)
 *   keys/             token-signing.pem: the key that signs registry tokens, owner-only
 * </pre>
 */
public final class DataDirectory implements AutoCloseable {
  private final Path root;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Creates the folder if needed (owner-only on POSIX systems) and locks it.
   *
   * @throws DataDirectoryLockedException if another process holds it
   */
  public static DataDirectory open(Path root) throws IOException {
    createPrivateDirectory(root);
    FileChannel channel = Directories.openPrivately(root.resolve("berth.lock"));
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this very process, e.g. a second engine in a test
    }
    if (lock == null) {
      channel.close();
      throw new DataDirectoryLockedException(root);
    }
    DataDirectory data = new DataDirectory(root, channel, lock);
    try {
      // The database holds password hashes: owner-only even when the data folder existed before.
      PrivateFiles.directory(data.metadata());
    } catch (IOException e) {
      data.close();
      throw e;
    }
    return data;
  }

  private static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  public Path root() {
    return root;
  }

  public Path metadata() {
    return root.resolve("metadata");
  }

  public Path storage() {
    return root.resolve("storage");
  }

  /** Certificates and their keys; created owner-only by whoever writes there first. */
  public Path tls() {
    return tls(root);
  }

  /**
   * The certificates folder of the data folder {@code root}, for tools that need no lock
   * (certificate files).
   */
  public static Path tls(Path root) {
    return root.resolve("tls");
  }

  /** The token-signing key file (its folder is created owner-only when the key is). */
  public Path tokenSigningKey() {
    return root.resolve("keys").resolve("token-signing.pem");
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      lockChannel.close();
    }
  }
}
