package dev.berth.storage.fs;

import dev.berth.files.Directories;
import dev.berth.oci.Digest;
import dev.berth.oci.InvalidDigestException;
import dev.berth.storage.AdoptedBlob;
import dev.berth.storage.BlobDelivery;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobUploads;
import dev.berth.storage.FreeSpace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Blobs as files under a root folder; see {@link BlobPaths} for the layout. */
public final class FileSystemBlobStore implements BlobStore {
  private final BlobPaths paths;
  private final FileSystemUploads uploads;
  private final FileAdoption adoption;
  private final UploadWorkers workers = UploadWorkers.forThisMachine();
  private final FreeSpace space;

  /** With the free space of {@code root}'s file system and its default reserve. */
  public FileSystemBlobStore(Path root) throws IOException {
    this(root, null);
  }

  /**
   * @param space where uploads check for room; null for that of {@code root}'s file system
   */
  public FileSystemBlobStore(Path root, FreeSpace space) throws IOException {
    this.paths = new BlobPaths(root);
    for (Path dir : List.of(root, paths.blobsRoot(), paths.uploadsRoot())) {
      Directories.createDurably(dir);
      Directories.restrict(dir);
    }
    new LegacyTrash(paths).putBack();
    this.space = space != null ? space : FileSystemFreeSpace.of(root);
    this.uploads = new FileSystemUploads(paths, workers, this.space);
    this.adoption = new FileAdoption(paths);
  }

  @Override
  public AdoptedBlob adopt(Path file, Digest digest) throws IOException {
    return adoption.adopt(file, digest);
  }

  @Override
  public Optional<Long> size(Digest digest) throws IOException {
    try {
      return Optional.of(Files.size(paths.blob(digest)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<Instant> modifiedAt(Digest digest) throws IOException {
    try {
      return Optional.of(Files.getLastModifiedTime(paths.blob(digest)).toInstant());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public InputStream open(Digest digest, long offset) throws IOException {
    FileChannel channel = FileChannel.open(paths.blob(digest), StandardOpenOption.READ);
    try {
      channel.position(offset);
      return Channels.newInputStream(channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public BlobDelivery deliver(Digest digest, long offset, long length) {
    return new BlobDelivery.FileRegion(paths.blob(digest), offset, length);
  }

  @Override
  public boolean delete(Digest digest) throws IOException {
    // Not made durable: if the removal is lost in a crash, the file comes back as bytes without a
    // blob row, which the next collection removes as an orphan.
    return Files.deleteIfExists(paths.blob(digest));
  }

  @Override
  public Optional<String> quarantine(Digest digest, Instant found) throws IOException {
    Path target = paths.damaged(digest, found);
    Directories.createDurably(target.getParent());
    try {
      Files.move(paths.blob(digest), target, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of("storage/damaged/" + target.getFileName());
  }

  @Override
  public void forEachDigest(Consumer<Digest> action) throws IOException {
    for (Digest.Algorithm algorithm : Digest.Algorithm.values()) {
      Path dir = paths.blobsRoot().resolve(algorithm.prefix());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir, 2)) {
        files
            .filter(Files::isRegularFile)
            .forEach(
                file -> {
                  try {
                    action.accept(Digest.parse(algorithm.prefix() + ":" + file.getFileName()));
                  } catch (InvalidDigestException ignored) {
                    // Not ours (an editor's backup file, say): GC must never touch what it cannot
                    // name.
                  }
                });
      }
    }
  }

  @Override
  public FreeSpace freeSpace() {
    return space;
  }

  @Override
  public BlobUploads uploads() {
    return uploads;
  }

  @Override
  public String toString() {
    return "FileSystemBlobStore[" + paths.blobsRoot().getParent() + "]";
  }

  /** Lets the upload worker threads end; uploads still running finish on their own threads. */
  @Override
  public void close() {
    workers.close();
  }
}
