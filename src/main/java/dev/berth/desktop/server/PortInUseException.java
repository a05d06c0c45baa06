package dev.berth.desktop.server;

import java.io.IOException;

/** The configured port is taken by another program. */
public final class PortInUseException extends IOException {
  private final int port;

  public PortInUseException(String address, int port, Throwable cause) {
    super("Port " + port + " is already in use by another program, so Berth cannot listen on " + address
        + ". Pick another port below (or stop the other program) and start again.", cause);
    this.port = port;
  }

  public int port() {
    return port;
  }
}
