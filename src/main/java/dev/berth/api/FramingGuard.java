package dev.berth.api;

import dev.berth.registry.error.RegistryErrorCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's outermost handler: refuses a request whose body length is ambiguous (see {@link
 * RequestFraming}) before any other handler runs, and closes its connection.
 *
 * <p>Undertow has parsed the headers and set up its body reader by the time this runs, but has not
 * read any of the body: nothing here reads it either, and a connection that is not persistent is
 * closed once the error is written, so the bytes after the headers are never parsed as a request.
 */
public final class FramingGuard implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FramingGuard.class);

  private final HttpHandler next;
  private final ErrorResponder errors;

  public FramingGuard(HttpHandler next, ErrorResponder errors) {
    this.next = next;
    this.errors = errors;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Optional<RequestFraming.Problem> problem = RequestFraming.check(exchange.getRequestHeaders());
    if (problem.isEmpty()) {
      next.handleRequest(exchange);
      return;
    }
    LOG.info(
        "Refused {} {} from {}: {}",
        exchange.getRequestMethod(),
        abbreviate(exchange.getRequestPath()),
        exchange.getSourceAddress(),
        problem.get().detail());
    exchange.setPersistent(false);
    exchange.getResponseHeaders().put(Headers.CONNECTION, Headers.CLOSE.toString());
    errors.send(
        exchange, problem.get().status(), RegistryErrorCode.UNSUPPORTED, problem.get().detail());
  }

  private static String abbreviate(String path) {
    String s = path.replaceAll("[^\\x20-\\x7e]", "?");
    return s.length() > 100 ? s.substring(0, 100) + "…" : s;
  }
}
