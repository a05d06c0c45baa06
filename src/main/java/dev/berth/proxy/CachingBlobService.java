package dev.berth.proxy;

import static dev.berth.registry.error.RegistryErrorCode.BLOB_UNKNOWN;

import dev.berth.events.Caller;
import dev.berth.events.RegistryEvent;
import dev.berth.events.RegistryEvents;
import dev.berth.metadata.BlobVanishedException;
import dev.berth.metadata.MetadataStore;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.BlobService;
import dev.berth.registry.error.RegistryException;
import dev.berth.storage.BlobDelivery;
import dev.berth.storage.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * Blobs of cached repositories: served from the cache when it has them, otherwise fetched from the
 * upstream once (however many clients ask at the same time) and streamed to every asking client
 * while the cache is filled (Distribution's {@code proxyblobstore.go}, with single-flight). Other
 * repositories go straight to the local service.
 */
public final class CachingBlobService implements BlobService {
  private final BlobService local;
  private final ProxyCache cache;
  private final MetadataStore metadata;
  private final BlobStore store;
  private final RegistryEvents events;
  private final Clock clock;

  public CachingBlobService(
      BlobService local,
      ProxyCache cache,
      MetadataStore metadata,
      BlobStore store,
      RegistryEvents events,
      Clock clock) {
    this.local = local;
    this.store = store;
    this.cache = cache;
    this.metadata = metadata;
    this.events = events;
    this.clock = clock;
  }

  /** Size as the upstream announced it, for a HEAD; nothing is ever delivered. */
  private record Described(Digest digest, long size) implements BlobContent {
    @Override
    public BlobDelivery deliver(long offset, long length) {
      throw new IllegalStateException("a HEAD delivers no bytes");
    }
  }

  /** A blob on its way from the upstream, read as it arrives. */
  private record Arriving(Digest digest, long size, BlobFetch fetch) implements BlobContent {
    @Override
    public BlobDelivery deliver(long offset, long length) {
      return new BlobDelivery.Stream(() -> fetch.open(offset), length);
    }
  }

  @Override
  public BlobContent find(Caller caller, RepositoryName repository, Digest digest, boolean pull)
      throws IOException {
    Optional<ProxiedName> route = cache.route(repository);
    if (route.isEmpty()) {
      return local.find(caller, repository, digest, pull);
    }
    if (!pull && cache.prefixOf(repository).isEmpty()) {
      // Through the default mirror, a name that is not local yet may be a repository of ours being
      // pushed, and a push HEADs every blob first. Answering from the upstream (or from its cached
      // copy) would make the client skip the upload and its manifest PUT fail, so a HEAD here says
      // only what this repository itself holds. Pulls GET their blobs and still go to the mirror.
      return local.find(caller, repository, digest, false);
    }
    ProxiedName name = route.get();
    String prefix = name.rule().prefix();
    ProxyStatistics stats = cache.statistics();
    if (pull) {
      cache.pulled(name.cacheName());
    }
    Optional<BlobContent> cached = cached(caller, name, digest, pull);
    if (cached.isPresent()) {
      if (pull) {
        stats.hit(prefix, cached.get().size());
      }
      return cached.get();
    }
    if (!pull) {
      return describe(name, digest);
    }
    stats.miss(prefix);
    Optional<BlobContent> shared = linkShared(caller, name, digest);
    if (shared.isPresent()) {
      stats.hit(prefix, shared.get().size());
      return shared.get();
    }
    BlobFetch fetch =
        cache
            .fetches()
            .join(
                name,
                digest,
                () -> metadata.blobs().linkedSize(name.cacheName(), digest).isPresent(),
                n -> cache.client(n.rule()),
                () -> stats.fetched(prefix));
    if (fetch == null) {
      return cached(caller, name, digest, true).orElseThrow(() -> unknown(name, digest));
    }
    long size;
    try {
      size = fetch.awaitSize();
      if (size < 0) {
        fetch.awaitEnd(); // no length announced: serve it once it is whole
        return cached(caller, name, digest, true).orElseThrow(() -> unknown(name, digest));
      }
    } catch (UpstreamException e) {
      stats.upstreamFailed(prefix, e);
      throw e.toClientError(BLOB_UNKNOWN);
    }
    stats.upstreamAnswered(prefix);
    events.publish(new RegistryEvent.BlobPulled(clock.instant(), caller, name.cacheName(), digest));
    return new Arriving(digest, size, fetch);
  }

  /**
   * A blob already stored here for another repository (a base layer that many images share) is not
   * downloaded again: once the upstream confirms with a HEAD that this repository has it, the
   * stored bytes are linked. Without that confirmation nothing is linked, so a cached repository
   * never serves bytes its upstream does not have.
   */
  private Optional<BlobContent> linkShared(Caller caller, ProxiedName name, Digest digest)
      throws IOException {
    Optional<Long> stored = store.size(digest);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    try (UpstreamClient.Response r =
        cache.client(name.rule()).fetch("HEAD", name.upstreamName(), "blobs/" + digest, null)) {
      if (r.length() >= 0 && r.length() != stored.get()) {
        return Optional.empty();
      }
    } catch (UpstreamException e) {
      return Optional.empty(); // the fetch that follows reports what the upstream says
    }
    try {
      metadata
          .blobs()
          .link(name.cacheName(), digest, stored.get(), () -> store.size(digest).isPresent());
    } catch (BlobVanishedException e) {
      return Optional.empty(); // collected meanwhile: fetch it after all
    }
    return cached(caller, name, digest, true);
  }

  private Optional<BlobContent> cached(Caller caller, ProxiedName name, Digest digest, boolean pull)
      throws IOException {
    try {
      return Optional.of(local.find(caller, name.cacheName(), digest, pull));
    } catch (RegistryException e) {
      if (e.code() != BLOB_UNKNOWN) {
        throw e;
      }
      return Optional.empty();
    }
  }

  /** A HEAD of a blob that is not cached asks the upstream, without fetching it. */
  private BlobContent describe(ProxiedName name, Digest digest) {
    try (UpstreamClient.Response response =
        cache.client(name.rule()).fetch("HEAD", name.upstreamName(), "blobs/" + digest, null)) {
      cache.statistics().upstreamAnswered(name.rule().prefix());
      if (response.length() < 0) {
        throw new UpstreamException(
            UpstreamException.Kind.BAD_CONTENT,
            "upstream "
                + name.rule().upstream()
                + " did not say how long blob "
                + digest
                + " of "
                + name.upstreamName()
                + " is");
      }
      return new Described(digest, response.length());
    } catch (UpstreamException e) {
      cache.statistics().upstreamFailed(name.rule().prefix(), e);
      throw e.toClientError(BLOB_UNKNOWN);
    }
  }

  private static RegistryException unknown(ProxiedName name, Digest digest) {
    return new RegistryException(
        BLOB_UNKNOWN, "blob " + digest + " is not in repository " + name.cacheName());
  }

  @Override
  public void delete(Caller caller, RepositoryName repository, Digest digest) {
    local.delete(
        caller, cache.route(repository).map(ProxiedName::cacheName).orElse(repository), digest);
  }
}
