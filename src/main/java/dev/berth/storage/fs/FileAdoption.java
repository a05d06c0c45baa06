package dev.berth.storage.fs;

import dev.berth.files.Directories;
import dev.berth.oci.Digest;
import dev.berth.storage.AdoptedBlob;
import dev.berth.storage.DigestMismatchException;
import dev.berth.storage.UploadId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Brings an existing file into the blob store with the same promises as an upload's commit ({@link
 * FileSystemUploads}):
 *
 * <ol>
 *   <li>a new name for it in {@code uploads/} (a hard link; a copy when the file lives on another
 *       file system or may not be linked), which start-up reconciliation removes after a crash;
 *   <li>its SHA-256 must equal the digest, else that name goes and nothing is stored;
 *   <li>fsync, an atomic rename to the blob's path, an fsync of the folder that now names it.
 * </ol>
 *
 * A hard link keeps one inode for both names, so the bytes exist once on disk, and the other
 * registry's tree is left exactly as it was (a rename moves only Berth's own name).
 */
final class FileAdoption {
  private static final int BUFFER_SIZE = 1 << 20;

  private final BlobPaths paths;

  FileAdoption(BlobPaths paths) {
    this.paths = paths;
  }

  AdoptedBlob adopt(Path source, Digest digest) throws IOException {
    Path staged = paths.upload(UploadId.random());
    boolean linked = stage(source, staged);
    try {
      long size = verify(staged, digest);
      publish(staged, digest);
      return new AdoptedBlob(size, linked);
    } finally {
      Files.deleteIfExists(staged);
    }
  }

  /** Returns whether a hard link was made (true) or the bytes were copied (false). */
  private static boolean stage(Path source, Path staged) throws IOException {
    try {
      Files.createLink(staged, source);
      return true;
    } catch (UnsupportedOperationException | FileSystemException e) {
      // EXDEV (another file system), EPERM (fs.protected_hardlinks and a file of another user)…
      Files.deleteIfExists(staged);
      Files.copy(source, staged, StandardCopyOption.COPY_ATTRIBUTES);
      return false;
    }
  }

  private static long verify(Path staged, Digest digest) throws IOException {
    MessageDigest md = digest.algorithm().newMessageDigest();
    long size = 0;
    try (InputStream in = Files.newInputStream(staged)) {
      byte[] buffer = new byte[BUFFER_SIZE];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
        size += n;
      }
    }
    Digest actual = Digest.of(digest.algorithm(), md.digest());
    if (!actual.equals(digest)) {
      throw new DigestMismatchException(digest, actual, size);
    }
    return size;
  }

  private void publish(Path staged, Digest digest) throws IOException {
    Path target = paths.blob(digest);
    // fsync needs no write access, so a linked file of another user can be made durable too.
    try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.READ)) {
      channel.force(true);
    }
    Directories.createDurably(target.getParent());
    try {
      Files.move(
          staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "blob and upload folders must be on one file system to rename atomically", e);
    }
    Directories.sync(target.getParent());
  }
}
