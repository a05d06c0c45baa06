package dev.berth.metadata.h2;

import dev.berth.metadata.BlobMetadata;
import dev.berth.metadata.BlobVanishedException;
import dev.berth.metadata.sql.SqlDialect;
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
  /**
   * How stale a recorded use may get before a read writes a new one (far below any grace period).
   */
  private final Jdbc jdbc;

  private final Clock clock;

  H2BlobMetadata(Jdbc jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public void link(
      RepositoryName repository, Digest digest, long size, BooleanSupplierWithIo bytesPresent) {
    Instant now = clock.instant();
    jdbc.write(
        c -> {
          long repositoryId = Repositories.ensure(c, repository, now);
          lockOrInsert(c, digest, size, now);
          if (!present(bytesPresent)) {
            throw new BlobVanishedException(digest);
          }
          markUsed(c, digest, now); // an upload or a mount is a use: the grace period starts again
          insertIgnoringDuplicate(
              () ->
                  Jdbc.update(
                      c,
                      SqlDialect.H2.upsert(
                          "repository_blobs",
                          List.of("repository_id", "digest"),
                          List.of("linked_at")),
                      s -> {
                        s.setLong(1, repositoryId);
                        s.setString(2, digest.toString());
                        Jdbc.setInstant(s, 3, now);
                      }));
          return null;
        });
  }

  /** Takes the blob row's lock, creating the row first if needed; GC takes the same lock. */
  static void lockOrInsert(Connection c, Digest digest, long size, Instant now)
      throws SQLException {
    if (BlobLocks.lock(c, digest)) {
      return;
    }
    insertIgnoringDuplicate(
        () ->
            Jdbc.update(
                c,
                "INSERT INTO blobs (digest, size, created_at, last_used_at) VALUES (?, ?, ?, ?)",
                s -> {
                  s.setString(1, digest.toString());
                  s.setLong(2, size);
                  Jdbc.setInstant(s, 3, now);
                  Jdbc.setInstant(s, 4, now);
                }));
    if (!BlobLocks.lock(c, digest)) {
      throw new SQLException("blob row " + digest + " vanished while it was being created");
    }
  }

  /**
   * Records that a client used {@code digest} at {@code now}; the caller holds the blob row's lock.
   * Like reads ({@link #touch}), it writes only when the recorded use is older than {@link
   * #USE_RESOLUTION}: a config blob that every push of a project shares would otherwise cost a row
   * write, and a page in every group commit, per push.
   */
  static void markUsed(Connection c, Digest digest, Instant now) throws SQLException {
    Jdbc.update(
        c,
        "UPDATE blobs SET last_used_at = ? WHERE digest = ? AND (last_used_at IS NULL OR last_used_at < ?)",
        s -> {
          Jdbc.setInstant(s, 1, now);
          s.setString(2, digest.toString());
          Jdbc.setInstant(s, 3, now.minus(USE_RESOLUTION));
        });
  }

  /**
   * Whether a use at {@code now} is already covered by the recorded one ({@link #USE_RESOLUTION}).
   */
  static boolean isRecent(Optional<Instant> lastUse, Instant now) {
    return lastUse.isPresent() && !lastUse.get().isBefore(now.minus(USE_RESOLUTION));
  }

  /**
   * A HEAD or GET of the blob: written only when the recorded use is older than {@link
   * #USE_RESOLUTION}, so a busy blob costs one write a minute rather than one per request.
   */
  @Override
  public Optional<Instant> touch(Digest digest) {
    Instant now = clock.instant();
    // A read first: most reads find a recent use and then cost no write (and no durable commit).
    Optional<Optional<Instant>> recorded =
        jdbc.first(
            "SELECT last_used_at FROM blobs WHERE digest = ?",
            s -> s.setString(1, digest.toString()),
            rs -> Optional.ofNullable(Jdbc.getInstant(rs, "last_used_at")));
    if (recorded.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> lastUse = recorded.get();
    if (isRecent(lastUse, now)) {
      return lastUse;
    }
    // A durable write (it waits for the group commit), at most once a minute per blob. Left to
    // H2's own background write instead, it once made a delete near a full disk answer 500 in
    // DiskFullTest; a failed group commit fails only this best-effort record of a read.
    jdbc.write(
        c -> {
          markUsed(c, digest, now);
          return null;
        });
    return Optional.of(now);
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
    return jdbc.read(
        c -> {
          BlobLocks.lock(c, digest); // waits for a collection that is deleting the blob right now
          return Jdbc.first(
              c,
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
            })
        > 0;
  }
}
