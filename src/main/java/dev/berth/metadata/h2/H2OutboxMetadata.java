package dev.berth.metadata.h2;

import dev.berth.metadata.OutboxMetadata;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

final class H2OutboxMetadata implements OutboxMetadata {
  private final Jdbc jdbc;
  // Ids must become visible in the order they are given: a consumer going on from the last id it
  // saw would skip one whose commit came after a higher one's. So the insert and its commit happen
  // under one lock; the wait for the sync, the slow part, happens outside it.
  private final Object commitOrder = new Object();

  H2OutboxMetadata(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public long append(Instant at, String kind, String payload) {
    long id;
    synchronized (commitOrder) {
      id = insert(at, kind, payload);
    }
    jdbc.awaitDurable();
    return id;
  }

  private long insert(Instant at, String kind, String payload) {
    return jdbc.writeLazily(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO event_outbox (occurred_at, kind, payload) VALUES (?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            Jdbc.setInstant(s, 1, at);
            s.setString(2, kind);
            s.setString(3, payload);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
              keys.next();
              return keys.getLong(1);
            }
          }
        });
  }

  @Override
  public List<OutboxEntry> after(long afterId, int limit) {
    return jdbc.list(
        "SELECT id, occurred_at, kind, payload FROM event_outbox WHERE id > ? ORDER BY id"
            + " FETCH FIRST ? ROWS ONLY",
        s -> {
          s.setLong(1, afterId);
          s.setInt(2, limit);
        },
        rs ->
            new OutboxEntry(
                rs.getLong(1),
                Jdbc.getInstant(rs, "occurred_at"),
                rs.getString(3),
                rs.getString(4)));
  }

  @Override
  public int deleteOlderThan(Instant cutoff) {
    return jdbc.update(
        "DELETE FROM event_outbox WHERE occurred_at < ?", s -> Jdbc.setInstant(s, 1, cutoff));
  }
}
