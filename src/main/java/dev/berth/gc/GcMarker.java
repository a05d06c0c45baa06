package dev.berth.gc;

import dev.berth.gc.GcPlan.BlobItem;
import dev.berth.gc.GcPlan.ManifestItem;
import dev.berth.metadata.GcMetadata.BlobRef;
import dev.berth.metadata.GcMetadata.BlobRow;
import dev.berth.metadata.GcMetadata.ChildEdge;
import dev.berth.metadata.GcMetadata.GraphSnapshot;
import dev.berth.metadata.GcMetadata.ManifestNode;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mark phase, as a pure function of a graph snapshot. Roots are tagged manifests (or, unless
 * untagged manifests are to go, every manifest) plus anything younger than the grace cutoff. From a
 * live manifest, its child manifests (indexes), its blobs and its referrers (signatures, SBOMs
 * whose subject it is) are live too. Manifests are per repository; blobs are global, so a blob
 * lives while any live manifest in any repository references it.
 */
final class GcMarker {
  private record Key(RepositoryName repository, Digest digest) {}

  private GcMarker() {}

  /**
   * Unreachable manifests older than the grace period, and unreferenced blobs unused for longer
   * than their grace period ({@link GcOptions#blobGracePeriod}), as of {@code now}.
   */
  static Marked mark(GraphSnapshot graph, boolean deleteUntagged, Instant now, GcOptions options) {
    Instant cutoff = now.minus(options.gracePeriod());
    java.time.Duration blobGrace = options.blobGracePeriod();
    Instant blobCutoff = now.minus(blobGrace);
    Map<Key, ManifestNode> nodes = new HashMap<>();
    Map<Key, List<Key>> children = new HashMap<>();
    Map<Key, List<Key>> referrers = new HashMap<>();
    Map<Key, List<Digest>> blobs = new HashMap<>();
    for (ManifestNode m : graph.manifests()) {
      Key key = new Key(m.repository(), m.digest());
      nodes.put(key, m);
      if (m.subject() != null) {
        referrers
            .computeIfAbsent(new Key(m.repository(), m.subject()), k -> new ArrayList<>())
            .add(key);
      }
    }
    for (ChildEdge e : graph.children()) {
      children
          .computeIfAbsent(new Key(e.repository(), e.parent()), k -> new ArrayList<>())
          .add(new Key(e.repository(), e.child()));
    }
    for (BlobRef r : graph.blobRefs()) {
      blobs
          .computeIfAbsent(new Key(r.repository(), r.manifest()), k -> new ArrayList<>())
          .add(r.blob());
    }

    Set<Key> live = new HashSet<>();
    Deque<Key> queue = new ArrayDeque<>();
    for (ManifestNode m : graph.manifests()) {
      if (!deleteUntagged || m.tagged() || !m.createdAt().isBefore(cutoff)) {
        queue.add(new Key(m.repository(), m.digest()));
      }
    }
    Set<Digest> liveBlobs = new HashSet<>();
    while (!queue.isEmpty()) {
      Key key = queue.poll();
      if (!nodes.containsKey(key) || !live.add(key)) {
        continue;
      }
      queue.addAll(children.getOrDefault(key, List.of()));
      queue.addAll(referrers.getOrDefault(key, List.of()));
      liveBlobs.addAll(blobs.getOrDefault(key, List.of()));
    }

    List<ManifestItem> deadManifests = new ArrayList<>();
    for (ManifestNode m : graph.manifests()) {
      if (!live.contains(new Key(m.repository(), m.digest()))) {
        deadManifests.add(new ManifestItem(m.repository(), m.digest(), m.size()));
      }
    }
    List<BlobItem> deadBlobs = new ArrayList<>();
    List<GcPlan.HeldBack> heldBack = new ArrayList<>();
    Set<Digest> recorded = new HashSet<>();
    for (BlobRow b : graph.blobs()) {
      recorded.add(b.digest());
      if (liveBlobs.contains(b.digest())) {
        continue;
      }
      Instant lastUse = lastUse(b);
      if (lastUse.isBefore(blobCutoff)) {
        deadBlobs.add(new BlobItem(b.digest(), b.size()));
      } else {
        heldBack.add(
            new GcPlan.HeldBack(b.digest(), Math.max(b.size(), 0), lastUse.plus(blobGrace)));
      }
    }
    return new Marked(deadManifests, deadBlobs, heldBack, recorded);
  }

  /** The mark result; {@code recorded} is every digest with a blob row (to find orphan files). */
  record Marked(
      List<ManifestItem> manifests,
      List<BlobItem> blobs,
      List<GcPlan.HeldBack> heldBack,
      Set<Digest> recorded) {}

  /**
   * When a client last used the blob; rows written before uses were recorded fall back to creation
   * and links.
   */
  private static Instant lastUse(BlobRow b) {
    Instant use = b.lastUsedAt() != null ? b.lastUsedAt() : b.createdAt();
    return b.lastLinkedAt() != null && b.lastLinkedAt().isAfter(use) ? b.lastLinkedAt() : use;
  }
}
