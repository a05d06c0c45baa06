package dev.berth.proxy;

import dev.berth.events.Caller;
import dev.berth.events.RegistryEvent;
import dev.berth.events.RegistryEvents;
import dev.berth.metadata.BrowseMetadata.RepositorySummary;
import dev.berth.metadata.MetadataStore;
import dev.berth.oci.RepositoryName;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a rule's cache under its size limit: when a fetch takes it over, the cached repositories
 * pulled least recently are deleted (whole repositories; their bytes go with the next garbage
 * collection, as with any deletion), never the one just fetched. Pull times are remembered since
 * the registry started; repositories not pulled since then go first.
 */
final class CacheEviction {
  private static final Logger LOG = LoggerFactory.getLogger(CacheEviction.class);
  private static final Caller EVICTION = Caller.system("pull-through cache size limit");

  private final MetadataStore metadata;
  private final RegistryEvents events;
  private final Clock clock;
  private final Map<RepositoryName, Instant> lastPulled = new ConcurrentHashMap<>();

  CacheEviction(MetadataStore metadata, RegistryEvents events, Clock clock) {
    this.metadata = metadata;
    this.events = events;
    this.clock = clock;
  }

  void pulled(RepositoryName cached) {
    lastPulled.put(cached, clock.instant());
  }

  /** The rule's cached repositories with at least one manifest. */
  List<RepositorySummary> repositories(String prefix) {
    return metadata.browse().repositories(prefix + "/", 100_000).stream()
        .filter(r -> r.name().value().startsWith(prefix + "/"))
        .toList();
  }

  /**
   * Deletes least recently pulled repositories of {@code rule} until it fits its limit; returns
   * them.
   */
  synchronized List<RepositoryName> enforce(ProxyRule rule, RepositoryName keep) {
    if (rule.sizeLimit() <= 0) {
      return List.of();
    }
    List<RepositorySummary> repositories = new ArrayList<>(repositories(rule.prefix()));
    long total = repositories.stream().mapToLong(RepositorySummary::totalBytes).sum();
    if (total <= rule.sizeLimit()) {
      return List.of();
    }
    repositories.sort(
        Comparator.comparing(
                (RepositorySummary r) -> lastPulled.getOrDefault(r.name(), Instant.MIN))
            .thenComparing(RepositorySummary::name));
    List<RepositoryName> evicted = new ArrayList<>();
    for (RepositorySummary r : repositories) {
      if (total <= rule.sizeLimit()) {
        break;
      }
      if (r.name().equals(keep)) {
        continue;
      }
      if (metadata.repositories().delete(r.name())) {
        lastPulled.remove(r.name());
        events.publish(new RegistryEvent.RepositoryDeleted(clock.instant(), EVICTION, r.name()));
        evicted.add(r.name());
        total -= r.totalBytes();
      }
    }
    LOG.info(
        "Pull-through cache '{}' was over its limit of {} bytes: evicted {} (least recently pulled)",
        rule.prefix(),
        rule.sizeLimit(),
        evicted);
    return evicted;
  }
}
