package dev.berth.api.auth;

import dev.berth.api.access.AccessScope;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.util.regex.Pattern;

/**
 * Builds {@code WWW-Authenticate} challenges. The token realm and service name come from the
 * request's Host (how this client reaches us, so the realm URL works for it), after checking it is
 * a plain host[:port]; anything else falls back to the address the connection arrived on, so a
 * forged Host cannot put arbitrary text into the header.
 */
final class Challenges {
  static final String REALM = "Berth";
  private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:\\d{1,5})?");

  private Challenges() {}

  /** The registry's host[:port] as this client addresses it; also the token service name. */
  static String service(HttpServerExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
    if (host != null && HOST.matcher(host).matches()) {
      return host;
    }
    InetSocketAddress local = exchange.getDestinationAddress();
    String h = local.getAddress().getHostAddress();
    return (h.indexOf(':') >= 0 ? "[" + h.replaceFirst("%.*$", "") + "]" : h) + ":" + local.getPort();
  }

  static String tokenRealm(HttpServerExchange exchange) {
    return exchange.getRequestScheme() + "://" + service(exchange) + "/token";
  }

  static String basic() {
    return "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";
  }

  /**
   * @param error null, {@code invalid_token} or {@code insufficient_scope} (RFC 6750 §3.1)
   */
  static String bearer(HttpServerExchange exchange, AccessScope scope, String error) {
    StringBuilder s = new StringBuilder("Bearer realm=\"").append(tokenRealm(exchange))
        .append("\",service=\"").append(service(exchange)).append('"');
    if (!scope.actions().isEmpty()) {
      s.append(",scope=\"").append(scope).append('"');
    }
    if (error != null) {
      s.append(",error=\"").append(error).append('"');
    }
    return s.toString();
  }
}
