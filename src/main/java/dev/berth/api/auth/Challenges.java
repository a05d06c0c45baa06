package dev.berth.api.auth;

import dev.berth.api.Origin;
import dev.berth.api.access.AccessScope;
import io.undertow.server.HttpServerExchange;

/**
 * Builds {@code WWW-Authenticate} challenges. The token realm and service name are the request's
 * {@link Origin}: the configured public URL, a trusted proxy's forwarded address, a Host that names
 * this server, or the address the request arrived on — never a Host anyone could write, since the
 * client follows the realm with its password.
 */
final class Challenges {
  static final String REALM = "Berth";

  private Challenges() {}

  /** The registry's host[:port] as clients reach it; also the token service name. */
  static String service(HttpServerExchange exchange) {
    return Origin.of(exchange).hostPort();
  }

  static String tokenRealm(HttpServerExchange exchange) {
    return Origin.of(exchange).url("/token");
  }

  static String basic() {
    return basic(REALM);
  }

  static String basic(String realm) {
    return "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
  }

  /**
   * @param error null, {@code invalid_token} or {@code insufficient_scope} (RFC 6750 §3.1)
   */
  static String bearer(HttpServerExchange exchange, AccessScope scope, String error) {
    return bearer(tokenRealm(exchange), service(exchange), scope, error);
  }

  /**
   * A challenge naming a token server of its own (registry:2's {@code auth.token} realm and
   * service).
   */
  static String bearer(String realm, String service, AccessScope scope, String error) {
    StringBuilder s =
        new StringBuilder("Bearer realm=\"")
            .append(realm)
            .append("\",service=\"")
            .append(service)
            .append('"');
    if (!scope.actions().isEmpty()) {
      s.append(",scope=\"").append(scope).append('"');
    }
    if (error != null) {
      s.append(",error=\"").append(error).append('"');
    }
    return s.toString();
  }
}
