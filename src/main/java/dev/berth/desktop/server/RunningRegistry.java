package dev.berth.desktop.server;

import dev.berth.browse.RepositoryBrowser;
import dev.berth.engine.BerthEngine;

/**
 * A started engine and the browser service over it; views read the registry only through this.
 *
 * @param pullHost {@code host:port} as it appears in {@code docker pull} commands
 */
public record RunningRegistry(BerthEngine engine, RepositoryBrowser browser, String pullHost) {

  /** Clients cannot connect to a wildcard address; they reach such a server as localhost. */
  static String pullHost(BerthEngine engine) {
    String host = engine.config().address().host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
      host = "localhost";
    }
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + engine.port();
  }
}
