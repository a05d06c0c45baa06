package dev.berth.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.List;
import java.util.Map;

/**
 * Adds fixed headers to every response, like registry:2's {@code http.headers} (for example {@code
 * X-Content-Type-Options: nosniff}). They are set before the request is handled, so error responses
 * carry them too; a header the handler sets itself replaces the fixed one.
 */
public final class ResponseHeaders implements HttpHandler {
  private final Map<HttpString, List<String>> headers;
  private final HttpHandler next;

  public ResponseHeaders(Map<String, List<String>> headers, HttpHandler next) {
    this.headers =
        headers.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toUnmodifiableMap(
                    e -> HttpString.tryFromString(e.getKey()), Map.Entry::getValue));
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    headers.forEach((name, values) -> exchange.getResponseHeaders().putAll(name, values));
    next.handleRequest(exchange);
  }
}
