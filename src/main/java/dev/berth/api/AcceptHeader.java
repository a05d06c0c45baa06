package dev.berth.api;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** The media types a client accepts, from all its {@code Accept} headers. */
final class AcceptHeader {
  private final Set<String> types;
  private final boolean any;

  private AcceptHeader(Set<String> types, boolean any) {
    this.types = types;
    this.any = any;
  }

  static AcceptHeader of(HttpServerExchange exchange) {
    HeaderValues values = exchange.getRequestHeaders().get(Headers.ACCEPT);
    Set<String> types = new HashSet<>();
    if (values != null) {
      for (String value : values) {
        for (String part : value.split(",")) {
          int semicolon = part.indexOf(';');
          String type =
              (semicolon < 0 ? part : part.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
          if (!type.isEmpty()) {
            types.add(type);
          }
        }
      }
    }
    // No Accept header at all means anything goes (RFC 9110 §12.5.1).
    boolean any = types.isEmpty() || types.contains("*/*") || types.contains("application/*");
    return new AcceptHeader(types, any);
  }

  boolean accepts(String mediaType) {
    return any || types.contains(mediaType);
  }
}
