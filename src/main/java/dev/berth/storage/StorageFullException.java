package dev.berth.storage;

/**
 * A write was refused because the disk is (almost) full. The message says how full, never where.
 * Nothing of the refused write is kept; what was stored before is untouched.
 */
public final class StorageFullException extends StorageException {
  public StorageFullException(String message) {
    super(message);
  }
}
