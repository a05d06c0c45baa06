package dev.berth.api;

import dev.berth.metadata.MetadataException;
import dev.berth.registry.DeletionDisabledException;
import dev.berth.registry.error.RegistryErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.storage.StorageFullException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Protocols;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

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
      LOG.debug(
          "{} {} -> {} {}",
          exchange.getRequestMethod(),
          exchange.getRequestPath(),
          e.status(),
          e.getMessage());
      responder.send(exchange, e);
    } catch (DeletionDisabledException e) {
      responder.send(
          exchange, new RegistryException(RegistryErrorCode.UNSUPPORTED, 405, e.getMessage()));
    } catch (Exception e) {
      if (isClientDisconnect(e, exchange)) {
        LOG.debug(
            "{} {}: client went away: {}",
            exchange.getRequestMethod(),
            exchange.getRequestPath(),
            e.toString());
        // An HTTP/1.1 body cut short leaves its connection unusable. Over HTTP/2 only this stream
        // ended (the client reset it); the connection carries other requests on.
        if (!Protocols.HTTP_2_0.equals(exchange.getProtocol())) {
          IoUtils.safeClose(exchange.getConnection());
        }
        return;
      }
      if (isDiskFull(e)) {
        LOG.warn(
            "{} {} failed: the disk is full ({})",
            exchange.getRequestMethod(),
            exchange.getRequestPath(),
            rootMessage(e));
        responder.send(
            exchange,
            RegistryException.storageFull(
                "the registry's disk is full; free space (delete content"
                    + " and collect garbage, or make room on the disk) and try again"));
        return;
      }
      if (isTemporarilyUnavailable(e)) {
        LOG.warn(
            "{} {} refused for now: {}",
            exchange.getRequestMethod(),
            exchange.getRequestPath(),
            e.getMessage());
        responder.send(
            exchange,
            new RegistryException(
                    RegistryErrorCode.UNAVAILABLE,
                    "the registry's database is recovering from a failed write; try again in a"
                        + " moment")
                .withHeader(Headers.RETRY_AFTER_STRING, "1"));
        return;
      }
      String incident = UUID.randomUUID().toString().substring(0, 8);
      LOG.error(
          "Incident {}: {} {} failed",
          incident,
          exchange.getRequestMethod(),
          exchange.getRequestPath(),
          e);
      responder.send(
          exchange,
          RegistryErrorCode.INTERNAL.status(),
          RegistryErrorCode.INTERNAL,
          "incident " + incident + " (see the server log)");
    }
  }

  /**
   * A write that failed for want of space, even where our own reserve check did not see it coming
   * (another program filled the disk): the client hears that, not "internal error".
   */
  private static boolean isDiskFull(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StorageFullException
          || (cause.getMessage() != null
              && cause.getMessage().contains("No space left on device"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTemporarilyUnavailable(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof MetadataException metadata && metadata.temporary()) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  /**
   * A read of the request body that failed because the peer closed the connection, or a response
   * body the client stopped reading.
   */
  private static boolean isClientDisconnect(Exception e, HttpServerExchange exchange) {
    return e instanceof ResponseAbortedException
        || (e instanceof IOException && !exchange.getConnection().isOpen());
  }
}
