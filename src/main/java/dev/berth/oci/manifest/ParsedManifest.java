package dev.berth.oci.manifest;

import dev.berth.oci.Descriptor;
import dev.berth.oci.MediaTypes;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The facts Berth needs from a manifest's JSON: what it is and what it points at.
 *
 * @param mediaType one of {@link MediaTypes#isSupportedManifest}
 * @param config the image config; null for indexes
 * @param layers the image layers; empty for indexes
 * @param manifests an index's child manifests; empty for images
 * @param subject the manifest this one refers to (signatures, SBOMs); may be null
 * @param artifactType the declared {@code artifactType}; may be null
 * @param annotations never null
 */
public record ParsedManifest(
    String mediaType,
    Descriptor config,
    List<Descriptor> layers,
    List<Descriptor> manifests,
    Descriptor subject,
    String artifactType,
    Map<String, String> annotations) {

  public ParsedManifest {
    layers = List.copyOf(layers);
    manifests = List.copyOf(manifests);
    annotations = Map.copyOf(annotations);
  }

  public boolean isIndex() {
    return MediaTypes.INDEXES.contains(mediaType);
  }

  /** Blobs this manifest needs: its config and its layers. */
  public List<Descriptor> blobReferences() {
    return config == null ? layers : Stream.concat(Stream.of(config), layers.stream()).toList();
  }

  /**
   * The artifact type a referrers listing reports (OCI distribution spec, "Listing Referrers"): the
   * declared {@code artifactType}, else the config's media type.
   */
  public String effectiveArtifactType() {
    if (artifactType != null) {
      return artifactType;
    }
    return config == null ? null : config.mediaType();
  }
}
