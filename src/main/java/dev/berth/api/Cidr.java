package dev.berth.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A block of addresses in CIDR notation, {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is
 * a block of one. Used to say which peers are trusted proxies.
 */
public record Cidr(InetAddress network, int prefixLength) {
  private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  public Cidr {
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "a /" + prefixLength + " prefix does not fit a " + bits + "-bit address");
    }
  }

  /** Parses {@code ADDRESS[/PREFIX]}; only literal addresses, never a name to look up. */
  public static Cidr parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    String address = slash < 0 ? t : t.substring(0, slash);
    if (!LITERAL.matcher(address).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an IP address or CIDR block such as 10.0.0.0/8");
    }
    InetAddress network;
    try {
      network = InetAddress.getByName(address); // a literal: no DNS lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an IP address or CIDR block such as 10.0.0.0/8");
    }
    int bits = network.getAddress().length * 8;
    try {
      return new Cidr(network, slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has no prefix length after the '/'");
    }
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != n[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (a[full] & mask) == (n[full] & mask);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
