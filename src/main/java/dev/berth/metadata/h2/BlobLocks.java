package dev.berth.metadata.h2;

import dev.berth.oci.Digest;
import java.sql.Connection;
import java.sql.SQLException;

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
