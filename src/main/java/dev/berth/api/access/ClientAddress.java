package dev.berth.api.access;

import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;

/**
 * The peer's IP address as text, for throttling and logs. Proxy headers are deliberately ignored.
 */
public final class ClientAddress {
  private ClientAddress() {}

  public static String of(HttpServerExchange exchange) {
    InetSocketAddress peer = exchange.getSourceAddress();
    if (peer == null) {
      return "unknown";
    }
    return peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
  }
}
