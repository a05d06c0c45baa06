package dev.berth.desktop.services;

import dev.berth.browse.ImageDetails;
import dev.berth.browse.LayerListing;
import dev.berth.browse.RepositoryBrowser;
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

/** {@link BrowseService} over the embedded engine's {@link RepositoryBrowser}. */
final class LocalBrowseService implements BrowseService {
  private final RepositoryBrowser browser;

  LocalBrowseService(RepositoryBrowser browser) {
    this.browser = browser;
  }

  @Override
  public List<RepositorySummary> repositories(String nameContains, int limit) {
    return browser.repositories(nameContains, limit);
  }

  @Override
  public Totals totals() {
    return browser.totals();
  }

  @Override
  public List<Activity> recentPushes(int limit) {
    return browser.recentPushes(limit);
  }

  @Override
  public List<Activity> recentPulls(int limit) {
    return browser.recentPulls(limit);
  }

  @Override
  public Page<TagSummary> tags(RepositoryName repository, String after, int limit) {
    return browser.tags(repository, after, limit);
  }

  @Override
  public java.util.Optional<dev.berth.browse.CacheOrigin> cacheOrigin(RepositoryName repository) {
    return browser.cacheOrigin(repository);
  }

  @Override
  public ImageDetails details(RepositoryName repository, Digest digest) throws IOException {
    return browser.details(repository, digest);
  }

  @Override
  public LayerListing layerContents(
      Descriptor layer, LongConsumer bytesRead, BooleanSupplier cancelled) throws IOException {
    return browser.layerContents(layer, bytesRead, cancelled);
  }
}
