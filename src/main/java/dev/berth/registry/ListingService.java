package dev.berth.registry;

import static dev.berth.registry.error.RegistryErrorCode.NAME_UNKNOWN;

import dev.berth.metadata.MetadataStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.error.RegistryException;
import java.util.List;
import java.util.function.Function;

/** The sorted, paginated listings of the API: catalog, tags and referrers. */
public final class ListingService {
  private final MetadataStore metadata;

  public ListingService(MetadataStore metadata) {
    this.metadata = metadata;
  }

  public Page<RepositoryName> catalog(String after, int limit) {
    return page(limit, n -> metadata.repositories().list(after, n), RepositoryName::value);
  }

  public Page<Tag> tags(RepositoryName repository, String after, int limit) {
    Page<Tag> page = page(limit, n -> metadata.manifests().tags(repository, after, n), Tag::value);
    // Only an empty page needs the repository looked up: one with tags exists. CI jobs list tags
    // constantly, and that query took about a sixth of a cached listing's time.
    if (page.items().isEmpty() && !metadata.repositories().exists(repository)) {
      throw new RegistryException(NAME_UNKNOWN, "repository " + repository + " is not known to this registry");
    }
    return page;
  }

  /**
   * Manifests whose subject is {@code subject}, optionally only those of one artifact type.
   * An unknown subject simply has no referrers (OCI distribution spec, "Listing Referrers").
   */
  public List<Descriptor> referrers(RepositoryName repository, Digest subject, String artifactType) {
    List<Descriptor> all = metadata.manifests().referrers(repository, subject);
    if (artifactType == null) {
      return all;
    }
    return all.stream().filter(d -> artifactType.equals(d.artifactType())).toList();
  }

  /** Fetches one more than asked to learn whether another page follows. */
  private static <T> Page<T> page(int limit, Function<Integer, List<T>> fetch, Function<T, String> key) {
    if (limit <= 0) {
      return new Page<>(List.of(), null);
    }
    List<T> rows = fetch.apply(limit + 1);
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<T> items = rows.subList(0, limit);
    return new Page<>(items, key.apply(items.get(limit - 1)));
  }
}
