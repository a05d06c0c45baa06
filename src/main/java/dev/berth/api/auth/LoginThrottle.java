package dev.berth.api.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing without letting anyone lock out a user.
 *
 * <p>Failed logins are counted per (client address, user name) and per client address, never per
 * user name alone: a guesser can only slow down the address it guesses from, so the real user on
 * any other address is never refused. Each counter allows a few failures freely (people mistype);
 * after that every further attempt must wait a delay after the latest failure that doubles with
 * each failure, up to {@link Limits#maxDelay}. That is a slow-down, not a lock-out: someone who
 * knows the password waits at most {@code maxDelay}, while a guesser gets about one try per {@code
 * maxDelay} per address. An attempt inside the delay is refused before the password is checked, so
 * it teaches the guesser nothing and costs no bcrypt time. A correct password clears its (address,
 * user) counter; counters are forgotten {@link Limits#forgetAfter} after their latest failure.
 *
 * <p>The per-address counter stops one address trying many names. IPv6 clients are counted per
 * {@code /64}, the block one subscriber usually holds, so rotating through it does not help.
 */
public final class LoginThrottle {
  /**
   * @param freePerUser failures of one user from one address before delays start
   * @param freePerAddress failures from one address (any users) before delays start
   * @param firstDelay the wait after the first failure beyond the free ones; doubles after each
   * @param maxDelay the longest wait ever asked
   * @param forgetAfter a counter without failures for this long starts again from zero
   */
  public record Limits(
      int freePerUser,
      int freePerAddress,
      Duration firstDelay,
      Duration maxDelay,
      Duration forgetAfter) {
    public Limits {
      if (freePerUser < 1 || freePerAddress < 1) {
        throw new IllegalArgumentException("at least one failed login must be free");
      }
      if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
        throw new IllegalArgumentException(
            "delays must be positive and maxDelay at least firstDelay");
      }
    }
  }

  /**
   * Ten mistakes per user (as many as Berth always allowed) and thirty per address are free; then
   * waits of 5 s, 10 s, 20 s, 40 s, 60 s, 60 s … — about one guess a minute per address.
   */
  public static final Limits DEFAULT =
      new Limits(10, 30, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(15));

  /**
   * Bounds memory when someone sprays random names or addresses: the least recently used keys go.
   */
  private static final int MAX_KEYS = 10_000;

  private final Limits limits;
  private final Clock clock;
  private final Map<String, Failures> failures =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
          return size() > MAX_KEYS;
        }
      };

  /** How often a key failed, and when it last did. */
  private record Failures(int count, Instant last) {}

  public LoginThrottle(Limits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /** How long the caller must wait before this attempt is checked, or empty when it may proceed. */
  public synchronized Optional<Duration> blockedFor(String address, String user) {
    Instant now = clock.instant();
    Duration wait =
        max(
            remaining(pairKey(address, user), limits.freePerUser(), now),
            remaining(addressKey(address), limits.freePerAddress(), now));
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  public synchronized void recordFailure(String address, String user) {
    Instant now = clock.instant();
    for (String key : new String[] {pairKey(address, user), addressKey(address)}) {
      Failures previous = current(key, now);
      failures.put(key, new Failures(previous == null ? 1 : previous.count() + 1, now));
    }
  }

  /** The password was right: this user's mistakes from this address are forgiven. */
  public synchronized void recordSuccess(String address, String user) {
    failures.remove(pairKey(address, user));
  }

  /** The time left before {@code key} may try again, or zero. */
  private Duration remaining(String key, int free, Instant now) {
    Failures f = current(key, now);
    if (f == null || f.count() < free) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(now, f.last().plus(delay(f.count() - free)));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** firstDelay × 2^beyond, capped at maxDelay, without overflowing for large counts. */
  private Duration delay(int beyondFree) {
    Duration d = limits.firstDelay();
    for (int i = 0; i < beyondFree && d.compareTo(limits.maxDelay()) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(limits.maxDelay()) > 0 ? limits.maxDelay() : d;
  }

  /** The key's failures, or null when it has none or they are old enough to forget. */
  private Failures current(String key, Instant now) {
    Failures f = failures.get(key);
    if (f != null && !f.last().plus(limits.forgetAfter()).isAfter(now)) {
      failures.remove(key);
      return null;
    }
    return f;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String pairKey(String address, String user) {
    return "user " + addressBlock(address) + " " + user;
  }

  private static String addressKey(String address) {
    return "address " + addressBlock(address);
  }

  /** An IPv4 address as is; an IPv6 address as its /64 prefix. */
  static String addressBlock(String address) {
    if (address.indexOf(':') < 0) {
      return address;
    }
    try {
      // A literal IPv6 address (it contains ':'): getByName parses it without a DNS lookup.
      byte[] bytes = InetAddress.getByName(address.replaceFirst("%.*$", "")).getAddress();
      if (bytes.length != 16) {
        return address;
      }
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        prefix
            .append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
            .append(':');
      }
      return prefix.append(":/64").toString();
    } catch (UnknownHostException e) {
      return address;
    }
  }
}
