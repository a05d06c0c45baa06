package dev.berth.desktop.services;

import dev.berth.browse.ImageDetails;
import dev.berth.browse.LayerListing;
import dev.berth.browse.TagSummary;
import dev.berth.metadata.BrowseMetadata.Activity;
import dev.berth.metadata.BrowseMetadata.RepositorySummary;
import dev.berth.metadata.BrowseMetadata.Totals;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.Page;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * What the app reads of a registry: repositories, tags, image details, a layer's files, totals and
 * activity. The embedded engine stands behind it today ({@link LocalBrowseService}); a remote
 * registry could implement it over the HTTP API, and the views would not change.
 */
public interface BrowseService {
  List<RepositorySummary> repositories(String nameContains, int limit);

  Totals totals();

  List<Activity> recentPushes(int limit);

  List<Activity> recentPulls(int limit);

  Page<TagSummary> tags(RepositoryName repository, String after, int limit);

  /**
   * Where a cached repository comes from (its pull-through rule and upstream); empty for our own.
   */
  java.util.Optional<dev.berth.browse.CacheOrigin> cacheOrigin(RepositoryName repository);

  ImageDetails details(RepositoryName repository, Digest digest) throws IOException;

  LayerListing layerContents(Descriptor layer, LongConsumer bytesRead, BooleanSupplier cancelled)
      throws IOException;
}
