package dev.berth.api;

import io.undertow.server.HttpServerExchange;

/** One HTTP method on one API resource. */
@FunctionalInterface
public interface Endpoint {
  void handle(HttpServerExchange exchange, ApiRequest request) throws Exception;
}
