package dev.berth.registry;

import dev.berth.metadata.BlobMetadata;
import dev.berth.oci.Digest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records clients' uses of blobs (a HEAD or GET), asking the metadata only when the use it last saw
 * recorded is older than {@link BlobMetadata#USE_RESOLUTION}. The metadata writes at most once per
 * resolution anyway; this spares a busy blob's every read the query that finds it need not write.
 * What the metadata holds is unchanged: a recorded use only ever moves forward, except when the
 * store resets (a reopen drops commits that never synced), and then {@link #forget} must be called.
 */
final class RecentBlobUses {
  /** Past this many blobs the memory starts over; a forgotten blob costs one query again. */
  static final int CAPACITY = 50_000;

  private final BlobMetadata blobs;
  private final Clock clock;
  private final ConcurrentHashMap<Digest, Instant> recorded = new ConcurrentHashMap<>();

  RecentBlobUses(BlobMetadata blobs, Clock clock) {
    this.blobs = blobs;
    this.clock = clock;
  }

  /** Forgets every use seen: the store may no longer hold them. */
  void forget() {
    recorded.clear();
  }

  /** Records a use of {@code digest} now, to within the resolution. */
  void used(Digest digest) {
    Instant seen = recorded.get(digest);
    if (seen != null && !seen.isBefore(clock.instant().minus(BlobMetadata.USE_RESOLUTION))) {
      return;
    }
    Optional<Instant> now = blobs.touch(digest);
    if (now.isEmpty()) {
      recorded.remove(digest);
      return;
    }
    if (recorded.size() >= CAPACITY) {
      recorded.clear();
    }
    recorded.put(digest, now.get());
  }
}
