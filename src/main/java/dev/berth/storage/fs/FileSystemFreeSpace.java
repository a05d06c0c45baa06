package dev.berth.storage.fs;

import dev.berth.storage.FreeSpace;
import dev.berth.storage.StorageFullException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link FreeSpace} of the file system that holds a folder, asked afresh on every check (one {@code
 * statvfs}, about a microsecond), so a disk that others fill or that someone frees is noticed at
 * once and the registry carries on by itself when room comes back.
 */
public final class FileSystemFreeSpace implements FreeSpace {
  private static final long MIN_RESERVE = 8L << 20;
  private static final long MAX_RESERVE = 512L << 20;

  private final FileStore fileStore;
  private final long reserve;

  private FileSystemFreeSpace(FileStore fileStore, long reserve) {
    this.fileStore = fileStore;
    this.reserve = reserve;
  }

  /**
   * The free space of the file system that holds {@code folder}, keeping 5 % of it in reserve, at
   * least 8 MiB (a day of the database's writes on a busy registry) and at most 512 MiB.
   */
  public static FileSystemFreeSpace of(Path folder) throws IOException {
    FileStore store = Files.getFileStore(folder);
    long reserve = Math.max(MIN_RESERVE, Math.min(MAX_RESERVE, store.getTotalSpace() / 20));
    return new FileSystemFreeSpace(store, reserve);
  }

  /** With an explicit reserve (tests on small file systems, and a setting later). */
  public static FileSystemFreeSpace of(Path folder, long reserveBytes) throws IOException {
    return new FileSystemFreeSpace(Files.getFileStore(folder), reserveBytes);
  }

  @Override
  public void requireRoomFor(long bytes) throws StorageFullException {
    Status now = status();
    if (now.usableBytes() - Math.max(0, bytes) < reserve) {
      throw new StorageFullException(
          String.format(
              "the registry's disk is full: %s free, of which %s are kept in reserve so that deletions and garbage"
                  + " collection keep working; free space (delete content and collect garbage, or make room on the disk)"
                  + " and try again",
              mib(now.usableBytes()), mib(reserve)));
    }
  }

  @Override
  public Status status() {
    try {
      return new Status(fileStore.getUsableSpace(), reserve, fileStore.getTotalSpace());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / 1048576.0);
  }
}
