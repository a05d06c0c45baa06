package dev.berth.proxy;

import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each cached tag was last confirmed with its upstream. Kept in memory: after a restart every
 * tag is revalidated once more, which costs a HEAD and is never wrong.
 */
final class TagRevalidations {
  private record Key(RepositoryName repository, Tag tag) {}

  private final Map<Key, Instant> checked = new ConcurrentHashMap<>();
  private final Map<RepositoryName, Instant> lastByRepository = new ConcurrentHashMap<>();
  private final Clock clock;

  TagRevalidations(Clock clock) {
    this.clock = clock;
  }

  boolean fresh(RepositoryName repository, Tag tag, Duration ttl) {
    Instant at = checked.get(new Key(repository, tag));
    return at != null && clock.instant().isBefore(at.plus(ttl));
  }

  void confirmed(RepositoryName repository, Tag tag) {
    Instant now = clock.instant();
    checked.put(new Key(repository, tag), now);
    lastByRepository.put(repository, now);
  }

  Optional<Instant> lastRevalidation(RepositoryName repository) {
    return Optional.ofNullable(lastByRepository.get(repository));
  }
}
