package dev.berth.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sets how much Berth logs from a level word as registry:2's {@code log.level} spells it. */
public final class LogLevel {
  private LogLevel() {}

  /**
   * @param word panic, fatal, error, warn(ing), info, debug or trace
   */
  public static void set(String word) {
    Level level =
        switch (word.toLowerCase(Locale.ROOT)) {
          case "panic", "fatal", "error" -> Level.ERROR;
          case "warn", "warning" -> Level.WARN;
          case "info" -> Level.INFO;
          case "debug" -> Level.DEBUG;
          case "trace" -> Level.TRACE;
          default ->
              throw new IllegalArgumentException(
                  "'" + word + "' is not a log level (error, warn, info, debug)");
        };
    // Only with Berth's own set-up: a logback file of the user's (-Dlogback.configurationFile)
    // decides by itself.
    if (System.getProperty(LogConfigurator.OWN_CONFIGURATION) == null
        && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
    }
  }
}
