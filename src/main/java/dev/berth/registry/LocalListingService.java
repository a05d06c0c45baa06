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

/** The listings over this registry's metadata. */
public final class LocalListingService implements ListingService {
  private final MetadataStore metadata;
  private final TagListCache tagLists;

  public LocalListingService(MetadataStore metadata, TagListCache tagLists) {
    this.metadata = metadata;
    this.tagLists = tagLists;
  }

  @Override
  public Page<RepositoryName> catalog(String after, int limit) {
    return page(limit, n -> metadata.repositories().list(after, n), RepositoryName::value);
  }

  @Override
  public Page<Tag> tags(RepositoryName repository, String after, int limit) {
    Page<Tag> page = page(limit, n -> cachedTags(repository, after, n), Tag::value);
    // Only an empty page needs the repository looked up: one with tags exists. CI jobs list tags
    // constantly, and that query took about a sixth of a cached listing's time.
    if (page.items().isEmpty() && !metadata.repositories().exists(repository)) {
      throw new RegistryException(
          NAME_UNKNOWN, "repository " + repository + " is not known to this registry");
    }
    return page;
  }

  /**
   * Tags from the cache when it knows them; otherwise all of them are read (up to one more than the
   * cache keeps) and kept, the generation taken before the read (see {@link TagListCache}).
   */
  private List<Tag> cachedTags(RepositoryName repository, String after, int limit) {
    long generation = tagLists.generation(repository);
    TagListCache.Lookup known = tagLists.lookup(repository, after, limit);
    if (known instanceof TagListCache.Hit hit) {
      return hit.page();
    }
    if (known instanceof TagListCache.TooMany) {
      return metadata.manifests().tags(repository, after, limit);
    }
    List<Tag> all = metadata.manifests().tags(repository, null, tagLists.maxTagsPerEntry() + 1);
    tagLists.store(repository, generation, all);
    return all.size() <= tagLists.maxTagsPerEntry()
        ? TagListCache.slice(all, after, limit)
        : metadata.manifests().tags(repository, after, limit);
  }

  @Override
  public List<Descriptor> referrers(
      RepositoryName repository, Digest subject, String artifactType) {
    List<Descriptor> all = metadata.manifests().referrers(repository, subject);
    if (artifactType == null) {
      return all;
    }
    return all.stream().filter(d -> artifactType.equals(d.artifactType())).toList();
  }

  /** Fetches one more than asked to learn whether another page follows. */
  private static <T> Page<T> page(
      int limit, Function<Integer, List<T>> fetch, Function<T, String> key) {
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
