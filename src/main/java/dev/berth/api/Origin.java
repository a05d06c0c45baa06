package dev.berth.api;

import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;
import java.util.regex.Pattern;

/**
 * How clients reach the registry: {@code scheme://host[:port]}. It is the base of every URL Berth
 * hands out (the token realm, {@code Location}) and the token service name ({@code hostPort}).
 * {@link PublicAddress} decides it per request; without one, it is the address the connection
 * arrived on.
 */
public record Origin(String scheme, String hostPort) {
  /**
   * A plain {@code host[:port]}: a DNS name or a bracketed IPv6 literal, nothing that could carry
   * text into a header.
   */
  static final Pattern HOST_PORT =
      Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:\\d{1,5})?");

  /** An absolute URL on this registry, e.g. {@code url("/token")}. */
  public String url(String path) {
    return scheme + "://" + hostPort + path;
  }

  /** The origin of this request, as the exchange's {@link PublicAddress} sees it. */
  public static Origin of(HttpServerExchange exchange) {
    PublicAddress address = exchange.getAttachment(PublicAddress.KEY);
    return address != null ? address.resolve(exchange) : arrival(exchange);
  }

  /** The scheme of the listener and the local address and port the connection arrived on. */
  static Origin arrival(HttpServerExchange exchange) {
    InetSocketAddress local = exchange.getDestinationAddress();
    String host = local.getAddress().getHostAddress().replaceFirst("%.*$", "");
    return new Origin(
        exchange.getRequestScheme(),
        (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + local.getPort());
  }
}
