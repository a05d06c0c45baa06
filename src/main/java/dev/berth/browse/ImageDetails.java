package dev.berth.browse;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import java.util.List;
import java.util.Map;

/**
 * Everything the manifest view shows about one manifest.
 *
 * @param children an index's platform manifests; empty for an image
 * @param config the image config; {@link ImageConfig#EMPTY} for an index or an artifact without one
 * @param layers the image layers with how widely each is shared
 * @param exclusiveBytes what deleting this manifest (and then collecting garbage) would free: the
 *     config and layers no other manifest references
 * @param referrers manifests whose subject is this one (signatures, SBOMs, attestations)
 */
public record ImageDetails(
    RepositoryName repository,
    Digest digest,
    String mediaType,
    long manifestSize,
    List<Descriptor> children,
    Descriptor configDescriptor,
    ImageConfig config,
    List<LayerUsage> layers,
    long exclusiveBytes,
    List<Descriptor> referrers,
    Map<String, String> annotations) {

  /**
   * A layer and its sharing.
   *
   * @param sharedBy how many manifests (this one included, over all repositories) use the layer
   */
  public record LayerUsage(Descriptor layer, int sharedBy) {
    /** True when no other manifest uses the layer, so deleting this image would free it. */
    public boolean exclusive() {
      return sharedBy <= 1;
    }
  }

  public boolean isIndex() {
    return !children.isEmpty() || dev.berth.oci.MediaTypes.INDEXES.contains(mediaType);
  }

  /** Config plus layers, as a client downloads them. */
  public long totalBytes() {
    long layersBytes = layers.stream().mapToLong(l -> l.layer().size()).sum();
    return layersBytes + (configDescriptor == null ? 0 : configDescriptor.size());
  }
}
