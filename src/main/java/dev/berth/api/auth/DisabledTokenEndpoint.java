package dev.berth.api.auth;

import static dev.berth.registry.error.RegistryErrorCode.UNSUPPORTED;

import dev.berth.registry.error.RegistryException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * What {@code /token} is when token authentication is off: a 404 that says why, so a client
 * configured for the wrong mode gets an answer a person can act on.
 */
public final class DisabledTokenEndpoint implements HttpHandler {
  private final String mode;

  public DisabledTokenEndpoint(String mode) {
    this.mode = mode;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    throw new RegistryException(
        UNSUPPORTED, 404, "token authentication is off (this registry uses " + mode + ")");
  }
}
