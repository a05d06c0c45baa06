package dev.berth.metadata;

import dev.berth.oci.Digest;
import java.time.Instant;

/** A manifest as stored: the exact pushed bytes plus what the registry noted about them. */
public record StoredManifest(Digest digest, String mediaType, byte[] content, Instant createdAt) {

  public long size() {
    return content.length;
  }
}
