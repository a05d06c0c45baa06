package dev.berth.metadata.h2;

import dev.berth.oci.RepositoryName;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Looks up and creates repository rows; shared by the H2 stores. */
final class Repositories {
  private Repositories() {}

  static Optional<Long> id(Connection c, RepositoryName name) throws SQLException {
    return Jdbc.first(
        c,
        "SELECT id FROM repositories WHERE name = ?",
        s -> s.setString(1, name.value()),
        rs -> rs.getLong(1));
  }

  /** The repository's id, creating the row if needed; safe under concurrent creation. */
  static long ensure(Connection c, RepositoryName name, Instant now) throws SQLException {
    Optional<Long> existing = id(c, name);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      Jdbc.update(
          c,
          "INSERT INTO repositories (name, created_at) VALUES (?, ?)",
          s -> {
            s.setString(1, name.value());
            Jdbc.setInstant(s, 2, now);
          });
    } catch (SQLException e) {
      if (!Jdbc.isDuplicateKey(e)) {
        throw e;
      }
    }
    return id(c, name)
        .orElseThrow(() -> new SQLException("repository " + name + " vanished after insert"));
  }
}
