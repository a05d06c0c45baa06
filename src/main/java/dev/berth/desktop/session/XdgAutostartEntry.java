package dev.berth.desktop.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Starting at login on Linux and BSD desktops (GNOME, KDE, Xfce, Cinnamon, LXQt…): a desktop entry
 * in {@code $XDG_CONFIG_HOME/autostart} (the XDG Autostart specification), which the session starts
 * at login. Removing the file turns it off again.
 */
public final class XdgAutostartEntry extends FileLoginItem {
  static final String FILE_NAME = "berth.desktop";

  /** Characters the Desktop Entry specification reserves in {@code Exec} arguments. */
  private static final String RESERVED = " \t\"'\\><~|&;$*?#()`";

  public XdgAutostartEntry(Path autostartFolder) {
    super(autostartFolder.resolve(FILE_NAME));
  }

  /** {@code $XDG_CONFIG_HOME/autostart}, or {@code ~/.config/autostart} where it is not set. */
  public static Path defaultFolder() {
    return XdgBaseDirectory.configHome().resolve("autostart");
  }

  @Override
  String content(LaunchCommand command) throws IOException {
    return String.join(
        "\n",
        "[Desktop Entry]",
        "Type=Application",
        "Name=Berth",
        "Comment=Starts the Berth container registry when you log in",
        "Exec=" + exec(command.argv()),
        "Icon=berth",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        "");
  }

  /**
   * The {@code Exec} value for {@code argv}: each argument with a reserved character is quoted
   * (with {@code "}, {@code `}, {@code $} and {@code \} escaped inside the quotes), {@code %} is
   * doubled so it is not taken for a field code, and then every backslash is doubled once more,
   * because the string escapes of the file apply before the quoting rules.
   */
  static String exec(List<String> argv) throws IOException {
    StringBuilder line = new StringBuilder();
    for (String argument : argv) {
      if (argument.indexOf('\n') >= 0 || argument.indexOf('\r') >= 0) {
        throw new IOException("a login item cannot run an argument with a line break: " + argument);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(quoted(argument).replace("%", "%%"));
    }
    return line.toString().replace("\\", "\\\\");
  }

  private static String quoted(String argument) {
    boolean needsQuotes =
        argument.isEmpty() || argument.chars().anyMatch(c -> RESERVED.indexOf(c) >= 0);
    if (!needsQuotes) {
      return argument;
    }
    return argument
        .chars()
        .mapToObj(c -> "\"`$\\".indexOf(c) >= 0 ? "\\" + (char) c : String.valueOf((char) c))
        .collect(Collectors.joining("", "\"", "\""));
  }
}
