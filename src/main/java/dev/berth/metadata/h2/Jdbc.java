package dev.berth.metadata.h2;

import dev.berth.metadata.MetadataException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The small amount of JDBC plumbing the H2 stores share: statements, rows and transactions.
 *
 * <p>Every change goes through {@link #write}, which returns only once the change is on stable
 * storage: callers acknowledge changes to clients right after, and an acknowledged change must
 * survive a crash. Reads go through {@link #read}.
 */
final class Jdbc {
  private final ReopeningDatabase database;
  private final GroupCommit durability;

  Jdbc(ReopeningDatabase database, GroupCommit durability) {
    this.database = database;
    this.durability = durability;
  }

  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction, committed when it returns and rolled back if it throws,
   * and returns once the commit is durable.
   */
  <T> T write(Work<T> work) {
    T result = transaction(Connection.TRANSACTION_READ_COMMITTED, work);
    durability.awaitDurable();
    return result;
  }

  /**
   * As {@link #write}, but returns right after the commit: for statistics that may be lost in a
   * crash (H2 writes them to its file within its write delay, half a second).
   */
  <T> T writeLazily(Work<T> work) {
    return transaction(Connection.TRANSACTION_READ_COMMITTED, work);
  }

  /** Binds one item's values to a statement. */
  @FunctionalInterface
  interface ItemBinder<T> {
    void bind(PreparedStatement statement, T item) throws SQLException;
  }

  /**
   * As {@link #writeLazily}, one statement per item, each committed on its own. One transaction for
   * all would hold every row's lock while it waits for the next one: with a garbage collection
   * deleting the same rows in another order (its cascades follow the manifests' order, ours a
   * map's), H2 found a deadlock and rolled the collection back.
   */
  <T> void updateEachLazily(String sql, Iterable<T> items, ItemBinder<T> binder) {
    transaction(
        Connection.TRANSACTION_READ_COMMITTED,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            for (T item : items) {
              binder.bind(s, item);
              s.executeUpdate();
              c.commit();
            }
          }
          return null;
        });
  }

  /** Returns once every change committed so far is on stable storage. */
  void awaitDurable() {
    durability.awaitDurable();
  }

  /** Runs read-only {@code work} in one transaction. */
  <T> T read(Work<T> work) {
    return transaction(Connection.TRANSACTION_READ_COMMITTED, work);
  }

  /** Reads with one consistent view of all tables, as of the transaction's start. */
  <T> T readSnapshot(Work<T> work) {
    return transaction(Connection.TRANSACTION_REPEATABLE_READ, work);
  }

  private <T> T transaction(int isolation, Work<T> work) {
    try (Connection c = database.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(isolation);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (ReopeningDatabase.StillReopening e) {
      throw MetadataException.temporarilyUnavailable(e.getMessage(), e);
    } catch (SQLException e) {
      database.noteFailure(e);
      throw new MetadataException("metadata transaction failed: " + e.getMessage(), e);
    }
  }

  <T> List<T> list(String sql, Binder binder, RowMapper<T> mapper) {
    return read(c -> list(c, sql, binder, mapper));
  }

  <T> Optional<T> first(String sql, Binder binder, RowMapper<T> mapper) {
    return read(c -> first(c, sql, binder, mapper));
  }

  /** One durable statement; see {@link #write}. */
  int update(String sql, Binder binder) {
    return write(c -> update(c, sql, binder));
  }

  static <T> List<T> list(Connection c, String sql, Binder binder, RowMapper<T> mapper)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      binder.bind(s);
      try (ResultSet rs = s.executeQuery()) {
        List<T> result = new ArrayList<>();
        while (rs.next()) {
          result.add(mapper.map(rs));
        }
        return result;
      }
    }
  }

  static <T> Optional<T> first(Connection c, String sql, Binder binder, RowMapper<T> mapper)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      binder.bind(s);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
      }
    }
  }

  static int update(Connection c, String sql, Binder binder) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      binder.bind(s);
      return s.executeUpdate();
    }
  }

  static void setInstant(PreparedStatement s, int index, Instant instant) throws SQLException {
    s.setObject(index, instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  static Instant getInstant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /** True for a unique-key violation, the signal that a concurrent insert won. */
  static boolean isDuplicateKey(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  static boolean exists(Connection c, String sql, Binder binder) throws SQLException {
    return first(c, sql, binder, rs -> Boolean.TRUE).isPresent();
  }
}
