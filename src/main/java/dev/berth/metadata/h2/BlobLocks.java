package dev.berth.metadata.h2;

import dev.berth.oci.Digest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Row locks on {@code blobs}: the one lock that linking a blob, pushing a manifest that references
 * it, and garbage-collecting it all take, which serialises those three around each blob.
 */
final class BlobLocks {
  private BlobLocks() {}

  /** Locks the blob's row until the transaction ends; false when there is no row. */
  static boolean lock(Connection c, Digest digest) throws SQLException {
    return Jdbc.exists(
        c,
        "SELECT digest FROM blobs WHERE digest = ? FOR UPDATE",
        s -> s.setString(1, digest.toString()));
  }

  /**
   * Locks the blob's row until the transaction ends and reads its recorded last use in the same
   * statement; empty when there is no row. The inner value is empty when no use was recorded yet.
   */
  static Optional<Optional<Instant>> lockReadingLastUse(Connection c, Digest digest)
      throws SQLException {
    return Jdbc.first(
        c,
        "SELECT last_used_at FROM blobs WHERE digest = ? FOR UPDATE",
        s -> s.setString(1, digest.toString()),
        rs -> Optional.ofNullable(Jdbc.getInstant(rs, "last_used_at")));
  }

  /** Locks a manifest's row until the transaction ends; false when there is no row. */
  static boolean lockManifest(Connection c, long repositoryId, Digest digest) throws SQLException {
    return Jdbc.exists(
        c,
        "SELECT digest FROM manifests WHERE repository_id = ? AND digest = ? FOR UPDATE",
        s -> {
          s.setLong(1, repositoryId);
          s.setString(2, digest.toString());
        });
  }
}
