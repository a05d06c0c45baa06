package dev.berth.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;

/**
 * The outermost handler of the registry API (and of {@code /token}): stamps the API version header,
 * leaves the IO thread for the blocking file and database work behind it, and turns failures into
 * spec errors.
 */
public final class RegistryHttpHandler implements HttpHandler {
  private final HttpHandler chain;

  public RegistryHttpHandler(HttpHandler routes, ErrorResponder errors) {
    this.chain = new BlockingHandler(new ErrorHandler(routes, errors));
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    exchange.getResponseHeaders().put(ApiHeaders.API_VERSION, ApiHeaders.API_VERSION_VALUE);
    chain.handleRequest(exchange);
  }
}
