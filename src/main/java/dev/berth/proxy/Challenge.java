package dev.berth.proxy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code WWW-Authenticate} challenge (RFC 7235): {@code Bearer realm="…",service="…",scope="…"}
 * as Docker Hub, GHCR and Berth send it, or {@code Basic realm="…"} as an htpasswd registry:2 does.
 */
record Challenge(String scheme, Map<String, String> parameters) {
  private static final Pattern PARAMETER =
      Pattern.compile("([A-Za-z_]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]*))");

  static Optional<Challenge> parse(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String text = header.trim();
    int space = text.indexOf(' ');
    String scheme = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
    Map<String, String> parameters = new LinkedHashMap<>();
    if (space > 0) {
      Matcher m = PARAMETER.matcher(text.substring(space + 1));
      while (m.find()) {
        parameters.put(
            m.group(1).toLowerCase(Locale.ROOT),
            m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3));
      }
    }
    return Optional.of(new Challenge(scheme, parameters));
  }

  boolean isBearer() {
    return scheme.equals("bearer");
  }

  boolean isBasic() {
    return scheme.equals("basic");
  }

  String parameter(String name) {
    return parameters.get(name);
  }
}
