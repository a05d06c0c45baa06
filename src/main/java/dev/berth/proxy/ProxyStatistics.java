package dev.berth.proxy;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters per rule prefix, for the app and the log; kept in memory. */
final class ProxyStatistics {
  private static final class Counters {
    final AtomicLong hits = new AtomicLong();
    final AtomicLong misses = new AtomicLong();
    final AtomicLong fetches = new AtomicLong();
    final AtomicLong bytesSaved = new AtomicLong();
    final AtomicLong stale = new AtomicLong();
    volatile String lastError;
    volatile Instant lastErrorAt;
    volatile boolean down;
  }

  private final Map<String, Counters> byPrefix = new ConcurrentHashMap<>();
  private final Clock clock;

  ProxyStatistics(Clock clock) {
    this.clock = clock;
  }

  private Counters of(String prefix) {
    return byPrefix.computeIfAbsent(prefix, p -> new Counters());
  }

  void hit(String prefix, long bytes) {
    Counters c = of(prefix);
    c.hits.incrementAndGet();
    c.bytesSaved.addAndGet(bytes);
  }

  void miss(String prefix) {
    of(prefix).misses.incrementAndGet();
  }

  void fetched(String prefix) {
    Counters c = of(prefix);
    c.fetches.incrementAndGet();
  }

  void upstreamAnswered(String prefix) {
    of(prefix).down = false;
  }

  void upstreamFailed(String prefix, UpstreamException e) {
    Counters c = of(prefix);
    c.lastError = e.getMessage();
    c.lastErrorAt = clock.instant();
    c.down =
        e.kind() == UpstreamException.Kind.UNREACHABLE
            || e.kind() == UpstreamException.Kind.SERVER_ERROR;
  }

  void servedStale(String prefix) {
    of(prefix).stale.incrementAndGet();
  }

  RuleStatistics snapshot(String prefix) {
    Counters c = of(prefix);
    return new RuleStatistics(
        prefix,
        c.hits.get(),
        c.misses.get(),
        c.fetches.get(),
        c.bytesSaved.get(),
        c.stale.get(),
        c.lastError,
        c.lastErrorAt,
        c.down);
  }
}
