package dev.berth.metadata.h2;

import dev.berth.metadata.UploadMetadata;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.UploadId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

final class H2UploadMetadata implements UploadMetadata {
  private final Jdbc jdbc;

  H2UploadMetadata(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void create(UploadId id, RepositoryName repository, Instant startedAt) {
    jdbc.write(
        c -> {
          long repositoryId = Repositories.ensure(c, repository, startedAt);
          return Jdbc.update(
              c,
              "INSERT INTO uploads (id, repository_id, started_at) VALUES (?, ?, ?)",
              s -> {
                s.setObject(1, id.uuid());
                s.setLong(2, repositoryId);
                Jdbc.setInstant(s, 3, startedAt);
              });
        });
  }

  @Override
  public Optional<RepositoryName> repositoryOf(UploadId id) {
    return jdbc.first(
        "SELECT r.name FROM uploads u JOIN repositories r ON r.id = u.repository_id WHERE u.id = ?",
        s -> s.setObject(1, id.uuid()),
        rs -> new RepositoryName(rs.getString(1)));
  }

  @Override
  public void delete(UploadId id) {
    jdbc.update("DELETE FROM uploads WHERE id = ?", s -> s.setObject(1, id.uuid()));
  }

  @Override
  public List<UploadId> all() {
    return jdbc.list(
        "SELECT id FROM uploads", s -> {}, rs -> new UploadId(rs.getObject(1, UUID.class)));
  }
}
