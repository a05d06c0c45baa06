package dev.berth.storage;

import java.io.IOException;

/** A storage failure the caller can explain to the client (as opposed to a broken disk). */
public class StorageException extends IOException {
  public StorageException(String message) {
    super(message);
  }
}
