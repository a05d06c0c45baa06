package dev.berth.storage;

/** A chunk was sent for an offset other than where the upload currently ends. */
public final class UploadOffsetException extends StorageException {
  private final long currentSize;

  public UploadOffsetException(long expected, long currentSize) {
    super("chunk starts at byte " + expected + " but the upload holds " + currentSize + " bytes");
    this.currentSize = currentSize;
  }

  public long currentSize() {
    return currentSize;
  }
}
