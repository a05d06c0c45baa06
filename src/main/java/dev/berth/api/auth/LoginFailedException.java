package dev.berth.api.auth;

import java.time.Duration;

/**
 * A login that did not succeed: wrong name or password (deliberately not saying which), a disabled
 * user, or too many recent failures ({@link #retryAfter} set).
 */
public final class LoginFailedException extends Exception {
  private final transient Duration retryAfter;

  private LoginFailedException(String message, Duration retryAfter) {
    super(message, null, false, false);
    this.retryAfter = retryAfter;
  }

  static LoginFailedException badCredentials() {
    return new LoginFailedException("wrong user name or password", null);
  }

  static LoginFailedException throttled(Duration retryAfter) {
    return new LoginFailedException(
        "too many failed logins; try again in " + Math.max(1, retryAfter.toSeconds()) + " s",
        retryAfter);
  }

  public boolean throttled() {
    return retryAfter != null;
  }

  /** Null unless throttled. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
