package dev.berth.storage;

/**
 * Room left for new content. Writes stop short of a reserve so that the disk never fills up
 * completely: the metadata database must always be able to write, or deletes and garbage collection
 * (which free space) would fail too, and a database that fails a write closes itself.
 */
public interface FreeSpace {

  /**
   * @throws StorageFullException if writing {@code bytes} more would eat into the reserve
   */
  void requireRoomFor(long bytes) throws StorageFullException;

  /** The current state, for warnings in the app and the log. */
  Status status();

  /**
   * @param usableBytes bytes this process may still write on the file system
   * @param reserveBytes bytes kept free for the database and deletions
   * @param totalBytes the file system's size
   */
  record Status(long usableBytes, long reserveBytes, long totalBytes) {
    /** Whether new content is refused now. */
    public boolean full() {
      return usableBytes <= reserveBytes;
    }

    /**
     * Whether the disk is close enough to full that a person should be told: under twice the
     * reserve.
     */
    public boolean nearlyFull() {
      return usableBytes <= 2 * reserveBytes;
    }
  }
}
