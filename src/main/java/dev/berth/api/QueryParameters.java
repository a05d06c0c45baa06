package dev.berth.api;

import io.undertow.server.HttpServerExchange;
import java.util.Deque;

/** Reads query parameters (already percent-decoded by Undertow). */
final class QueryParameters {
  private QueryParameters() {}

  /** The first value of {@code name}, or null when the parameter is absent. */
  static String first(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }
}
