package dev.berth.metadata.h2;

import dev.berth.metadata.BlobMetadata;
import dev.berth.metadata.BlobVanishedException;
import dev.berth.metadata.sql.PortableSql;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class H2BlobMetadata implements BlobMetadata {
  private final Jdbc jdbc;
  private final Clock clock;

  H2BlobMetadata(Jdbc jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public void link(RepositoryName repository, Digest digest, long size, BooleanSupplierWithIo bytesPresent) {
    Instant now = clock.instant();
    jdbc.write(c -> {
      long repositoryId = Repositories.ensure(c, repository, now);
      lockOrInsert(c, digest, size, now);
      if (!present(bytesPresent)) {
        throw new BlobVanishedException(digest);
      }
      insertIgnoringDuplicate(() -> Jdbc.update(c,
          PortableSql.upsert("repository_blobs", List.of("repository_id", "digest"), List.of("linked_at")),
          s -> {
            s.setLong(1, repositoryId);
            s.setString(2, digest.toString());
            Jdbc.setInstant(s, 3, now);
          }));
      return null;
    });
  }

  /** Takes the blob row's lock, creating the row first if needed; GC takes the same lock. */
  static void lockOrInsert(Connection c, Digest digest, long size, Instant now) throws SQLException {
    if (BlobLocks.lock(c, digest)) {
      return;
    }
    insertIgnoringDuplicate(() -> Jdbc.update(c, "INSERT INTO blobs (digest, size, created_at) VALUES (?, ?, ?)", s -> {
      s.setString(1, digest.toString());
      s.setLong(2, size);
      Jdbc.setInstant(s, 3, now);
    }));
    if (!BlobLocks.lock(c, digest)) {
      throw new SQLException("blob row " + digest + " vanished while it was being created");
    }
  }

  private static boolean present(BooleanSupplierWithIo check) {
    try {
      return check.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  interface Insert {
    int run() throws SQLException;
  }

  /** Content-addressed rows are identical whoever inserts them first. */
  static void insertIgnoringDuplicate(Insert insert) throws SQLException {
    try {
      insert.run();
    } catch (SQLException e) {
      if (!Jdbc.isDuplicateKey(e)) {
        throw e;
      }
    }
  }

  @Override
  public Optional<Long> linkedSize(RepositoryName repository, Digest digest) {
    return jdbc.first(
        "SELECT b.size FROM repository_blobs rb"
            + " JOIN repositories r ON r.id = rb.repository_id"
            + " JOIN blobs b ON b.digest = rb.digest"
            + " WHERE r.name = ? AND rb.digest = ?",
        s -> {
          s.setString(1, repository.value());
          s.setString(2, digest.toString());
        },
        rs -> rs.getLong(1));
  }

  @Override
  public Optional<Long> linkedSizeAfterPendingChanges(RepositoryName repository, Digest digest) {
    return jdbc.read(c -> {
      BlobLocks.lock(c, digest); // waits for a collection that is deleting the blob right now
      return Jdbc.first(c,
          "SELECT b.size FROM repository_blobs rb JOIN repositories r ON r.id = rb.repository_id"
              + " JOIN blobs b ON b.digest = rb.digest WHERE r.name = ? AND rb.digest = ?",
          s -> {
            s.setString(1, repository.value());
            s.setString(2, digest.toString());
          },
          rs -> rs.getLong(1));
    });
  }

  @Override
  public boolean unlink(RepositoryName repository, Digest digest) {
    return jdbc.update(
        "DELETE FROM repository_blobs WHERE digest = ?"
            + " AND repository_id = (SELECT id FROM repositories WHERE name = ?)",
        s -> {
          s.setString(1, digest.toString());
          s.setString(2, repository.value());
        }) > 0;
  }
}
