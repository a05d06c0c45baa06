package dev.berth.metadata.h2;

import dev.berth.metadata.ManifestMetadata.ManifestKey;
import dev.berth.oci.Digest;
import java.util.Comparator;
import java.util.List;

/**
 * The one order in which transactions lock rows: blobs before manifests, each by digest (manifests
 * by repository, then digest). Pushes and garbage collection both follow it, so they wait for each
 * other but never deadlock.
 */
final class LockOrder {
  private LockOrder() {}

  static List<Digest> blobs(List<Digest> digests) {
    return digests.stream().distinct().sorted().toList();
  }

  static List<ManifestKey> manifests(List<ManifestKey> keys) {
    return keys.stream()
        .distinct()
        .sorted(
            Comparator.comparing((ManifestKey k) -> k.repository().value())
                .thenComparing(ManifestKey::digest))
        .toList();
  }
}
