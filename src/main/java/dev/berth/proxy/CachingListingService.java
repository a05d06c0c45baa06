package dev.berth.proxy;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.ListingService;
import dev.berth.registry.Page;
import java.util.List;

/**
 * Listings of cached repositories under any of their spellings ({@code hub/alpine}, a
 * default-mirror {@code library/alpine}): the cached copy's tags and referrers. The upstream's own
 * tag list is not asked for; a cache lists what it holds.
 */
public final class CachingListingService implements ListingService {
  private final ListingService local;
  private final ProxyCache cache;

  public CachingListingService(ListingService local, ProxyCache cache) {
    this.local = local;
    this.cache = cache;
  }

  private RepositoryName stored(RepositoryName repository) {
    return cache.route(repository).map(ProxiedName::cacheName).orElse(repository);
  }

  @Override
  public Page<RepositoryName> catalog(String after, int limit) {
    return local.catalog(after, limit);
  }

  @Override
  public Page<Tag> tags(RepositoryName repository, String after, int limit) {
    return local.tags(stored(repository), after, limit);
  }

  @Override
  public List<Descriptor> referrers(
      RepositoryName repository, Digest subject, String artifactType) {
    return local.referrers(stored(repository), subject, artifactType);
  }
}
