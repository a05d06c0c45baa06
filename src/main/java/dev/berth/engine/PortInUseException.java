package dev.berth.engine;

import java.io.IOException;

/** The listen address is taken by another program (or another Berth). */
public final class PortInUseException extends IOException {
  private final ListenAddress address;

  public PortInUseException(ListenAddress address, Throwable cause) {
    super(
        "Cannot listen on "
            + address
            + ": the port is already in use by another program"
            + " (choose another port, e.g. --addr "
            + address.urlHost()
            + ":"
            + (address.port() + 1)
            + ")",
        cause);
    this.address = address;
  }

  public ListenAddress address() {
    return address;
  }
}
