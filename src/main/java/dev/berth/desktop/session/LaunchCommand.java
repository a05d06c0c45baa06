package dev.berth.desktop.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start this same app again, as a program and its arguments: what a login item runs.
 *
 * <p>An installed app runs from its native launcher, whose path jpackage hands the JVM as {@code
 * jpackage.app-path}; the launcher supplies its own JVM options. A {@code java -jar berth.jar} runs
 * the same Java on the same jar. Either way the settings folder chosen with {@code
 * -Dberth.config.dir} goes along, so an isolated copy starts at login with its own settings.
 */
public record LaunchCommand(List<String> argv) {
  static final String MAIN_CLASS = "dev.berth.Main";

  public LaunchCommand {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a launch command needs a program");
    }
    argv = List.copyOf(argv);
  }

  /** This app, started with {@code arguments} (e.g. {@code desktop --background}). */
  public static LaunchCommand ofThisApp(List<String> arguments) {
    List<String> argv = new ArrayList<>();
    String launcher = System.getProperty("jpackage.app-path");
    if (launcher != null && !launcher.isBlank()) {
      argv.add(launcher);
    } else {
      argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      String configDir = System.getProperty("berth.config.dir");
      if (configDir != null && !configDir.isBlank()) {
        argv.add("-Dberth.config.dir=" + Path.of(configDir).toAbsolutePath());
      }
      String classPath = System.getProperty("java.class.path", "");
      Path single = Path.of(classPath).toAbsolutePath();
      if (!classPath.contains(java.io.File.pathSeparator)
          && classPath.endsWith(".jar")
          && Files.isRegularFile(single)) {
        argv.add("-jar"); // the jar's manifest names the main class
        argv.add(single.toString());
      } else {
        argv.add("-cp");
        argv.add(classPath);
        argv.add(MAIN_CLASS);
      }
    }
    argv.addAll(arguments);
    return new LaunchCommand(argv);
  }
}
