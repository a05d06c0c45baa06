package dev.berth.desktop.server;

/** The embedded registry's life, as the dashboard and status bar show it. */
public enum ServerState {
  STOPPED("Stopped"),
  STARTING("Starting…"),
  RUNNING("Running"),
  STOPPING("Stopping…"),
  FAILED("Not running");

  private final String label;

  ServerState(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
