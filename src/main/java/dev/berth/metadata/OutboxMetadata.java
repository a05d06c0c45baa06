package dev.berth.metadata;

import java.time.Instant;
import java.util.List;

/**
 * The durable outbox: registry events kept for consumers that must see every one (webhooks, an
 * audit log), in the order they happened. Each consumer keeps its own position (the last id it
 * handled) and reads on from there.
 */
public interface OutboxMetadata {
  /** One stored event: its position, when it happened, its kind and its JSON. */
  record OutboxEntry(long id, Instant at, String kind, String payload) {}

  /** Stores one event durably: it is there after a crash once this returns. */
  long append(Instant at, String kind, String payload);

  /** Up to {@code limit} events after position {@code afterId}, oldest first. */
  List<OutboxEntry> after(long afterId, int limit);

  /** Forgets events older than {@code cutoff}; returns how many. */
  int deleteOlderThan(Instant cutoff);
}
