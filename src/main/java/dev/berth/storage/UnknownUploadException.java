package dev.berth.storage;

/** The upload session does not exist (never did, was committed, cancelled or purged). */
public final class UnknownUploadException extends StorageException {
  public UnknownUploadException(UploadId id) {
    super("upload " + id + " does not exist");
  }
}
