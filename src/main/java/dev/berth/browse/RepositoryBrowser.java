package dev.berth.browse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.metadata.BrowseMetadata.Activity;
import dev.berth.metadata.BrowseMetadata.RepositorySummary;
import dev.berth.metadata.BrowseMetadata.TagRow;
import dev.berth.metadata.BrowseMetadata.Totals;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.StoredManifest;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.manifest.InvalidManifestException;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.oci.manifest.ParsedManifest;
import dev.berth.registry.Page;
import dev.berth.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * The read side of the desktop browser, in plain Java: repositories, tags, manifest details and
 * layer contents. It only reads: the app deletes through the registry's use cases (the desktop's
 * DeleteService), so the UI and the HTTP API share one meaning of "delete" and one deletion rule.
 */
public final class RepositoryBrowser {
  /** Image configs are small JSON documents; anything this large is not one we should parse. */
  private static final long MAX_CONFIG_BYTES = 16L * 1024 * 1024;

  private final MetadataStore metadata;
  private final BlobStore blobs;
  private final ManifestParser parser;
  private final ObjectMapper json;
  private final LayerTarReader tarReader = new LayerTarReader();
  private final CacheOrigins origins;

  public RepositoryBrowser(MetadataStore metadata, BlobStore blobs, ObjectMapper json) {
    this(metadata, blobs, json, CacheOrigins.NONE);
  }

  /**
   * @param origins which repositories are pull-through cache copies, and of what
   */
  public RepositoryBrowser(
      MetadataStore metadata, BlobStore blobs, ObjectMapper json, CacheOrigins origins) {
    this.origins = origins;
    this.metadata = metadata;
    this.blobs = blobs;
    this.parser = new ManifestParser(json);
    this.json = json;
  }

  /** The upstream a cached repository copies, or empty for the registry's own repositories. */
  public java.util.Optional<CacheOrigin> cacheOrigin(RepositoryName repository) {
    return origins.originOf(repository);
  }

  public List<RepositorySummary> repositories(String nameContains, int limit) {
    return metadata.browse().repositories(nameContains, limit);
  }

  public Totals totals() {
    return metadata.browse().totals();
  }

  public List<Activity> recentPushes(int limit) {
    return metadata.browse().recentPushes(limit);
  }

  public List<Activity> recentPulls(int limit) {
    return metadata.browse().recentPulls(limit);
  }

  /** One page of tags; indexes get their platforms read from the stored manifest. */
  public Page<TagSummary> tags(RepositoryName repository, String after, int limit) {
    List<TagRow> rows = metadata.browse().tags(repository, after, limit + 1);
    boolean more = rows.size() > limit;
    List<TagRow> page = more ? rows.subList(0, limit) : rows;
    List<TagSummary> summaries = new ArrayList<>(page.size());
    for (TagRow row : page) {
      summaries.add(new TagSummary(row, platforms(repository, row)));
    }
    return new Page<>(summaries, more ? page.get(page.size() - 1).tag() : null);
  }

  private List<String> platforms(RepositoryName repository, TagRow row) {
    if (!MediaTypes.INDEXES.contains(row.mediaType())) {
      return List.of();
    }
    return metadata
        .manifests()
        .get(repository, row.digest())
        .map(this::parseQuietly)
        .map(
            parsed ->
                parsed.manifests().stream()
                    .filter(d -> d.platform() != null)
                    .map(d -> d.platform().toString())
                    .distinct()
                    .toList())
        .orElse(List.of());
  }

  /**
   * The manifest with its config, layers, sharing and referrers.
   *
   * @throws IllegalArgumentException when the repository has no such manifest
   * @throws IOException when the config blob cannot be read
   */
  public ImageDetails details(RepositoryName repository, Digest digest) throws IOException {
    StoredManifest stored =
        metadata
            .manifests()
            .get(repository, digest)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "The manifest "
                            + digest.shortHex()
                            + " is no longer in "
                            + repository
                            + "; it may have been deleted."));
    ParsedManifest parsed = parseQuietly(stored);
    List<Descriptor> referrers = metadata.manifests().referrers(repository, digest);
    if (parsed == null || parsed.isIndex()) {
      return new ImageDetails(
          repository,
          digest,
          stored.mediaType(),
          stored.size(),
          parsed == null ? List.of() : parsed.manifests(),
          null,
          ImageConfig.EMPTY,
          List.of(),
          0,
          referrers,
          parsed == null ? Map.of() : parsed.annotations());
    }
    Set<Digest> referenced = new LinkedHashSet<>();
    parsed.blobReferences().forEach(d -> referenced.add(d.digest()));
    Map<Digest, Integer> counts = metadata.browse().blobReferenceCounts(referenced);
    List<ImageDetails.LayerUsage> layers =
        parsed.layers().stream()
            .map(l -> new ImageDetails.LayerUsage(l, counts.getOrDefault(l.digest(), 0)))
            .toList();
    long exclusive = 0;
    Set<Digest> counted = new LinkedHashSet<>();
    for (Descriptor blob : parsed.blobReferences()) {
      if (counts.getOrDefault(blob.digest(), 0) <= 1 && counted.add(blob.digest())) {
        exclusive += blob.size();
      }
    }
    return new ImageDetails(
        repository,
        digest,
        stored.mediaType(),
        stored.size(),
        List.of(),
        parsed.config(),
        readConfig(parsed.config()),
        layers,
        exclusive,
        referrers,
        parsed.annotations());
  }

  private ImageConfig readConfig(Descriptor config) throws IOException {
    // Artifacts (signatures, SBOMs) often use the empty config or a non-image config type.
    boolean imageConfig =
        config.mediaType().endsWith("config.v1+json")
            || config.mediaType().equals("application/vnd.docker.container.image.v1+json");
    if (!imageConfig || config.size() > MAX_CONFIG_BYTES || blobs.size(config.digest()).isEmpty()) {
      return ImageConfig.EMPTY;
    }
    try (InputStream in = blobs.open(config.digest(), 0)) {
      JsonNode root = json.readTree(in);
      return root == null ? ImageConfig.EMPTY : ImageConfig.from(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return ImageConfig.EMPTY; // a broken config should not hide the layers
    }
  }

  /**
   * Streams a layer blob and lists its files.
   *
   * @throws IOException when the blob is missing or is not a tar archive
   */
  public LayerListing layerContents(
      Descriptor layer, LongConsumer bytesRead, BooleanSupplier cancelled) throws IOException {
    if (blobs.size(layer.digest()).isEmpty()) {
      throw new IOException(
          "The bytes of layer "
              + layer.digest().shortHex()
              + " are missing from the storage folder.");
    }
    try (InputStream in = blobs.open(layer.digest(), 0)) {
      return tarReader.read(in, bytesRead, cancelled);
    }
  }

  private ParsedManifest parseQuietly(StoredManifest stored) {
    try {
      return parser.parse(stored.content(), stored.mediaType());
    } catch (InvalidManifestException e) {
      return null; // accepted once, so only a parser change can get here; show what we can
    }
  }
}
