package dev.berth.metadata;

import dev.berth.oci.Digest;

/**
 * A blob's bytes disappeared between upload and link: a garbage collection removed identical old
 * bytes at that very moment. Nothing is linked; the client should upload again.
 */
public final class BlobVanishedException extends RuntimeException {
  public BlobVanishedException(Digest digest) {
    super("blob " + digest + " was garbage-collected while it was being linked; upload it again");
  }
}
