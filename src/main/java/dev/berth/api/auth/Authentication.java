package dev.berth.api.auth;

import dev.berth.api.access.AccessController;
import io.undertow.server.HttpHandler;

/**
 * One authentication mode, as the composition root wires it: the hook every registry request
 * passes, and what {@code /token} serves (the real token server, or a disabled twin). The engine
 * mounts both without knowing which mode it got.
 */
public record Authentication(
    String description, AccessController access, HttpHandler tokenEndpoint) {
  @Override
  public String toString() {
    return description;
  }
}
