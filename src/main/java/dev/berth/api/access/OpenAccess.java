package dev.berth.api.access;

import dev.berth.events.Caller;
import io.undertow.server.HttpServerExchange;

/** No authentication: every request may do everything (registry:2 without an auth section). */
public final class OpenAccess implements AccessController {
  @Override
  public Caller authorize(HttpServerExchange exchange, AccessScope scope) {
    return Caller.anonymous(ClientAddress.of(exchange));
  }

  @Override
  public boolean allows(HttpServerExchange exchange, AccessScope scope) {
    return true;
  }

  @Override
  public String toString() {
    return "OpenAccess (authentication off)";
  }
}
