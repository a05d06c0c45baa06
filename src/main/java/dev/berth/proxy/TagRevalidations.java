package dev.berth.proxy;

import dev.berth.metadata.ProxyMetadata;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When each cached tag was last confirmed with its upstream, kept in the metadata store so that
 * TTLs (and the browser's "last revalidation") survive a restart.
 */
final class TagRevalidations {
  private final ProxyMetadata metadata;
  private final Clock clock;

  TagRevalidations(ProxyMetadata metadata, Clock clock) {
    this.metadata = metadata;
    this.clock = clock;
  }

  boolean fresh(RepositoryName repository, Tag tag, Duration ttl) {
    Optional<Instant> at = metadata.tagCheckedAt(repository, tag);
    return at.isPresent() && clock.instant().isBefore(at.get().plus(ttl));
  }

  void confirmed(RepositoryName repository, Tag tag) {
    metadata.tagChecked(repository, tag, clock.instant());
  }

  Optional<Instant> lastRevalidation(RepositoryName repository) {
    return metadata.lastCheck(repository);
  }
}
