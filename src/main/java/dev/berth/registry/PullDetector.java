package dev.berth.registry;

import dev.berth.events.Caller;
import dev.berth.events.RegistryEvent;
import dev.berth.metadata.ManifestMetadata;
import dev.berth.metadata.StoredManifest;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.manifest.InvalidManifestException;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.oci.manifest.ParsedManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Decides which manifest fetches were pulls of the image. Reading a manifest alone is not a pull:
 * {@code skopeo inspect}, {@code crane digest}, a CI job checking for a new tag and a UI listing
 * platforms all fetch manifests (and often the config) and download nothing. A client pulls an
 * image when, after fetching its manifest, it fetches one of the image's layers from the same
 * repository; a manifest without layers counts on a fetch of any blob it names, and one that names
 * none counts at once. An index counts when one of its images, fetched by the same client, counts.
 *
 * <p>A client is its address (the peer's, as the registry sees it) and user name: anonymous clients
 * behind one NAT or proxy address are one client, and their overlapping pulls of one image count
 * once. Fetches wait for their confirming layer for {@link #CONFIRM_WITHIN}; what waits is bounded
 * per client and repository and in total, so that a client that only ever inspects costs a few
 * entries, and an unconfirmed fetch is simply forgotten.
 *
 * <p>Not thread-safe: called from the single thread that delivers registry events in order.
 */
final class PullDetector {
  static final Duration CONFIRM_WITHIN = Duration.ofMinutes(10);
  private static final int PENDING_PER_CLIENT = 16;

  /** Clients and repositories with fetches waiting, at most. */
  private static final int CLIENTS = 10_000;

  private static final int PARSED_MANIFESTS = 1_000;

  private final ManifestLookup manifests;
  private final ManifestParser parser;
  private final BiConsumer<RepositoryName, Digest> pulled;
  private final Map<ClientInRepository, Map<Digest, Fetch>> waiting = boundedLru(CLIENTS);
  private final Map<Digest, Needs> needsByManifest = boundedLru(PARSED_MANIFESTS);

  /** Where the detector reads a fetched manifest: {@link ManifestMetadata#get}. */
  @FunctionalInterface
  interface ManifestLookup {
    Optional<StoredManifest> get(RepositoryName repository, Digest digest);
  }

  /**
   * @param pulled told of each manifest that was pulled, once per pull
   */
  PullDetector(
      ManifestLookup manifests, ManifestParser parser, BiConsumer<RepositoryName, Digest> pulled) {
    this.manifests = manifests;
    this.parser = parser;
    this.pulled = pulled;
  }

  void manifestFetched(RegistryEvent.ManifestPulled event) {
    manifestFetched(
        ClientInRepository.of(event.caller(), event.repository()), event.digest(), event.at());
  }

  void blobFetched(RegistryEvent.BlobPulled event) {
    ClientInRepository client = ClientInRepository.of(event.caller(), event.repository());
    Map<Digest, Fetch> fetches = waiting.get(client);
    if (fetches == null) {
      return;
    }
    dropExpired(fetches, event.at());
    // Only the newest fetch that needs this blob: a client that inspected ten images on one base
    // and then pulled one has pulled one.
    Fetch newest = null;
    for (Fetch fetch : fetches.values()) {
      if (fetch.confirmingBlobs().contains(event.digest())) {
        newest = fetch;
      }
    }
    if (newest != null) {
      confirm(client.repository(), fetches, newest);
    } else if (waitingIndexOf(fetches, event.digest()) != null) {
      // A platform manifest read through the blob endpoint (a client's fallback) is a manifest
      // fetch all the same.
      manifestFetched(client, event.digest(), event.at());
      return;
    }
    if (fetches.isEmpty()) {
      waiting.remove(client);
    }
  }

  private void manifestFetched(ClientInRepository client, Digest digest, Instant at) {
    Map<Digest, Fetch> fetches = fetchesOf(client, at);
    Optional<Needs> needs = needsOf(client.repository(), digest);
    Digest index = waitingIndexOf(fetches, digest);
    if (needs.isEmpty() || needs.get().confirmedAtOnce()) {
      // Unreadable (then the old rule, a fetch is a pull) or nothing to download to confirm it.
      confirm(client.repository(), fetches, new Fetch(digest, Set.of(), Set.of(), index, null));
      if (fetches.isEmpty()) {
        waiting.remove(client);
      }
      return;
    }
    fetches.remove(digest); // a repeated fetch waits once, from now
    fetches.put(
        digest,
        new Fetch(
            digest,
            needs.get().confirmingBlobs(),
            needs.get().children(),
            index,
            at.plus(CONFIRM_WITHIN)));
    if (fetches.size() > PENDING_PER_CLIENT) {
      forgetOldestExcept(fetches, index);
    }
  }

  /** Forgets the oldest waiting fetch, but not the index the newest one was reached through. */
  private static void forgetOldestExcept(Map<Digest, Fetch> fetches, Digest index) {
    Iterator<Digest> oldestFirst = fetches.keySet().iterator();
    while (oldestFirst.hasNext()) {
      if (!oldestFirst.next().equals(index)) {
        oldestFirst.remove();
        return;
      }
    }
  }

  /** Counts the fetch and the indexes it was reached through (an index may list indexes). */
  private void confirm(RepositoryName repository, Map<Digest, Fetch> fetches, Fetch fetch) {
    fetches.remove(fetch.manifest());
    pulled.accept(repository, fetch.manifest());
    for (Digest index = fetch.index(); index != null; ) {
      Fetch parent = fetches.remove(index);
      if (parent == null) {
        return; // no longer waiting: expired, forgotten, or counted already
      }
      pulled.accept(repository, parent.manifest());
      index = parent.index();
    }
  }

  private Map<Digest, Fetch> fetchesOf(ClientInRepository client, Instant now) {
    Map<Digest, Fetch> fetches = waiting.computeIfAbsent(client, c -> new LinkedHashMap<>());
    dropExpired(fetches, now);
    return fetches;
  }

  private static void dropExpired(Map<Digest, Fetch> fetches, Instant now) {
    fetches.values().removeIf(f -> f.expires() != null && f.expires().isBefore(now));
  }

  /** The waiting index, fetched earlier by this client, that lists {@code manifest}; else null. */
  private static Digest waitingIndexOf(Map<Digest, Fetch> fetches, Digest manifest) {
    for (Fetch fetch : fetches.values()) {
      if (fetch.children().contains(manifest)) {
        return fetch.manifest();
      }
    }
    return null;
  }

  private Optional<Needs> needsOf(RepositoryName repository, Digest digest) {
    Needs known = needsByManifest.get(digest);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<StoredManifest> stored = manifests.get(repository, digest);
    if (stored.isEmpty()) {
      return Optional.empty(); // deleted since, or served from elsewhere
    }
    try {
      ParsedManifest parsed = parser.parse(stored.get().content(), stored.get().mediaType());
      Needs needs = Needs.of(parsed);
      needsByManifest.put(digest, needs);
      return Optional.of(needs);
    } catch (InvalidManifestException unreadable) {
      return Optional.empty();
    }
  }

  /** What must be fetched after a manifest for it to count as pulled. */
  private record Needs(Set<Digest> confirmingBlobs, Set<Digest> children) {
    static Needs of(ParsedManifest manifest) {
      if (manifest.isIndex()) {
        return new Needs(Set.of(), digests(manifest.manifests()));
      }
      List<Descriptor> confirming =
          manifest.layers().isEmpty() ? manifest.blobReferences() : manifest.layers();
      return new Needs(digests(confirming), Set.of());
    }

    boolean confirmedAtOnce() {
      return confirmingBlobs.isEmpty() && children.isEmpty();
    }

    private static Set<Digest> digests(List<Descriptor> descriptors) {
      return descriptors.stream().map(Descriptor::digest).collect(Collectors.toUnmodifiableSet());
    }
  }

  /**
   * A manifest fetch waiting to be confirmed by a blob fetch (or, for an index, by one of its
   * images being pulled).
   *
   * @param index the waiting index this manifest was listed in, or null
   * @param expires when it stops waiting; null for a fetch confirmed at once, which never waits
   */
  private record Fetch(
      Digest manifest,
      Set<Digest> confirmingBlobs,
      Set<Digest> children,
      Digest index,
      Instant expires) {}

  private record ClientInRepository(String address, String name, RepositoryName repository) {
    static ClientInRepository of(Caller caller, RepositoryName repository) {
      return new ClientInRepository(caller.address(), caller.name(), repository);
    }
  }

  /** An access-ordered map that forgets its least recently used entry beyond {@code capacity}. */
  private static <K, V> Map<K, V> boundedLru(int capacity) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }
}
