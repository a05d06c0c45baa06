package dev.berth.api.access;

import static dev.berth.registry.error.RegistryErrorCode.UNSUPPORTED;

import dev.berth.api.access.AccessScope.Action;
import dev.berth.events.Caller;
import dev.berth.registry.error.RegistryException;
import io.undertow.server.HttpServerExchange;

/**
 * A read-only registry (registry:2's {@code storage.maintenance.readonly}): whoever may pull still
 * can, and every push, deletion and administration request answers 405 UNSUPPORTED, as registry:2
 * answers them. Authentication comes first, so a client still learns that it must log in.
 */
public final class ReadOnlyAccess implements AccessController {
  private final AccessController next;

  public ReadOnlyAccess(AccessController next) {
    this.next = next;
  }

  @Override
  public Caller authorize(HttpServerExchange exchange, AccessScope scope) {
    Caller caller = next.authorize(exchange, scope);
    if (writes(scope)) {
      throw new RegistryException(
          UNSUPPORTED,
          405,
          "this registry is read-only (storage.maintenance.readonly): " + scope + " is refused");
    }
    return caller;
  }

  @Override
  public boolean allows(HttpServerExchange exchange, AccessScope scope) {
    return !writes(scope) && next.allows(exchange, scope);
  }

  private static boolean writes(AccessScope scope) {
    return scope.actions().contains(Action.PUSH)
        || scope.actions().contains(Action.DELETE)
        || scope.equals(AccessScope.admin());
  }

  @Override
  public String toString() {
    return next + ", read-only";
  }
}
