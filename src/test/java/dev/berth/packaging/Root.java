package dev.berth.packaging;

import dev.berth.testing.Command;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands that change the system (apt-get, dpkg, runuser): run as they are when the tests are root
 * (CI), through {@code sudo -n} otherwise, which fails at once instead of asking for a password.
 * These tests install and remove the real package: run them on a machine or container you may
 * change, as CI does.
 */
final class Root {
  private static final boolean IS_ROOT = "0".equals(Command.of("id", "-u").run().strip());

  private Root() {}

  static Command command(String... argv) {
    List<String> all = new ArrayList<>();
    if (!IS_ROOT) {
      Command.require("sudo", "sudo");
      all.add("sudo");
      all.add("-n");
    }
    all.addAll(List.of(argv));
    return Command.of(all.toArray(String[]::new));
  }

  static List<String> argv(String... argv) {
    List<String> all = new ArrayList<>();
    if (!IS_ROOT) {
      all.add("sudo");
      all.add("-n");
    }
    all.addAll(List.of(argv));
    return all;
  }
}
