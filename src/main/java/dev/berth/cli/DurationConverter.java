package dev.berth.cli;

import java.time.Duration;
import picocli.CommandLine;

/** Parses {@code 90s}, {@code 30m}, {@code 1h}, {@code 7d} (or ISO-8601 {@code PT1H}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      if (value.startsWith("P") || value.startsWith("p")) {
        return Duration.parse(value);
      }
      long amount = Long.parseLong(value.substring(0, value.length() - 1));
      switch (value.charAt(value.length() - 1)) {
        case 's':
          return Duration.ofSeconds(amount);
        case 'm':
          return Duration.ofMinutes(amount);
        case 'h':
          return Duration.ofHours(amount);
        case 'd':
          return Duration.ofDays(amount);
        default:
          break;
      }
    } catch (RuntimeException e) {
      // fall through to the explanation below
    }
    throw new CommandLine.TypeConversionException(
        "'" + value + "' is not a duration such as 90s, 30m, 1h or 7d");
  }
}
