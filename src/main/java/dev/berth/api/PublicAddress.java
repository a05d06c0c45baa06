package dev.berth.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides each request's {@link Origin} — the address clients are told to use — from what can be
 * trusted, never from a Host header alone, since a client follows the token realm with its
 * password. In this order:
 *
 * <ol>
 *   <li>the configured public URL ({@code serve --public-url}), when there is one;
 *   <li>{@code X-Forwarded-Proto}, {@code -Host} and {@code -Port}, only from a peer inside a
 *       configured proxy block ({@code --trusted-proxy}); the proxy vouches for the Host it passes;
 *   <li>the request's Host, when it names this server (one of its own names or addresses) on the
 *       port the request arrived on;
 *   <li>otherwise the address and port the request arrived on.
 * </ol>
 *
 * The resolution happens only when a handler asks ({@link Origin#of}), so requests that hand out no
 * URL pay nothing for it.
 */
public final class PublicAddress implements HttpHandler {
  static final AttachmentKey<PublicAddress> KEY = AttachmentKey.create(PublicAddress.class);
  private static final HttpString FORWARDED_PROTO = new HttpString("X-Forwarded-Proto");
  private static final HttpString FORWARDED_HOST = new HttpString("X-Forwarded-Host");
  private static final HttpString FORWARDED_PORT = new HttpString("X-Forwarded-Port");

  private final HttpHandler next;
  private final Optional<Origin> configured;
  private final List<Cidr> trustedProxies;
  private final Predicate<String> ownName;

  /**
   * @param publicUrl {@code http[s]://host[:port]} as clients reach the registry, or empty
   * @param ownName whether a host (lower case, IPv6 without brackets) is one of this server's names
   */
  public PublicAddress(
      HttpHandler next,
      Optional<URI> publicUrl,
      List<Cidr> trustedProxies,
      Predicate<String> ownName) {
    this.next = next;
    this.configured =
        publicUrl.map(
            u ->
                new Origin(
                    u.getScheme().toLowerCase(Locale.ROOT),
                    u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort()));
    this.trustedProxies = List.copyOf(trustedProxies);
    this.ownName = ownName;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    exchange.putAttachment(KEY, this);
    next.handleRequest(exchange);
  }

  Origin resolve(HttpServerExchange exchange) {
    if (configured.isPresent()) {
      return configured.get();
    }
    if (fromTrustedProxy(exchange)) {
      Optional<Origin> forwarded = forwarded(exchange);
      if (forwarded.isPresent()) {
        return forwarded.get();
      }
    }
    String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
    if (host != null && namesThisServer(host, exchange)) {
      return new Origin(exchange.getRequestScheme(), host);
    }
    return Origin.arrival(exchange);
  }

  private boolean fromTrustedProxy(HttpServerExchange exchange) {
    InetSocketAddress peer = exchange.getSourceAddress();
    return peer != null
        && peer.getAddress() != null
        && trustedProxies.stream().anyMatch(c -> c.contains(peer.getAddress()));
  }

  /**
   * What the proxy says the client used; the Host it passed on when it sent no X-Forwarded-Host.
   */
  private static Optional<Origin> forwarded(HttpServerExchange exchange) {
    var headers = exchange.getRequestHeaders();
    String proto = firstListItem(headers.getFirst(FORWARDED_PROTO));
    String scheme = proto == null ? exchange.getRequestScheme() : proto.toLowerCase(Locale.ROOT);
    String host = firstListItem(headers.getFirst(FORWARDED_HOST));
    if (host == null) {
      host = headers.getFirst(Headers.HOST);
    }
    String port = firstListItem(headers.getFirst(FORWARDED_PORT));
    if (host == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || !Origin.HOST_PORT.matcher(host).matches()) {
      return Optional.empty();
    }
    if (port != null && port.matches("\\d{1,5}") && !hasPort(host)) {
      host = host + ":" + port;
    }
    return Optional.of(new Origin(scheme, host));
  }

  /**
   * A plain host[:port] whose host is ours and whose port (stated or the scheme's default) is the
   * one we were reached on.
   */
  private boolean namesThisServer(String hostHeader, HttpServerExchange exchange) {
    if (!Origin.HOST_PORT.matcher(hostHeader).matches()) {
      return false;
    }
    int colon = hasPort(hostHeader) ? hostHeader.lastIndexOf(':') : -1;
    String host = colon < 0 ? hostHeader : hostHeader.substring(0, colon);
    int port =
        colon < 0
            ? (exchange.getRequestScheme().equals("https") ? 443 : 80)
            : Integer.parseInt(hostHeader.substring(colon + 1));
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    return port == exchange.getDestinationAddress().getPort()
        && ownName.test(host.toLowerCase(Locale.ROOT));
  }

  private static boolean hasPort(String hostPort) {
    return hostPort.lastIndexOf(':') > hostPort.lastIndexOf(']');
  }

  private static String firstListItem(String value) {
    if (value == null) {
      return null;
    }
    String first = value.split(",", 2)[0].strip();
    return first.isEmpty() ? null : first;
  }
}
