package dev.berth.metadata.h2;

import dev.berth.metadata.ProxyMetadata;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.time.Instant;
import java.util.Optional;

/** {@link ProxyMetadata} in the {@code proxy_tag_checks} table (V6). */
final class H2ProxyMetadata implements ProxyMetadata {
  private final Jdbc jdbc;

  H2ProxyMetadata(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void tagChecked(RepositoryName repository, Tag tag, Instant at) {
    // Losing the last check in a crash only costs one more HEAD: no need to wait for durability.
    jdbc.writeLazily(
        c ->
            Jdbc.update(
                c,
                "MERGE INTO proxy_tag_checks (repository_name, tag, checked_at) KEY (repository_name, tag) VALUES (?, ?, ?)",
                s -> {
                  s.setString(1, repository.value());
                  s.setString(2, tag.value());
                  Jdbc.setInstant(s, 3, at);
                }));
  }

  @Override
  public Optional<Instant> tagCheckedAt(RepositoryName repository, Tag tag) {
    return jdbc.first(
        "SELECT checked_at FROM proxy_tag_checks WHERE repository_name = ? AND tag = ?",
        s -> {
          s.setString(1, repository.value());
          s.setString(2, tag.value());
        },
        rs -> Jdbc.getInstant(rs, "checked_at"));
  }

  @Override
  public Optional<Instant> lastCheck(RepositoryName repository) {
    // MAX over no rows is one row holding NULL.
    return jdbc
        .list(
            "SELECT MAX(checked_at) AS checked_at FROM proxy_tag_checks WHERE repository_name = ?",
            s -> s.setString(1, repository.value()),
            rs -> Jdbc.getInstant(rs, "checked_at"))
        .stream()
        .filter(java.util.Objects::nonNull)
        .findFirst();
  }
}
