package dev.berth.storage;

/** A chunk's body was longer or shorter than the request declared. */
public final class ChunkLengthException extends StorageException {
  public ChunkLengthException(long declared, long received, boolean more) {
    super(
        "the request declared "
            + declared
            + " bytes but "
            + (more ? "sent more" : "sent only " + received));
  }
}
