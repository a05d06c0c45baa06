package dev.berth.metadata;

import dev.berth.oci.Digest;
import java.util.List;

/** A manifest points at blobs or manifests the repository does not have. */
public final class MissingReferencesException extends RuntimeException {
  private final List<Digest> missing;

  public MissingReferencesException(List<Digest> missing) {
    super("manifest references content unknown to the repository: " + missing);
    this.missing = List.copyOf(missing);
  }

  public List<Digest> missing() {
    return missing;
  }
}
