package dev.berth.api;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** Small helpers for the response shapes the registry API repeats. */
final class Responses {
  private Responses() {}

  /**
   * An absolute URL on this server for {@code path}, as registry:2 writes {@code Location}, on the
   * request's {@link Origin} (so a forged Host cannot point the client elsewhere either).
   */
  static String url(HttpServerExchange exchange, String path) {
    return Origin.of(exchange).url(path);
  }

  /** Ends the exchange with {@code status} and an empty body. */
  static void empty(HttpServerExchange exchange, int status) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
    exchange.endExchange();
  }
}
