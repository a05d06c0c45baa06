package dev.berth.storage;

import dev.berth.oci.Digest;

/** The uploaded bytes do not hash to the digest the client claimed. */
public final class DigestMismatchException extends StorageException {
  public DigestMismatchException(Digest expected, Digest actual, long size) {
    super(
        "digest "
            + expected
            + " does not match the "
            + size
            + " bytes received, which hash to "
            + actual);
  }
}
