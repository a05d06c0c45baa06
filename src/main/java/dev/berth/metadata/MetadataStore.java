package dev.berth.metadata;

import dev.berth.users.UserStore;

/**
 * Everything the registry knows besides blob bytes: repositories, which blobs each repository
 * links, manifests with their reference graph, tags upload sessions and users. The H2
 * implementation is the default; an external database can implement the same parts.
 */
public interface MetadataStore extends AutoCloseable {
  RepositoryMetadata repositories();

  BlobMetadata blobs();

  ManifestMetadata manifests();

  UploadMetadata uploads();

  GcMetadata gc();

  /** Registry users (authentication and permissions). */
  UserStore users();

  /** Read-only summaries for the desktop browser and dashboard. */
  BrowseMetadata browse();

  /** When the pull-through cache last confirmed its tags upstream. */
  ProxyMetadata proxy();

  /** What a storage check reads, and its one repair. */
  IntegrityMetadata integrity();

  /** Events kept durably for consumers that must not miss one. */
  OutboxMetadata outbox();

  /**
   * Runs {@code listener} when the store may have lost changes that were read but never
   * acknowledged (it was reopened after a failed write): caches of what was read must forget it.
   */
  void onReset(Runnable listener);

  @Override
  void close();
}
