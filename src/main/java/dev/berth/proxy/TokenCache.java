package dev.berth.proxy;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens per realm, service and scope, kept until shortly before they expire so that a pull
 * costs one token request, not one per blob.
 */
final class TokenCache {
  /** A token is dropped this long before its stated expiry, so it never expires in flight. */
  private static final long MARGIN_SECONDS = 10;

  record Key(String realm, String service, String scope) {}

  private record Entry(String token, Instant expires) {}

  private final Map<Key, Entry> tokens = new ConcurrentHashMap<>();
  private final Clock clock;

  TokenCache(Clock clock) {
    this.clock = clock;
  }

  Optional<String> get(Key key) {
    Entry e = tokens.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(e.expires())) {
      tokens.remove(key, e);
      return Optional.empty();
    }
    return Optional.of(e.token());
  }

  /**
   * @param issuedAt when the token server says it issued the token, or null for now
   */
  void put(Key key, String token, long expiresInSeconds, Instant issuedAt) {
    Instant from =
        issuedAt == null || issuedAt.isAfter(clock.instant()) ? clock.instant() : issuedAt;
    tokens.put(
        key, new Entry(token, from.plusSeconds(Math.max(0, expiresInSeconds - MARGIN_SECONDS))));
  }

  void clear() {
    tokens.clear();
  }
}
