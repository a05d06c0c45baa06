package dev.berth.engine;

/**
 * A {@code HOST:PORT} to listen on: {@code localhost:5000}, {@code 0.0.0.0:5000}, {@code :5000}
 * (all interfaces) or {@code [::1]:5000}. Port 0 picks a free port.
 */
public record ListenAddress(String host, int port) {
  public static final ListenAddress DEFAULT = new ListenAddress("localhost", 5000);

  public ListenAddress {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0-65535");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is empty");
    }
  }

  public static ListenAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not HOST:PORT (for example localhost:5000)");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not HOST:PORT; write IPv6 addresses in brackets, e.g. [::1]:5000");
    }
    if (!host.matches("[A-Za-z0-9.:%_-]*")) {
      throw new IllegalArgumentException("'" + host + "' is not a host name or IP address");
    }
    if (host.isEmpty()) {
      host = "0.0.0.0";
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text.substring(colon + 1) + "' is not a port number");
    }
    return new ListenAddress(host, port);
  }

  /** Whether it listens on every interface ({@code 0.0.0.0}, {@code ::}). */
  public boolean isWildcard() {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
  }

  /** Whether only this machine can connect ({@code localhost}, {@code 127.x}, {@code ::1}). */
  public boolean isLoopback() {
    return host.equals("localhost")
        || host.startsWith("127.")
        || host.equals("::1")
        || host.equals("0:0:0:0:0:0:0:1");
  }

  /** The host as it appears in a URL. */
  public String urlHost() {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  @Override
  public String toString() {
    return urlHost() + ":" + port;
  }
}
