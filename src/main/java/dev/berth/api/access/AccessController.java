package dev.berth.api.access;

import dev.berth.events.Caller;
import io.undertow.server.HttpServerExchange;

/**
 * The authorization hook every API request passes through before its handler runs. The
 * authentication issue plugs Basic and token auth in here; without it {@link OpenAccess} is wired.
 */
public interface AccessController {

  /**
   * Lets the request proceed or refuses it, and says who is asking.
   *
   * @return the caller: the authenticated user, or an anonymous client with its address
   * @throws dev.berth.registry.error.RegistryException UNAUTHORIZED (after setting a {@code
   *     WWW-Authenticate} challenge on the exchange) when the caller must authenticate, DENIED when
   *     an authenticated caller lacks the scope
   */
  Caller authorize(HttpServerExchange exchange, AccessScope scope);

  /** Whether {@link #authorize} would let the request through, without side effects. */
  boolean allows(HttpServerExchange exchange, AccessScope scope);
}
