package dev.berth.desktop.session;

import java.nio.file.Path;

/**
 * Where the XDG Base Directory specification puts a user's configuration: read by the settings
 * (their folder) and by the autostart entry (the session's {@code autostart} folder) alike.
 */
public final class XdgBaseDirectory {
  private XdgBaseDirectory() {}

  /** {@code $XDG_CONFIG_HOME}, or {@code ~/.config} where it is not set. */
  public static Path configHome() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    return xdg != null && !xdg.isBlank()
        ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".config");
  }
}
