package dev.berth.oci;

import java.util.Map;

/**
 * A content descriptor (OCI image spec): what a manifest says about one piece of content it points
 * at.
 *
 * @param artifactType may be null
 * @param platform may be null; only index entries carry one
 * @param annotations never null
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    String artifactType,
    Platform platform,
    Map<String, String> annotations) {

  public Descriptor {
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** An index entry's platform, e.g. {@code linux/arm64/v8}. */
  public record Platform(String os, String architecture, String variant) {
    @Override
    public String toString() {
      return os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
    }
  }
}
