package dev.berth.metadata.h2;

import dev.berth.metadata.IntegrityMetadata;
import dev.berth.metadata.ManifestMetadata.ManifestKey;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

final class H2IntegrityMetadata implements IntegrityMetadata {
  /** Images named per blob in a report: enough to act on, bounded for a blob every image shares. */
  private static final int MAX_IMAGES_NAMED = 20;

  private final Jdbc jdbc;

  H2IntegrityMetadata(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<RecordedBlob> blobsAfter(Digest after, int limit) {
    return jdbc.list(
        "SELECT digest, size FROM blobs WHERE digest > ? AND size >= 0 ORDER BY digest LIMIT ?",
        s -> {
          s.setString(1, after == null ? "" : after.toString());
          s.setInt(2, limit);
        },
        rs -> new RecordedBlob(Digest.parse(rs.getString(1)), rs.getLong(2)));
  }

  @Override
  public List<StoredManifestRow> manifestsAfter(ManifestKey after, int limit) {
    return jdbc.list(
        "SELECT r.name, m.digest, m.content FROM manifests m JOIN repositories r ON r.id = m.repository_id"
            + " WHERE (r.name, m.digest) > (?, ?) ORDER BY r.name, m.digest LIMIT ?",
        s -> {
          s.setString(1, after == null ? "" : after.repository().value());
          s.setString(2, after == null ? "" : after.digest().toString());
          s.setInt(3, limit);
        },
        rs ->
            new StoredManifestRow(
                new RepositoryName(rs.getString(1)),
                Digest.parse(rs.getString(2)),
                rs.getBytes(3)));
  }

  @Override
  public BlobUse usesOf(Digest blob) {
    return jdbc.read(
        c -> {
          List<RepositoryName> repositories =
              Jdbc.list(
                  c,
                  "SELECT r.name FROM repository_blobs l JOIN repositories r ON r.id = l.repository_id WHERE l.digest = ?"
                      + " ORDER BY r.name",
                  s -> s.setString(1, blob.toString()),
                  rs -> new RepositoryName(rs.getString(1)));
          Set<String> images =
              new LinkedHashSet<>(
                  Jdbc.list(
                      c,
                      "SELECT r.name, e.manifest_digest, (SELECT MIN(t.name) FROM tags t WHERE t.repository_id = e.repository_id"
                          + " AND t.manifest_digest = e.manifest_digest) FROM manifest_blobs e"
                          + " JOIN repositories r ON r.id = e.repository_id WHERE e.blob_digest = ? ORDER BY r.name LIMIT ?",
                      s -> {
                        s.setString(1, blob.toString());
                        s.setInt(2, MAX_IMAGES_NAMED);
                      },
                      rs ->
                          rs.getString(3) != null
                              ? rs.getString(1) + ":" + rs.getString(3)
                              : rs.getString(1) + "@" + rs.getString(2)));
          return new BlobUse(repositories, new ArrayList<>(images));
        });
  }

  @Override
  public boolean forgetBlob(Digest blob) {
    return jdbc.write(
        c -> {
          if (!BlobLocks.lock(c, blob)) {
            return false;
          }
          Jdbc.update(
              c,
              "DELETE FROM repository_blobs WHERE digest = ?",
              s -> s.setString(1, blob.toString()));
          // manifest_blobs has no foreign key to blobs: the references stay, and show as broken.
          Jdbc.update(
              c, "DELETE FROM blobs WHERE digest = ?", s -> s.setString(1, blob.toString()));
          return true;
        });
  }

  @Override
  public List<BrokenReference> referencesToUnrecordedBlobs(int limit) {
    return jdbc.list(
        "SELECT r.name, e.manifest_digest, e.blob_digest FROM manifest_blobs e JOIN repositories r ON r.id = e.repository_id"
            + " WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.digest = e.blob_digest AND b.size >= 0)"
            + " ORDER BY r.name, e.manifest_digest LIMIT ?",
        s -> s.setInt(1, limit),
        rs ->
            new BrokenReference(
                new RepositoryName(rs.getString(1)),
                Digest.parse(rs.getString(2)),
                Digest.parse(rs.getString(3))));
  }

  @Override
  public boolean isRecorded(Digest blob) {
    return jdbc.first(
            "SELECT 1 FROM blobs WHERE digest = ?",
            s -> s.setString(1, blob.toString()),
            rs -> true)
        .isPresent();
  }
}
