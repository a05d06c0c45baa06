package dev.berth.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing: after {@code limit} failed logins within {@code window} from one
 * client address, or for one user name, further attempts from that address or for that user are
 * refused until the oldest failure leaves the window. A blocked attempt is refused before the
 * password is checked, so it teaches the guesser nothing.
 *
 * <p>Counting per user as well as per address stops one guesser with many addresses; counting per
 * address as well as per user stops one address trying many names.
 */
public final class LoginThrottle {
  public static final int DEFAULT_LIMIT = 10;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
  /** Bounds memory when someone sprays random names: old keys are dropped beyond this. */
  private static final int MAX_KEYS = 10_000;

  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new HashMap<>();

  public LoginThrottle(int limit, Duration window, Clock clock) {
    if (limit < 1) {
      throw new IllegalArgumentException("the failed-login limit must be at least 1");
    }
    this.limit = limit;
    this.window = window;
    this.clock = clock;
  }

  /** How long the caller must wait, or empty when the attempt may proceed. */
  public synchronized Optional<Duration> blockedFor(String address, String user) {
    Instant now = clock.instant();
    Duration wait = Duration.ZERO;
    for (String key : keys(address, user)) {
      Deque<Instant> times = prune(key, now);
      if (times != null && times.size() >= limit) {
        Duration w = Duration.between(now, times.peekFirst().plus(window));
        wait = w.compareTo(wait) > 0 ? w : wait;
      }
    }
    return wait.isZero() || wait.isNegative() ? Optional.empty() : Optional.of(wait);
  }

  public synchronized void recordFailure(String address, String user) {
    Instant now = clock.instant();
    if (failures.size() >= MAX_KEYS) {
      failures.keySet().removeIf(k -> prune(k, now) == null);
      if (failures.size() >= MAX_KEYS) {
        Iterator<String> it = failures.keySet().iterator();
        it.next();
        it.remove();
      }
    }
    for (String key : keys(address, user)) {
      failures.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(now);
    }
  }

  private Deque<Instant> prune(String key, Instant now) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      return null;
    }
    while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
      times.removeFirst();
    }
    if (times.isEmpty()) {
      failures.remove(key);
      return null;
    }
    return times;
  }

  private static String[] keys(String address, String user) {
    return new String[] {"address " + address, "user " + user};
  }
}
