package dev.berth.metadata.h2;

import dev.berth.metadata.BrowseMetadata;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The browser's read model as SQL over the V1 tables. Every query is bounded by a limit or by a
 * repository, and each correlated sub-select walks a primary-key prefix, so listing 10,000
 * repositories stays a single indexed pass.
 */
final class H2BrowseMetadata implements BrowseMetadata {
  private final Jdbc jdbc;

  H2BrowseMetadata(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<RepositorySummary> repositories(String nameContains, int limit) {
    String pattern = "%" + escapeLike(nameContains == null ? "" : nameContains.strip()) + "%";
    return jdbc.list(
        "SELECT r.name,"
            + " (SELECT COUNT(*) FROM tags t WHERE t.repository_id = r.id) AS tag_count,"
            + " (SELECT COUNT(*) FROM manifests m WHERE m.repository_id = r.id) AS manifest_count,"
            + " (SELECT COALESCE(SUM(b.size), 0) FROM repository_blobs rb JOIN blobs b ON b.digest = rb.digest"
            + "    WHERE rb.repository_id = r.id) AS total_bytes"
            + " FROM repositories r"
            + " WHERE EXISTS (SELECT 1 FROM manifests m WHERE m.repository_id = r.id)"
            + " AND r.name LIKE ? ESCAPE '\\'"
            + " ORDER BY r.name LIMIT ?",
        s -> {
          s.setString(1, pattern);
          s.setInt(2, limit);
        },
        rs ->
            new RepositorySummary(
                new RepositoryName(rs.getString("name")),
                rs.getInt("tag_count"),
                rs.getInt("manifest_count"),
                rs.getLong("total_bytes")));
  }

  @Override
  public List<TagRow> tags(RepositoryName repository, String after, int limit) {
    // An index's bytes are those of its children; a blob shared by two platforms counts twice,
    // which matches what a client pulling every platform would download.
    return jdbc.list(
        "SELECT t.name, t.manifest_digest, t.updated_at, m.media_type, OCTET_LENGTH(m.content) AS manifest_size,"
            + " m.created_at,"
            + " (SELECT COALESCE(SUM(b.size), 0) FROM manifest_blobs mb JOIN blobs b ON b.digest = mb.blob_digest"
            + "    WHERE mb.repository_id = t.repository_id AND mb.manifest_digest = t.manifest_digest)"
            + " + (SELECT COALESCE(SUM(b.size), 0) FROM manifest_children mc"
            + "    JOIN manifest_blobs mb ON mb.repository_id = mc.repository_id AND mb.manifest_digest = mc.child_digest"
            + "    JOIN blobs b ON b.digest = mb.blob_digest"
            + "    WHERE mc.repository_id = t.repository_id AND mc.parent_digest = t.manifest_digest) AS content_bytes"
            + " FROM tags t JOIN repositories r ON r.id = t.repository_id"
            + " JOIN manifests m ON m.repository_id = t.repository_id AND m.digest = t.manifest_digest"
            + " WHERE r.name = ? AND t.name > ? ORDER BY t.name LIMIT ?",
        s -> {
          s.setString(1, repository.value());
          s.setString(2, after == null ? "" : after);
          s.setInt(3, limit);
        },
        rs ->
            new TagRow(
                rs.getString("name"),
                Digest.parse(rs.getString("manifest_digest")),
                rs.getString("media_type"),
                rs.getLong("manifest_size"),
                rs.getLong("content_bytes"),
                Jdbc.getInstant(rs, "created_at"),
                Jdbc.getInstant(rs, "updated_at")));
  }

  @Override
  public Map<Digest, Integer> blobReferenceCounts(Collection<Digest> digests) {
    if (digests.isEmpty()) {
      return Map.of();
    }
    List<Digest> ordered = List.copyOf(digests);
    String placeholders = String.join(", ", java.util.Collections.nCopies(ordered.size(), "?"));
    // manifest_blobs has one row per (repository, manifest, blob): COUNT(*) counts manifests.
    List<Map.Entry<Digest, Integer>> rows =
        jdbc.list(
            "SELECT blob_digest, COUNT(*) FROM manifest_blobs WHERE blob_digest IN ("
                + placeholders
                + ")"
                + " GROUP BY blob_digest",
            s -> {
              for (int i = 0; i < ordered.size(); i++) {
                s.setString(i + 1, ordered.get(i).toString());
              }
            },
            rs -> Map.entry(Digest.parse(rs.getString(1)), rs.getInt(2)));
    Map<Digest, Integer> counts = new HashMap<>();
    rows.forEach(e -> counts.put(e.getKey(), e.getValue()));
    return counts;
  }

  @Override
  public Totals totals() {
    return jdbc.first(
            "SELECT (SELECT COUNT(DISTINCT repository_id) FROM manifests), (SELECT COUNT(*) FROM tags),"
                + " (SELECT COUNT(*) FROM manifests), (SELECT COUNT(*) FROM blobs), (SELECT COALESCE(SUM(size), 0) FROM blobs)",
            s -> {},
            rs ->
                new Totals(
                    rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
        .orElseThrow();
  }

  @Override
  public List<Activity> recentPushes(int limit) {
    // Untagged platform manifests of an index arrive with it; listing them would only repeat the
    // push.
    return activity(
        "(EXISTS (SELECT 1 FROM tags t WHERE t.repository_id = m.repository_id AND t.manifest_digest = m.digest)"
            + " OR NOT EXISTS (SELECT 1 FROM manifest_children mc"
            + " WHERE mc.repository_id = m.repository_id AND mc.child_digest = m.digest))",
        // The latest push of one of its tags (issue 15: a tag pushed today onto an image first
        // pushed
        // last week showed last week's time), else the image's own first push.
        "GREATEST(m.created_at, COALESCE((SELECT MAX(t.updated_at) FROM tags t"
            + " WHERE t.repository_id = m.repository_id AND t.manifest_digest = m.digest), m.created_at))",
        limit);
  }

  @Override
  public List<Activity> recentPulls(int limit) {
    return activity("p.last_pulled_at IS NOT NULL", "p.last_pulled_at", limit);
  }

  private List<Activity> activity(String condition, String timeColumn, int limit) {
    return jdbc.list(
        "SELECT r.name, m.digest, "
            + timeColumn
            + " AS at, COALESCE(p.pull_count, 0) AS pull_count,"
            + " (SELECT STRING_AGG(t.name, ',' ORDER BY t.name) FROM tags t"
            + "    WHERE t.repository_id = m.repository_id AND t.manifest_digest = m.digest) AS tag_names,"
            + " COALESCE((SELECT t.pushed_by FROM tags t"
            + "    WHERE t.repository_id = m.repository_id AND t.manifest_digest = m.digest"
            + "    ORDER BY t.updated_at DESC LIMIT 1), m.pushed_by) AS pushed_by"
            + " FROM manifests m JOIN repositories r ON r.id = m.repository_id"
            + " LEFT JOIN manifest_pulls p ON p.repository_id = m.repository_id AND p.digest = m.digest"
            + " WHERE "
            + condition
            + " ORDER BY "
            + timeColumn
            + " DESC, r.name LIMIT ?",
        s -> s.setInt(1, limit),
        H2BrowseMetadata::activity);
  }

  private static Activity activity(ResultSet rs) throws SQLException {
    String tagNames = rs.getString("tag_names");
    return new Activity(
        new RepositoryName(rs.getString("name")),
        Digest.parse(rs.getString("digest")),
        tagNames == null || tagNames.isEmpty() ? List.of() : Arrays.asList(tagNames.split(",")),
        Jdbc.getInstant(rs, "at"),
        rs.getLong("pull_count"),
        rs.getString("pushed_by"));
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
