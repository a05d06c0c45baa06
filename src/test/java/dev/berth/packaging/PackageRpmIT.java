package dev.berth.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The .rpm the build makes where rpmbuild exists (CI installs it), read with rpm: the same files as
 * the .deb, the unit where Fedora and RHEL keep units, and dependencies on system libraries only.
 */
class PackageRpmIT {
  private static Path rpm;

  @BeforeAll
  static void find() throws IOException {
    Command.require("rpm", "rpm");
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("berth.package.dir")))) {
      List<Path> rpms = files.filter(p -> p.toString().endsWith(".rpm")).toList();
      assertThat(rpms).as("the .rpm built next to the .deb").hasSize(1);
      rpm = rpms.get(0);
    }
  }

  private static String query(String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of("rpm", "-qp"));
    argv.addAll(List.of(args));
    argv.add(rpm.toString());
    return Command.of(argv.toArray(String[]::new)).run();
  }

  @Test
  void header_nameVersionPackagerUrl() {
    String version = System.getProperty("berth.version");
    assertThat(query("--queryformat", "%{NAME} %{VERSION} %{RELEASE}"))
        .isEqualTo(
            version.contains("-")
                ? "berth "
                    + version.substring(0, version.indexOf('-'))
                    + " 0."
                    + version.substring(version.indexOf('-') + 1).toLowerCase()
                : "berth " + version + " 1");
    assertThat(query("--queryformat", "%{PACKAGER}"))
        .isEqualTo(System.getProperty("berth.maintainer"));
    assertThat(query("--queryformat", "%{URL}")).isEqualTo(System.getProperty("berth.homepage"));
  }

  @Test
  void requiresSystemLibrariesAndGtk_neverTheBundledRuntime() {
    List<String> requires = query("--requires").lines().toList();

    assertThat(requires).contains("gtk3", "libc.so.6()(64bit)", "libX11.so.6()(64bit)");
    assertThat(requires)
        .noneMatch(
            r -> r.startsWith("libjvm") || r.startsWith("libjava") || r.startsWith("libglass"));
    assertThat(query("--provides").lines()).noneMatch(p -> p.contains(".so"));
  }

  @Test
  void files_launcherMenuEntryIconsUnitAndConfig() {
    List<String> files = query("--list").lines().toList();

    assertThat(files)
        .contains(
            "/opt/berth/bin/berth",
            "/opt/berth/bin/berth-server",
            "/opt/berth/lib/app/berth.jsa",
            "/usr/bin/berth",
            "/usr/bin/berth-server",
            "/usr/share/applications/berth.desktop",
            "/usr/share/icons/hicolor/256x256/apps/berth.png",
            "/usr/lib/systemd/system/berth.service",
            "/etc/berth/berth.conf");
    assertThat(files)
        .noneMatch(f -> f.startsWith("/var/lib/berth") || f.startsWith("/usr/lib/.build-id"));
    assertThat(query("--configfiles").strip()).isEqualTo("/etc/berth/berth.conf");
    assertThat(query("--scripts"))
        .contains("useradd --system", "install -d -o berth -g berth -m 0750 /var/lib/berth");
  }
}
