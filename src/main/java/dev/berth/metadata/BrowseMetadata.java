package dev.berth.metadata;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Read-only views over the metadata for people looking at the registry (the desktop browser and
 * dashboard): summaries, counts and sharing facts that the OCI API has no endpoint for.
 */
public interface BrowseMetadata {

  /**
   * Repositories holding at least one manifest whose name contains {@code nameContains} (all when
   * blank), in lexical order, at most {@code limit}.
   */
  List<RepositorySummary> repositories(String nameContains, int limit);

  /** Tags of a repository in lexical order after {@code after} (exclusive; null from the start). */
  List<TagRow> tags(RepositoryName repository, String after, int limit);

  /**
   * For each digest, how many manifests (over all repositories) reference it as config or layer.
   * Digests nothing references are absent.
   */
  Map<Digest, Integer> blobReferenceCounts(Collection<Digest> digests);

  /** Registry-wide totals for the dashboard. */
  Totals totals();

  /** The most recently pushed manifests, newest first. */
  List<Activity> recentPushes(int limit);

  /** The most recently pulled manifests, newest first. */
  List<Activity> recentPulls(int limit);

  /**
   * @param totalBytes the bytes of the blobs the repository links, each counted once
   */
  record RepositorySummary(RepositoryName name, int tagCount, int manifestCount, long totalBytes) {}

  /**
   * A tag and the manifest it points at.
   *
   * @param contentBytes the bytes the tagged manifest references: config and layers, and for an
   *     index those of its child manifests
   */
  record TagRow(
      String tag,
      Digest digest,
      String mediaType,
      long manifestSize,
      long contentBytes,
      Instant pushedAt,
      Instant updatedAt) {}

  /**
   * @param repositories repositories with at least one manifest
   * @param blobBytes bytes of all known blobs, each counted once
   */
  record Totals(long repositories, long tags, long manifests, long blobs, long blobBytes) {}

  /**
   * A push or pull of a manifest.
   *
   * @param tags the tags on the manifest now, possibly none
   * @param pullCount pulls recorded so far
   * @param pushedBy who pushed it, or last moved one of its tags ({@code alice@10.0.0.5}); null for
   *     pushes from before Berth recorded it
   */
  record Activity(
      RepositoryName repository,
      Digest digest,
      List<String> tags,
      Instant at,
      long pullCount,
      String pushedBy) {}
}
