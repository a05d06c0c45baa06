package dev.berth.metadata.h2;

import dev.berth.metadata.GcMetadata;
import dev.berth.metadata.ManifestMetadata.ManifestKey;
import dev.berth.metadata.MetadataException;
import dev.berth.metadata.sql.SqlDialect;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.UploadId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

final class H2GcMetadata implements GcMetadata {
  private final Jdbc jdbc;
  private final Clock clock;
  private final SpaceReclaimer reclaimer;

  H2GcMetadata(Jdbc jdbc, Clock clock, SpaceReclaimer reclaimer) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.reclaimer = reclaimer;
  }

  @Override
  public GraphSnapshot snapshot() {
    // REPEATABLE READ: all four reads see the same moment, so the marks are consistent.
    return jdbc.readSnapshot(
        c ->
            new GraphSnapshot(
                Jdbc.list(
                    c,
                    "SELECT r.name, m.digest, OCTET_LENGTH(m.content), m.created_at, m.subject_digest,"
                        + " EXISTS (SELECT 1 FROM tags t WHERE t.repository_id = m.repository_id AND t.manifest_digest = m.digest)"
                        + " FROM manifests m JOIN repositories r ON r.id = m.repository_id",
                    s -> {},
                    rs ->
                        new ManifestNode(
                            new RepositoryName(rs.getString(1)),
                            Digest.parse(rs.getString(2)),
                            rs.getLong(3),
                            Jdbc.getInstant(rs, "created_at"),
                            rs.getBoolean(6),
                            rs.getString(5) == null ? null : Digest.parse(rs.getString(5)))),
                Jdbc.list(
                    c,
                    "SELECT r.name, e.parent_digest, e.child_digest FROM manifest_children e JOIN repositories r ON r.id = e.repository_id",
                    s -> {},
                    rs ->
                        new ChildEdge(
                            new RepositoryName(rs.getString(1)),
                            Digest.parse(rs.getString(2)),
                            Digest.parse(rs.getString(3)))),
                Jdbc.list(
                    c,
                    "SELECT r.name, e.manifest_digest, e.blob_digest FROM manifest_blobs e JOIN repositories r ON r.id = e.repository_id",
                    s -> {},
                    rs ->
                        new BlobRef(
                            new RepositoryName(rs.getString(1)),
                            Digest.parse(rs.getString(2)),
                            Digest.parse(rs.getString(3)))),
                Jdbc.list(
                    c,
                    "SELECT b.digest, b.size, b.created_at, b.last_used_at,"
                        + " (SELECT MAX(l.linked_at) FROM repository_blobs l WHERE l.digest = b.digest) AS last_linked"
                        + " FROM blobs b",
                    s -> {},
                    rs ->
                        new BlobRow(
                            Digest.parse(rs.getString(1)),
                            rs.getLong(2),
                            Jdbc.getInstant(rs, "created_at"),
                            Jdbc.getInstant(rs, "last_linked"),
                            Jdbc.getInstant(rs, "last_used_at")))));
  }

  @Override
  public void reclaimSpace(Duration budget) {
    try {
      reclaimer.reclaim(budget);
    } catch (SQLException e) {
      throw new MetadataException(
          "could not reclaim the metadata file's space: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public List<ManifestKey> deleteManifestsIfUnreachable(List<ManifestKey> batch, Instant cutoff) {
    return jdbc.write(
        c -> {
          List<ManifestKey> deleted = new ArrayList<>();
          for (ManifestKey key : LockOrder.manifests(batch)) {
            if (deleteManifestIfUnreachable(c, key, cutoff)) {
              deleted.add(key);
            }
          }
          return deleted;
        });
  }

  private static boolean deleteManifestIfUnreachable(Connection c, ManifestKey key, Instant cutoff)
      throws SQLException {
    var repositoryId = Repositories.id(c, key.repository());
    if (repositoryId.isEmpty() || !BlobLocks.lockManifest(c, repositoryId.get(), key.digest())) {
      return false;
    }
    long id = repositoryId.get();
    boolean keep =
        Jdbc.exists(
            c,
            "SELECT 1 FROM manifests m WHERE m.repository_id = ? AND m.digest = ? AND ("
                + " m.created_at >= ?"
                + " OR EXISTS (SELECT 1 FROM tags t WHERE t.repository_id = m.repository_id AND t.manifest_digest = m.digest)"
                + " OR EXISTS (SELECT 1 FROM manifest_children e WHERE e.repository_id = m.repository_id AND e.child_digest = m.digest)"
                + " OR EXISTS (SELECT 1 FROM manifests s WHERE s.repository_id = m.repository_id AND s.digest = m.subject_digest))",
            s -> {
              s.setLong(1, id);
              s.setString(2, key.digest().toString());
              Jdbc.setInstant(s, 3, cutoff);
            });
    if (keep) {
      return false;
    }
    return Jdbc.update(
            c,
            "DELETE FROM manifests WHERE repository_id = ? AND digest = ?",
            s -> {
              s.setLong(1, id);
              s.setString(2, key.digest().toString());
            })
        > 0;
  }

  @Override
  public List<Digest> deleteBlobsIfUnreferenced(List<Digest> batch, Instant cutoff) {
    Instant now = clock.instant();
    return jdbc.write(
        c -> {
          List<Digest> deleted = new ArrayList<>();
          for (Digest digest : LockOrder.blobs(batch)) {
            if (!BlobLocks.lock(c, digest)) {
              continue;
            }
            boolean keep =
                Jdbc.exists(
                    c,
                    "SELECT 1 FROM blobs b WHERE b.digest = ? AND (COALESCE(b.last_used_at, b.created_at) >= ?"
                        + " OR EXISTS (SELECT 1 FROM manifest_blobs e WHERE e.blob_digest = b.digest)"
                        + " OR EXISTS (SELECT 1 FROM repository_blobs l WHERE l.digest = b.digest AND l.linked_at >= ?))",
                    s -> {
                      s.setString(1, digest.toString());
                      Jdbc.setInstant(s, 2, cutoff);
                      Jdbc.setInstant(s, 3, cutoff);
                    });
            if (!keep) {
              deleteBlobRows(c, digest);
              Jdbc.update(
                  c,
                  SqlDialect.H2.upsert("blob_tombstones", List.of("digest"), List.of("deleted_at")),
                  s -> {
                    s.setString(1, digest.toString());
                    Jdbc.setInstant(s, 2, now);
                  });
              deleted.add(digest);
            }
          }
          return deleted;
        });
  }

  @Override
  public List<Digest> tombstones(int limit) {
    return jdbc.list(
        "SELECT digest FROM blob_tombstones ORDER BY deleted_at, digest LIMIT ?",
        s -> s.setInt(1, limit),
        rs -> Digest.parse(rs.getString(1)));
  }

  @Override
  public List<Digest> removeBytes(List<Digest> batch, BytesRemoval removeBytes) {
    return jdbc.write(
        c -> {
          List<Digest> removed = new ArrayList<>();
          for (Digest digest : LockOrder.blobs(batch)) {
            if (claim(c, digest)) {
              remove(removeBytes, digest);
              Jdbc.update(
                  c, "DELETE FROM blobs WHERE digest = ?", s -> s.setString(1, digest.toString()));
              removed.add(digest);
            }
            Jdbc.update(
                c,
                "DELETE FROM blob_tombstones WHERE digest = ?",
                s -> s.setString(1, digest.toString()));
          }
          return removed;
        });
  }

  /**
   * Inserts a placeholder row for a digest that has none. The row holds the lock an upload's link
   * would need until this transaction ends; an upload that linked first keeps its row, and false
   * says so.
   */
  private boolean claim(Connection c, Digest digest) throws SQLException {
    try {
      Jdbc.update(
          c,
          "INSERT INTO blobs (digest, size, created_at) VALUES (?, -1, ?)",
          s -> {
            s.setString(1, digest.toString());
            Jdbc.setInstant(s, 2, clock.instant());
          });
      return true;
    } catch (SQLException e) {
      if (Jdbc.isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }

  private static void deleteBlobRows(Connection c, Digest digest) throws SQLException {
    Jdbc.update(
        c, "DELETE FROM repository_blobs WHERE digest = ?", s -> s.setString(1, digest.toString()));
    Jdbc.update(c, "DELETE FROM blobs WHERE digest = ?", s -> s.setString(1, digest.toString()));
  }

  private static void remove(BytesRemoval removal, Digest digest) {
    try {
      removal.remove(digest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<UploadId> uploadsStartedBefore(Instant cutoff) {
    return jdbc.list(
        "SELECT id FROM uploads WHERE started_at < ?",
        s -> Jdbc.setInstant(s, 1, cutoff),
        rs -> new UploadId(rs.getObject(1, UUID.class)));
  }

  @Override
  public void recordRun(GcRun run) {
    jdbc.update(
        "INSERT INTO gc_runs (started_at, finished_at, dry_run, delete_untagged, outcome, manifests_deleted,"
            + " blobs_deleted, uploads_purged, bytes_freed, held_back_blobs, held_back_bytes, collectable_from)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s -> {
          Jdbc.setInstant(s, 1, run.startedAt());
          Jdbc.setInstant(s, 2, run.finishedAt());
          s.setBoolean(3, run.dryRun());
          s.setBoolean(4, run.deleteUntagged());
          s.setString(5, run.outcome());
          s.setLong(6, run.manifestsDeleted());
          s.setLong(7, run.blobsDeleted());
          s.setLong(8, run.uploadsPurged());
          s.setLong(9, run.bytesFreed());
          s.setLong(10, run.heldBackBlobs());
          s.setLong(11, run.heldBackBytes());
          Jdbc.setInstant(s, 12, run.collectableFrom());
        });
  }

  @Override
  public List<GcRun> recentRuns(int limit) {
    return jdbc.list(
        "SELECT * FROM gc_runs ORDER BY id DESC LIMIT ?",
        s -> s.setInt(1, limit),
        rs ->
            new GcRun(
                Jdbc.getInstant(rs, "started_at"),
                Jdbc.getInstant(rs, "finished_at"),
                rs.getBoolean("dry_run"),
                rs.getBoolean("delete_untagged"),
                rs.getString("outcome"),
                rs.getLong("manifests_deleted"),
                rs.getLong("blobs_deleted"),
                rs.getLong("uploads_purged"),
                rs.getLong("bytes_freed"),
                rs.getLong("held_back_blobs"),
                rs.getLong("held_back_bytes"),
                Jdbc.getInstant(rs, "collectable_from")));
  }
}
