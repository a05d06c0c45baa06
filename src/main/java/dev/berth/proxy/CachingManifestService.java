package dev.berth.proxy;

import static dev.berth.registry.error.RegistryErrorCode.DENIED;
import static dev.berth.registry.error.RegistryErrorCode.MANIFEST_UNKNOWN;

import dev.berth.events.Caller;
import dev.berth.metadata.ManifestMetadata.References;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.StoredManifest;
import dev.berth.oci.Digest;
import dev.berth.oci.InvalidDigestException;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.proxy.UpstreamException.Kind;
import dev.berth.registry.ManifestService;
import dev.berth.registry.error.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manifests of cached repositories. By digest they are immutable: fetched once, then served from
 * the cache. By tag, the cached answer is trusted for the rule's TTL; after that a HEAD asks the
 * upstream for the tag's digest (a HEAD does not count against Docker Hub's pull limit), and only a
 * changed digest is fetched. When the upstream cannot answer, the cached copy is served
 * (stale-if-error). Pushes into a proxied prefix are refused.
 */
public final class CachingManifestService implements ManifestService {
  private static final Logger LOG = LoggerFactory.getLogger(CachingManifestService.class);

  /**
   * Every manifest type Berth stores, so the upstream sends an index rather than picking a
   * platform.
   */
  static final String ACCEPT =
      String.join(
          ", ",
          MediaTypes.OCI_INDEX,
          MediaTypes.OCI_MANIFEST,
          MediaTypes.DOCKER_MANIFEST_LIST,
          MediaTypes.DOCKER_MANIFEST);

  private static final Caller CACHE_FILL = Caller.system("pull-through cache");

  private record FlightKey(RepositoryName cache, String reference) {}

  private final ManifestService local;
  private final ProxyCache cache;
  private final MetadataStore metadata;
  private final SingleFlight<FlightKey> flights = new SingleFlight<>();

  public CachingManifestService(ManifestService local, ProxyCache cache, MetadataStore metadata) {
    this.local = local;
    this.cache = cache;
    this.metadata = metadata;
  }

  @Override
  public PushResult push(
      Caller caller,
      RepositoryName repository,
      Reference reference,
      byte[] content,
      String contentType,
      References references) {
    refuseProxied(cache, repository);
    return local.push(caller, repository, reference, content, contentType, references);
  }

  /** A push into a prefix is refused in words: what the prefix is, and where to push instead. */
  static void refuseProxied(ProxyCache cache, RepositoryName repository) {
    cache
        .prefixOf(repository)
        .ifPresent(
            rule -> {
              throw new RegistryException(
                  DENIED,
                  repository
                      + " is under '"
                      + rule.prefix()
                      + "/', a pull-through cache of "
                      + rule.upstream()
                      + "; it cannot be pushed to. Push to a name outside the proxied prefixes.");
            });
  }

