package dev.berth.desktop.session;

import java.io.IOException;
import java.util.Optional;

/**
 * The desktop session's own way to start a program when the person logs in: an XDG autostart entry
 * or a macOS launch agent. Berth writes only its own entry and removes it again; nothing else of
 * the session is touched.
 */
public interface LoginItem {
  /** Where the entry lives, in words for the person (a file, a registry key). */
  String location();

  /** Writes (or replaces) the entry so that the session runs {@code command} at login. */
  void install(LaunchCommand command) throws IOException;

  /** Removes the entry; nothing happens when there is none. */
  void remove() throws IOException;

  /** Whether the entry is there, so the setting can show what the session will really do. */
  boolean installed() throws IOException;

  /**
   * The entry for this operating system, or empty where Berth has none yet (Windows: its {@code
   * Run} key needs a command line quoted for {@code reg.exe}, which nobody has tested there).
   */
  static Optional<LoginItem> forThisSystem() {
    String os = System.getProperty("os.name", "");
    String home = System.getProperty("user.home");
    if (os.startsWith("Mac")) {
      return Optional.of(
          new MacLaunchAgent(java.nio.file.Path.of(home, "Library", "LaunchAgents")));
    }
    if (os.startsWith("Linux") || os.contains("BSD")) {
      return Optional.of(new XdgAutostartEntry(XdgAutostartEntry.defaultFolder()));
    }
    return Optional.empty();
  }
}
