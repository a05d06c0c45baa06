package dev.berth.api.auth;

import dev.berth.events.Caller;
import dev.berth.events.RegistryEvent;
import dev.berth.events.RegistryEvents;
import dev.berth.users.BcryptPasswords;
import dev.berth.users.User;
import dev.berth.users.UserStore;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a user name and password against the user store, with failed-login throttling ({@link
 * LoginThrottle}: only the address that failed is slowed down, never the user everywhere).
 *
 * <p>bcrypt at cost 10 takes tens of milliseconds by design, and Basic auth sends the password with
 * every request (a push is dozens of requests). A successful check is therefore remembered for a
 * short time, keyed by a SHA-256 of name, password and the stored hash: changing the password or
 * the hash ends the memory, and the plain password is never kept.
 */
public final class PasswordAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordAuthenticator.class);
  private static final Duration REMEMBER = Duration.ofMinutes(1);
  private static final int REMEMBER_MAX = 1_000;

  private final UserStore users;
  private final BcryptPasswords passwords;
  private final LoginThrottle throttle;
  private final RegistryEvents events;
  private final Clock clock;

  /** Verified against for unknown users, so their replies take as long as a wrong password. */
  private final String dummyHash;

  private final Map<String, Instant> verified =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
          return size() > REMEMBER_MAX;
        }
      };

  public PasswordAuthenticator(
      UserStore users,
      BcryptPasswords passwords,
      LoginThrottle throttle,
      RegistryEvents events,
      Clock clock) {
    this.users = users;
    this.passwords = passwords;
    this.throttle = throttle;
    this.events = events;
    this.clock = clock;
    this.dummyHash = passwords.hash("no such user".toCharArray());
  }

  /**
   * Returns the enabled user whose password this is.
   *
   * @param clientAddress the peer address, for throttling and the log
   */
  public User authenticate(BasicCredentials credentials, String clientAddress)
      throws LoginFailedException {
    Optional<Duration> wait = throttle.blockedFor(clientAddress, credentials.name());
    if (wait.isPresent()) {
      LOG.warn(
          "Login for user '{}' from {} refused: too many failed logins",
          printable(credentials.name()),
          clientAddress);
      throw LoginFailedException.throttled(wait.get());
    }
    Optional<User> user = users.find(credentials.name());
    if (user.isPresent()
        && !user.get().disabled()
        && check(credentials, user.get().passwordHash())) {
      throttle.recordSuccess(clientAddress, credentials.name());
      return user.get();
    }
    if (user.isEmpty()) {
      passwords.verify(credentials.password(), dummyHash);
    }
    throttle.recordFailure(clientAddress, credentials.name());
    // The name is logged (an admin needs to see who is being guessed); the password never is.
    LOG.warn("Failed login for user '{}' from {}", printable(credentials.name()), clientAddress);
    events.publish(
        new RegistryEvent.LoginFailed(
            clock.instant(),
            new Caller(
                credentials.name().isBlank() ? "(no name)" : printable(credentials.name()),
                Caller.Kind.USER,
                clientAddress),
            user.isEmpty()
                ? "unknown user"
                : user.get().disabled() ? "user disabled" : "wrong password"));
    throw LoginFailedException.badCredentials();
  }

  private boolean check(BasicCredentials credentials, String hash) {
    String key = rememberKey(credentials, hash);
    Instant now = clock.instant();
    synchronized (verified) {
      Instant until = verified.get(key);
      if (until != null && until.isAfter(now)) {
        return true;
      }
    }
    if (!passwords.verify(credentials.password(), hash)) {
      return false;
    }
    synchronized (verified) {
      verified.put(key, now.plus(REMEMBER));
    }
    return true;
  }

  private static String rememberKey(BasicCredentials c, String hash) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(c.name().getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(c.password()));
      d.update(pw);
      if (pw.hasArray()) {
        Arrays.fill(pw.array(), (byte) 0);
      }
      d.update((byte) 0);
      d.update(hash.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform supports SHA-256", e);
    }
  }

  /** User names in logs come from the network: keep them on one line and short. */
  static String printable(String name) {
    String s = name.replaceAll("[^\\x20-\\x7e]", "?");
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
