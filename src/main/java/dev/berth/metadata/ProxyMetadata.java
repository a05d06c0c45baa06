package dev.berth.metadata;

import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.time.Instant;
import java.util.Optional;

/**
 * What the pull-through cache remembers beyond manifests and blobs: when tags were confirmed
 * upstream.
 */
public interface ProxyMetadata {

  /**
   * Records that {@code tag} of the cached {@code repository} was confirmed with its upstream at
   * {@code at}.
   */
  void tagChecked(RepositoryName repository, Tag tag, Instant at);

  Optional<Instant> tagCheckedAt(RepositoryName repository, Tag tag);

  /** The latest confirmation of any tag of {@code repository}. */
  Optional<Instant> lastCheck(RepositoryName repository);
}
