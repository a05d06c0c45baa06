package dev.berth.desktop.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a login item starts this app again, from the installed launcher or from a plain JVM. */
class LaunchCommandTest {
  private final String savedAppPath = System.getProperty("jpackage.app-path");
  private final String savedConfigDir = System.getProperty("berth.config.dir");

  @AfterEach
  void restoreProperties() {
    restore("jpackage.app-path", savedAppPath);
    restore("berth.config.dir", savedConfigDir);
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }

  @Test
  void installedApp_runsItsOwnLauncher() {
    System.setProperty("jpackage.app-path", "/opt/berth/bin/berth");

    assertThat(LaunchCommand.ofThisApp(List.of("desktop", "--background")).argv())
        .containsExactly("/opt/berth/bin/berth", "desktop", "--background");
  }

  @Test
  void plainJvm_runsTheSameJava_onTheSameClassPath_withTheSameSettingsFolder() {
    System.clearProperty("jpackage.app-path");
    System.setProperty("berth.config.dir", "/tmp/isolated-berth");

    List<String> argv = LaunchCommand.ofThisApp(List.of("desktop")).argv();

    assertThat(argv.get(0))
        .isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    assertThat(argv).contains("-Dberth.config.dir=/tmp/isolated-berth");
    // Tests run from classes and jars: the class path and the main class.
    assertThat(argv)
        .containsSubsequence("-cp", System.getProperty("java.class.path"), "dev.berth.Main")
        .endsWith("desktop");
  }
}
