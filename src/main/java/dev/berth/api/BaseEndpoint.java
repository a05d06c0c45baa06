package dev.berth.api;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** {@code GET /v2/}: tells clients this is a registry speaking API v2 (end-1). */
final class BaseEndpoint {
  void get(HttpServerExchange exchange, ApiRequest request) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 2);
    exchange.getResponseSender().send("{}");
  }
}
