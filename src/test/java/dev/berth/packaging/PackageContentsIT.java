package dev.berth.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the .deb declares and holds, read with dpkg-deb: the control fields apt decides by, the
 * files dpkg will own, and what is inside the menu entry, the unit and the runtime.
 */
class PackageContentsIT {
  @TempDir static Path unpacked;
  private static DebPackage deb;
  private static Map<String, DebPackage.Entry> entries;

  @BeforeAll
  static void read() throws Exception {
    deb = DebPackage.built();
    entries =
        deb.contents().stream()
            .collect(Collectors.toMap(DebPackage.Entry::path, Function.identity()));
    Command.of("dpkg-deb", "--extract", deb.file().toString(), unpacked.toString()).run();
  }

  private static String text(String path) throws Exception {
    return Files.readString(unpacked.resolve(path.substring(1)));
  }

  @Test
  void controlFields_nameVersionMaintainerHomepage() {
    assertThat(deb.field("Package")).isEqualTo("berth");
    // Debian orders 0.1.0~SNAPSHOT before 0.1.0, as Maven orders 0.1.0-SNAPSHOT.
    assertThat(deb.field("Version"))
        .isEqualTo(System.getProperty("berth.version").replace('-', '~'));
    assertThat(deb.field("Architecture"))
        .isEqualTo(Command.of("dpkg", "--print-architecture").run().strip());
    assertThat(deb.field("Maintainer"))
        .isEqualTo(System.getProperty("berth.maintainer"))
        .doesNotContain("Unknown");
    assertThat(deb.field("Homepage")).isEqualTo(System.getProperty("berth.homepage"));
    assertThat(deb.field("Section")).isEqualTo("devel");
    assertThat(deb.info()).contains(" Description: A private container registry");
  }

  @Test
  void depends_namesWhatTheNativesLinkAgainst_andNothingForMenus() {
    List<String> depends = List.of(deb.field("Depends").split(",\\s*"));
    List<String> names = depends.stream().map(d -> d.split("[ (]")[0]).toList();

    // glass links GTK 3; without it the window cannot open ("Unable to load glass GTK library").
    assertThat(names)
        .contains("libgtk-3-0", "libc6", "libx11-6", "libfreetype6", "zlib1g", "adduser");
    assertThat(depends).anyMatch(d -> d.matches("libc6 \\(>= [0-9.]+\\)"));
    // The menu entry and icons are plain files, so nothing needs xdg-utils (its absence broke the
    // old package's install on servers).
    assertThat(names).doesNotContain("xdg-utils");
    assertThat(deb.controlFile("postinst")).doesNotContain("xdg-");
  }

  @Test
  void files_launcherRuntimeMenuEntryIconsUnitConfig_allOwnedByRoot() {
    assertThat(entries)
        .containsKeys(
            "/opt/berth/bin/berth",
            "/opt/berth/bin/berth-server",
            "/opt/berth/lib/app/berth.jar",
            "/opt/berth/lib/app/berth.jsa",
            "/opt/berth/lib/app/berth.cfg",
            "/opt/berth/lib/app/berth-server.cfg",
            "/opt/berth/lib/runtime/lib/server/libjvm.so",
            "/usr/share/applications/berth.desktop",
            "/usr/share/icons/hicolor/scalable/apps/berth.svg",
            "/lib/systemd/system/berth.service",
            "/etc/berth/berth.conf",
            "/usr/share/doc/berth/copyright");
    for (int size : new int[] {16, 24, 32, 48, 64, 128, 256, 512}) {
      assertThat(entries)
          .containsKey("/usr/share/icons/hicolor/" + size + "x" + size + "/apps/berth.png");
    }
    assertThat(entries.get("/usr/bin/berth").linkTarget()).isEqualTo("/opt/berth/bin/berth");
    assertThat(entries.get("/usr/bin/berth-server").linkTarget())
        .isEqualTo("/opt/berth/bin/berth-server");
    assertThat(entries.get("/opt/berth/bin/berth").mode()).isEqualTo("-rwxr-xr-x");
    assertThat(entries.get("/opt/berth/bin/berth-server").mode()).isEqualTo("-rwxr-xr-x");
    assertThat(entries.values())
        .allSatisfy(e -> assertThat(e.owner()).as(e.path()).isEqualTo("root/root"));
    // Created by postinst instead, so that neither removal nor purge can ever delete the data.
    assertThat(entries).doesNotContainKey("/var/lib/berth");
    assertThat(deb.controlFile("conffiles").strip()).isEqualTo("/etc/berth/berth.conf");
  }

