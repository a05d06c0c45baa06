package dev.berth.api;

import dev.berth.registry.error.RegistryErrorCode;
import dev.berth.registry.error.RegistryException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Protocols;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.xnio.IoUtils;
import org.slf4j.LoggerFactory;

/**
 * Turns exceptions from the handlers into spec errors. Expected failures become their code;
 * anything else becomes a 500 that names a logged incident id instead of leaking internals.
 */
public final class ErrorHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

  private final HttpHandler next;
  private final ErrorResponder responder;

  public ErrorHandler(HttpHandler next, ErrorResponder responder) {
    this.next = next;
    this.responder = responder;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    try {
      next.handleRequest(exchange);
    } catch (RegistryException e) {
      LOG.debug("{} {} -> {} {}", exchange.getRequestMethod(), exchange.getRequestPath(), e.status(), e.getMessage());
      responder.send(exchange, e);
    } catch (Exception e) {
      if (isClientDisconnect(e, exchange)) {
        LOG.debug("{} {}: client went away: {}", exchange.getRequestMethod(), exchange.getRequestPath(), e.toString());
        // An HTTP/1.1 body cut short leaves its connection unusable. Over HTTP/2 only this stream
        // ended (the client reset it); the connection carries other requests on.
        if (!Protocols.HTTP_2_0.equals(exchange.getProtocol())) {
          IoUtils.safeClose(exchange.getConnection());
        }
        return;
      }
      String incident = UUID.randomUUID().toString().substring(0, 8);
      LOG.error("Incident {}: {} {} failed", incident, exchange.getRequestMethod(), exchange.getRequestPath(), e);
      responder.send(exchange, RegistryErrorCode.INTERNAL.status(), RegistryErrorCode.INTERNAL,
          "incident " + incident + " (see the server log)");
    }
  }

  /**
   * A read of the request body that failed because the peer closed the connection, or a response
   * body the client stopped reading.
   */
  private static boolean isClientDisconnect(Exception e, HttpServerExchange exchange) {
    return e instanceof ResponseAbortedException || (e instanceof IOException && !exchange.getConnection().isOpen());
  }
}
