package dev.berth.storage.fs;

import dev.berth.files.Directories;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Empties the {@code trash/} folder that earlier versions moved bytes into while a collection
 * deleted them, for a data folder written by such a version.
 *
 * <p>A trashed file is either bytes whose deletion never committed (their blob row still exists and
 * needs them) or bytes of a committed deletion that were not purged yet. Which one it is needs no
 * metadata: putting every file back is right for the first kind and harmless for the second, whose
 * bytes then have no row and are removed as an orphan by the next collection.
 */
final class LegacyTrash {
  private final BlobPaths paths;

  LegacyTrash(BlobPaths paths) {
    this.paths = paths;
  }

  /**
   * Puts each trashed blob back where it was (unless its bytes are there again), then removes the
   * folder.
   */
  void putBack() throws IOException {
    Path trash = paths.trashRoot();
    if (!Files.isDirectory(trash)) {
      return;
    }
    try (Stream<Path> files = Files.list(trash)) {
      for (Path file : files.toList()) {
        Digest digest = BlobPaths.trashedDigest(file);
        if (digest == null) {
          continue; // not ours: leave it, and the folder, for a person to look at
        }
        Path original = paths.blob(digest);
        Directories.createDurably(original.getParent());
        try {
          // No REPLACE_EXISTING: bytes uploaded again under the same digest are the same bytes.
          Files.move(file, original, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
          Files.delete(file);
        }
      }
    }
    try (Stream<Path> left = Files.list(trash)) {
      if (left.findAny().isEmpty()) {
        Files.delete(trash);
      }
    }
  }
}