  @Override
  public StoredManifest get(
      Caller caller, RepositoryName repository, Reference reference, boolean pull) {
    Optional<ProxiedName> route = cache.route(repository);
    if (route.isEmpty()) {
      return local.get(caller, repository, reference, pull);
    }
    ProxiedName name = route.get();
    RepositoryName stored = name.cacheName();
    String prefix = name.rule().prefix();
    ProxyStatistics stats = cache.statistics();
    if (pull) {
      cache.pulled(stored);
    }
    try {
      if (reference instanceof Reference.ByDigest byDigest) {
        Optional<StoredManifest> cached = metadata.manifests().get(stored, byDigest.digest());
        if (cached.isEmpty()) {
          countMiss(pull, prefix);
          flights.run(
              new FlightKey(stored, reference.toString()),
              () -> {
                if (metadata.manifests().get(stored, byDigest.digest()).isEmpty()) {
                  fetch(name, reference);
                }
              });
        } else if (pull) {
          stats.hit(prefix, cached.get().size());
        }
      } else {
        Tag tag = ((Reference.ByTag) reference).tag();
        if (cache.revalidations().fresh(stored, tag, name.rule().ttl())
            && metadata.manifests().resolveTag(stored, tag).isPresent()) {
          countHit(pull, stored, tag, prefix);
        } else {
          flights.run(
              new FlightKey(stored, reference.toString()), () -> revalidate(name, tag, pull));
        }
      }
    } catch (UpstreamException e) {
      stats.upstreamFailed(prefix, e);
      throw e.toClientError(MANIFEST_UNKNOWN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return local.get(caller, stored, reference, pull);
  }

  private void countMiss(boolean pull, String prefix) {
    if (pull) {
      cache.statistics().miss(prefix);
    }
  }

  private void countHit(boolean pull, RepositoryName stored, Tag tag, String prefix) {
    if (pull) {
      metadata
          .manifests()
          .resolveTag(stored, tag)
          .flatMap(d -> metadata.manifests().get(stored, d))
          .ifPresent(m -> cache.statistics().hit(prefix, m.size()));
    }
  }

  /**
   * Confirms (HEAD) or refreshes (GET) a cached tag. When the upstream fails and a copy is cached,
   * the copy is served; a tag the upstream no longer has is gone here too.
   */
  private void revalidate(ProxiedName name, Tag tag, boolean pull) throws IOException {
    RepositoryName stored = name.cacheName();
    String prefix = name.rule().prefix();
    Optional<Digest> cached = metadata.manifests().resolveTag(stored, tag);
    try {
      if (cached.isPresent()) {
        Optional<Digest> upstream = headDigest(name, tag);
        if (upstream.isPresent() && upstream.get().equals(cached.get())) {
          cache.revalidations().confirmed(stored, tag);
          cache.statistics().upstreamAnswered(prefix);
          countHit(pull, stored, tag, prefix);
          return;
        }
      }
      countMiss(pull, prefix);
      fetch(name, new Reference.ByTag(tag));
      cache.revalidations().confirmed(stored, tag);
    } catch (UpstreamException e) {
      if (cached.isPresent() && e.kind().staleAllowed()) {
        cache.statistics().upstreamFailed(prefix, e);
        cache.statistics().servedStale(prefix);
        LOG.info("Serving the cached {}:{} (upstream failed: {})", stored, tag, e.getMessage());
        return;
      }
      throw e;
    }
  }

  private Optional<Digest> headDigest(ProxiedName name, Tag tag) throws UpstreamException {
    try (UpstreamClient.Response r =
        cache.client(name.rule()).fetch("HEAD", name.upstreamName(), "manifests/" + tag, ACCEPT)) {
      String header = r.header("Docker-Content-Digest");
      try {
        return header == null ? Optional.empty() : Optional.of(Digest.parse(header.trim()));
      } catch (InvalidDigestException e) {
        return Optional.empty();
      }
    }
  }

  /**
   * GETs the manifest from the upstream, verifies its digest and stores it (with the tag, if by
   * tag).
   */
  private void fetch(ProxiedName name, Reference reference) throws IOException {
    String prefix = name.rule().prefix();
    cache.statistics().fetched(prefix);
    byte[] content;
    String mediaType;
    String announced;
    try (UpstreamClient.Response r =
        cache
            .client(name.rule())
            .fetch("GET", name.upstreamName(), "manifests/" + reference, ACCEPT)) {
      if (r.length() > MAX_MANIFEST_BYTES) {
        throw bad(
            name,
            reference,
            "announced a manifest of "
                + r.length()
                + " bytes, more than the limit of "
                + MAX_MANIFEST_BYTES);
      }
      try (InputStream in = r.body()) {
        content = in.readNBytes(MAX_MANIFEST_BYTES + 1);
      } catch (IOException e) {
        throw new UpstreamException(
            Kind.BAD_CONTENT,
            "upstream "
                + name.rule().upstream()
                + " broke off manifest "
                + reference
                + " of "
                + name.upstreamName()
                + ": "
                + e.getMessage()
                + "; nothing was cached",
            e);
      }
      if (content.length > MAX_MANIFEST_BYTES) {
        throw bad(name, reference, "sent a manifest larger than " + MAX_MANIFEST_BYTES + " bytes");
      }
      if (r.length() >= 0 && content.length != r.length()) {
        throw bad(
            name,
            reference,
            "sent " + content.length + " of the " + r.length() + " bytes it announced");
      }
      mediaType = r.header("Content-Type");
      announced = r.header("Docker-Content-Digest");
    }
    cache.statistics().upstreamAnswered(prefix);
    if (mediaType != null && mediaType.contains(";")) {
      mediaType = mediaType.substring(0, mediaType.indexOf(';')).trim();
    }
    Digest actual =
        reference instanceof Reference.ByDigest d
            ? Digest.of(
                d.digest().algorithm(), d.digest().algorithm().newMessageDigest().digest(content))
            : Digest.sha256(content);
    Digest expected =
        reference instanceof Reference.ByDigest d ? d.digest() : announcedDigest(announced, actual);
    if (!actual.equals(expected)) {
      throw bad(name, reference, "sent a manifest that hashes to " + actual + ", not " + expected);
    }
    try {
      local.push(
          CACHE_FILL, name.cacheName(), reference, content, mediaType, References.RECORDED_ONLY);
    } catch (RegistryException e) {
      if (e.status() == dev.berth.registry.error.RegistryErrorCode.INSUFFICIENT_STORAGE) {
        throw e; // our disk, not the upstream's fault
      }
      throw bad(name, reference, "sent a manifest Berth cannot store (" + e.getMessage() + ")");
    }
  }

  private static Digest announcedDigest(String header, Digest fallback) {
    if (header == null) {
      return fallback;
    }
    try {
      Digest d = Digest.parse(header.trim());
      return d.algorithm() == Digest.Algorithm.SHA256 ? d : fallback;
    } catch (InvalidDigestException e) {
      return fallback;
    }
  }

  private static UpstreamException bad(ProxiedName name, Reference reference, String what) {
    return new UpstreamException(
        Kind.BAD_CONTENT,
        "upstream "
            + name.rule().upstream()
            + " (rule '"
            + name.rule().prefix()
            + "') "
            + what
            + " for "
            + name.upstreamName()
            + ":"
            + reference
            + "; nothing was cached");
  }

  @Override
  public void delete(Caller caller, RepositoryName repository, Reference reference) {
    local.delete(
        caller, cache.route(repository).map(ProxiedName::cacheName).orElse(repository), reference);
  }
}
