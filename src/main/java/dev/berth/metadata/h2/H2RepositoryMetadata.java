package dev.berth.metadata.h2;

import dev.berth.metadata.RepositoryMetadata;
import dev.berth.oci.RepositoryName;
import java.util.List;

final class H2RepositoryMetadata implements RepositoryMetadata {
  private final Jdbc jdbc;

  H2RepositoryMetadata(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<RepositoryName> list(String after, int limit) {
    return jdbc.list(
        "SELECT r.name FROM repositories r"
            + " WHERE r.name > ? AND EXISTS (SELECT 1 FROM manifests m WHERE m.repository_id = r.id)"
            + " ORDER BY r.name LIMIT ?",
        s -> {
          s.setString(1, after == null ? "" : after);
          s.setInt(2, limit);
        },
        rs -> new RepositoryName(rs.getString(1)));
  }

  @Override
  public boolean delete(RepositoryName name) {
    // Everything that belongs to the repository cascades (see V1__initial_schema.sql).
    return jdbc.update("DELETE FROM repositories WHERE name = ?", s -> s.setString(1, name.value()))
        > 0;
  }

  @Override
  public boolean exists(RepositoryName name) {
    return jdbc.read(c -> Repositories.id(c, name).isPresent());
  }
}