  @Test
  void menuEntry_opensTheApp_withIconCategoryAndWindowClass() throws Exception {
    String desktop = text("/usr/share/applications/berth.desktop");

    assertThat(desktop).contains("Exec=/opt/berth/bin/berth\n", "Icon=berth\n", "Terminal=false\n");
    assertThat(desktop).containsPattern("(?m)^Categories=.*\\bDevelopment;");
    // Docks match windows to this entry by WM_CLASS (PackageInstallIT checks the real window's).
    assertThat(desktop).contains("StartupWMClass=berth\n");
    Command.require("desktop-file-validate", "desktop-file-utils");
    Command.of(
            "desktop-file-validate",
            unpacked.resolve("usr/share/applications/berth.desktop").toString())
        .run();
  }

  @Test
  void launchers_desktopWithTheSerialCollector_serverWithG1_bothWithTheClassDataArchive()
      throws Exception {
    String desktop = text("/opt/berth/lib/app/berth.cfg");
    String server = text("/opt/berth/lib/app/berth-server.cfg");

    // The options files the tests and the bench read are the ones the launchers carry.
    assertThat(desktop)
        .contains(launcherLines("desktop.options"))
        .contains(
            "java-options=-XX:+UseSerialGC\n",
            "java-options=-XX:SharedArchiveFile=$APPDIR/berth.jsa\n");
    assertThat(server)
        .contains(launcherLines("memory.options"))
        .contains(
            "java-options=-XX:+UseG1GC\n", "java-options=-XX:SharedArchiveFile=$APPDIR/berth.jsa\n")
        .doesNotContain("UseSerialGC");
  }

  /** Each option of packaging/jvm/NAME as the launcher's .cfg writes it. */
  private static String[] launcherLines(String name) throws Exception {
    return Files.readAllLines(Path.of("packaging/jvm", name)).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .map(option -> "java-options=" + option + "\n")
        .toArray(String[]::new);
  }

  @Test
  void unit_runsServeAsBerth_hardened_disabledByDefault() throws Exception {
    String unit = text("/lib/systemd/system/berth.service");

    assertThat(unit)
        .contains(
            "User=berth\n",
            "ExecStart=/opt/berth/bin/berth-server serve --data /var/lib/berth $BERTH_OPTS\n",
            "EnvironmentFile=-/etc/berth/berth.conf\n",
            "NoNewPrivileges=yes\n",
            "ProtectSystem=strict\n",
            "ProtectHome=yes\n",
            "PrivateTmp=yes\n",
            "ReadWritePaths=/var/lib/berth\n",
            "WantedBy=multi-user.target\n");
    // Disabled by default: nothing in the package enables or starts it.
    assertThat(entries.keySet()).noneMatch(p -> p.contains(".wants/"));
    assertThat(deb.controlFile("postinst")).doesNotContain("systemctl enable", "systemctl start");
    assertThat(text("/etc/berth/berth.conf")).contains("BERTH_OPTS=\"--addr :5000\"");
    // dpkg -r stops a running service before its files go (no systemd runs in CI to show it live).
    assertThat(deb.controlFile("prerm"))
        .containsPattern(
            "remove\\|deconfigure\\)\\s+if \\[ -d /run/systemd/system \\]; then\\s+systemctl stop berth.service");
    assertThat(deb.controlFile("postrm"))
        .contains("rm -f /etc/systemd/system/multi-user.target.wants/berth.service");
  }

  @Test
  void runtime_holdsOnlyTheModulesBerthNeeds_withJavaFxAndItsNativesInside() throws Exception {
    String release = text("/opt/berth/lib/runtime/release");
    String modules =
        release.lines().filter(l -> l.startsWith("MODULES=")).findFirst().orElseThrow();

    assertThat(modules)
        .contains(
            "java.base",
            "java.sql",
            "jdk.crypto.ec",
            "javafx.controls",
            "javafx.fxml",
            "javafx.graphics");
    // Not a whole JDK: no compiler tools, shell or debugger.
    assertThat(modules)
        .doesNotContain("jdk.compiler", "jdk.jshell", "jdk.jdi", "jdk.javadoc", "jdk.jlink");
    // JavaFX's natives as libraries of the runtime: loaded in place, not copied to ~/.openjfx.
    assertThat(unpacked.resolve("opt/berth/lib/runtime/lib/libglassgtk3.so")).exists();
    // The jar leaves JavaFX to the runtime's modules.
    try (ZipFile jar = new ZipFile(unpacked.resolve("opt/berth/lib/app/berth.jar").toFile())) {
      assertThat(jar.getEntry("dev/berth/Main.class")).isNotNull();
      assertThat(jar.getEntry("javafx/scene/Scene.class")).isNull();
    }
  }
}
