package dev.berth.engine;

/**
 * What happens to registry events besides the in-process listeners.
 *
 * @param durableOutbox whether every event is also written to the metadata store's outbox before
 *     the change it reports is acknowledged, for consumers that must not miss one (webhooks, audit)
 *     and read at {@code GET /berth/v1/events}. Off by default: it costs each change a second
 *     durable write.
 */
public record EventSettings(boolean durableOutbox) {
  public static final EventSettings IN_PROCESS = new EventSettings(false);
  public static final EventSettings DURABLE_OUTBOX = new EventSettings(true);

  /** How long the outbox keeps an event: consumers that fall further behind miss the oldest. */
  public static final java.time.Duration RETENTION = java.time.Duration.ofDays(7);
}
