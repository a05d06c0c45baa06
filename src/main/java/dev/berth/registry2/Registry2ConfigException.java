package dev.berth.registry2;

/**
 * A registry:2 configuration that Berth cannot serve as written: malformed, or asking for something
 * whose absence would change security (an unknown {@code auth} kind, client certificates). The
 * message names the setting and is shown as it is, without a stack trace.
 */
public final class Registry2ConfigException extends IllegalArgumentException {
  public Registry2ConfigException(String message) {
    super(message);
  }
}
