package dev.berth.api.access;

import io.undertow.server.HttpServerExchange;

/** No authentication: every request may do everything (registry:2 without an auth section). */
public final class OpenAccess implements AccessController {
  @Override
  public void authorize(HttpServerExchange exchange, AccessScope scope) {}

  @Override
  public boolean allows(HttpServerExchange exchange, AccessScope scope) {
    return true;
  }

  @Override
  public String toString() {
    return "OpenAccess (authentication off)";
  }
}
