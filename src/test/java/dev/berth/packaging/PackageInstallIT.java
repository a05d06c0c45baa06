package dev.berth.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.settings.DesktopSettings;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.oci.Digest;
import dev.berth.testing.Command;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.ServerProcess;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Blob;
import dev.berth.testing.TestImages.Image;
import dev.berth.testing.X11Display;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb's life on a real machine, in order: {@code apt-get install ./berth….deb} on a machine
 * without a desktop, the installed launcher serving pushes and pulls as the service would (user
 * berth, /var/lib/berth), the installed desktop app on a real X server, the unit checked by
 * systemd, then {@code dpkg -r} and {@code dpkg -P}. Each step needs the ones before it.
 *
 * <p>It changes the machine (a package, a system user, /var/lib/berth), so it refuses to run where
 * Berth is installed or /var/lib/berth exists: CI's machine, or one you may change.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageInstallIT {
  private static final Path DATA = Path.of("/var/lib/berth");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  @TempDir static Path temp;
  private static DebPackage deb;

  @BeforeAll
  static void onAMachineWithoutBerth() throws Exception {
    deb = DebPackage.built();
    Command.Result status =
        Command.of("dpkg-query", "--show", "--showformat=${Status}", "berth").tryRun();
    assertThat(status.stdout())
        .as("berth is installed here: this test installs and purges it")
        .doesNotContain("installed");
    assertThat(DATA).as("this test would mix its data with what is in " + DATA).doesNotExist();
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void leaveTheMachineAsFound() {
    // The package keeps /var/lib/berth and the berth account on purge by design; this test made
    // them, so it takes them away again.
    Root.command("dpkg", "--purge", "berth").tryRun();
    Root.command("rm", "-rf", DATA.toString()).tryRun();
    Root.command("deluser", "--quiet", "--system", "berth").tryRun();
  }

  @Test
  @Order(1)
  void aptInstallsIt_configuredFully_withTheServiceAccountAndDataFolder() {
    // apt-get resolves Depends from the archive, as a person's `apt install ./berth.deb` does.
    Root.command(
            "apt-get",
            "install",
            "-y",
            "-q",
            "--no-install-recommends",
            deb.file().toAbsolutePath().toString())
        .env("DEBIAN_FRONTEND", "noninteractive")
        .timeout(Duration.ofMinutes(10))
        .run();

    assertThat(Command.of("dpkg-query", "--show", "--showformat=${Status}", "berth").run())
        .isEqualTo("install ok installed");
    assertThat(Command.of("getent", "passwd", "berth").run()).contains(":/var/lib/berth:");
    assertThat(Command.of("stat", "-c", "%U:%G %a", DATA.toString()).run().strip())
        .isEqualTo("berth:berth 750");
    assertThat(Command.of("/usr/bin/berth", "--version").run().strip())
        .isEqualTo("Berth " + System.getProperty("berth.version"));
  }

  @Test
  @Order(2)
  void theLaunchersClassDataArchiveMatchesTheInstalledJar() {
    // -Xshare:on makes a JVM that cannot map the archive (wrong path, other jar) refuse to start.
    // Both launchers share it, the desktop's with the serial collector, the server's with G1.
    for (String launcher : List.of("/opt/berth/bin/berth", "/opt/berth/bin/berth-server")) {
      Command.Result strict =
          Command.of(launcher, "--version").env("JAVA_TOOL_OPTIONS", "-Xshare:on").tryRun();

      assertThat(strict.exitCode()).as(strict.toString()).isZero();
    }
  }

  @Test
  @Order(3)
  void installedServe_asTheServiceRunsIt_takesPushesAndPulls_inBoundedMemory() throws Exception {
    Command.require("skopeo", "skopeo");
    int port = ServerProcess.freePort();
    // What berth.service runs, as its user, on its data folder (systemd itself is not running
    // here).
    List<String> serve =
        Root.argv(
            "setpriv",
            "--reuid=berth",
            "--regid=berth",
            "--init-groups",
            "/opt/berth/bin/berth-server",
            "serve",
            "--addr",
            "127.0.0.1:" + port,
            "--data",
            DATA.toString());
    Instant launched = Instant.now();
    try (ServerProcess server = ServerProcess.launchCommand(port, serve, Map.of())) {
      server.awaitReady(Duration.ofSeconds(60));
      System.out.printf(
          "installed serve answered GET /v2/ %d ms after launch%n",
          Duration.between(launched, Instant.now()).toMillis());

      // A layer of 24 MiB that gzip cannot shrink, pushed into 4 repositories and pulled 8 times at
      // once.
      byte[] noise = new byte[18 << 20];
      new SecureRandom().nextBytes(noise);
      Image image =
          TestImages.ociImage("amd64", Base64.getEncoder().encodeToString(noise), "small layer");
      Path layout = temp.resolve("layout");
      TestImages.writeOciLayout(layout, "1.0", image.manifest(), List.of(image));
      String registry = "docker://127.0.0.1:" + port + "/";
      ExecutorService clients = Executors.newFixedThreadPool(8);
      try {
        List<Future<String>> pushes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          String target = registry + "team/app" + i + ":1.0";
          pushes.add(
              clients.submit(
                  () ->
                      skopeo("copy", "--dest-tls-verify=false", "oci:" + layout + ":1.0", target)));
        }
        for (Future<String> push : pushes) {
          push.get(5, TimeUnit.MINUTES);
        }
        List<Future<String>> pulls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          Path out = temp.resolve("pulled" + i);
          String source = registry + "team/app" + (i % 4) + ":1.0";
          pulls.add(
              clients.submit(
                  () -> skopeo("copy", "--src-tls-verify=false", source, "oci:" + out + ":1.0")));
        }
        for (Future<String> pull : pulls) {
          pull.get(5, TimeUnit.MINUTES);
        }
      } finally {
        clients.shutdownNow();
      }
      for (Blob blob : image.blobs()) {
        Path pulled = temp.resolve("pulled7/blobs/sha256/" + blob.digest().hex());
        assertThat(Digest.sha256(Files.readAllBytes(pulled))).isEqualTo(blob.digest());
      }

      long peakKiB = peakResidentKiB(server.process().toHandle());
      System.out.printf(
          "installed serve: peak resident memory %d MiB after 4 pushes and 8 parallel pulls of 24 MiB%n",
          peakKiB >> 10);
      assertThat(peakKiB).as("peak resident memory in KiB (VmHWM)").isLessThan(512 * 1024);
      assertThat(server.terminate(Duration.ofSeconds(30))).isEqualTo(143);
    }
    // The data is the berth user's, as it will be under systemd.
    assertThat(Root.command("stat", "-c", "%U", DATA.resolve("metadata").toString()).run().strip())
        .isEqualTo("berth");
  }

  @Test
  @Order(4)
  void installedDesktopApp_opensItsWindow_namedForTheMenuEntry_andHandsOverToASecondLaunch()
      throws Exception {
    int port = ServerProcess.freePort();
    Path config = temp.resolve("desktop-config");
    new SettingsStore(config)
        .save(
            new DesktopSettings(
                "127.0.0.1:" + port, temp.resolve("desktop-data").toString(), true, 1200, 800));
    try (X11Display x = X11Display.start()) {
      Instant launched = Instant.now();
      Process app = openDesktop(x, config, temp.resolve("desktop.log"));
      try {
        String window =
            X11Display.await(
                Duration.ofSeconds(60),
                "the Berth window on " + x.name() + "; log: " + log("desktop.log"),
                () -> x.window("Berth"));
        System.out.printf(
            "installed desktop app: window visible %d ms after launch%n",
            Duration.between(launched, Instant.now()).toMillis());
        awaitRegistry(port);
        System.out.printf(
            "installed desktop app: registry answered %d ms after launch%n",
            Duration.between(launched, Instant.now()).toMillis());

        String startupWmClass =
            Files.readAllLines(Path.of("/usr/share/applications/berth.desktop")).stream()
                .filter(l -> l.startsWith("StartupWMClass="))
                .findFirst()
                .orElseThrow()
                .substring("StartupWMClass=".length());
        // WM_CLASS(STRING) = "berth", "berth": the instance name docks compare with StartupWMClass
        // (GNOME and KDE also try the class, which GTK may capitalise).
        assertThat(x.property(window, "WM_CLASS"))
            .startsWith("WM_CLASS(STRING) = \"" + startupWmClass + "\", ")
            .endsWithIgnoringCase(", \"" + startupWmClass + "\"");
        // glass hands the window manager one of the sizes (128 px on this screen).
        assertThat(x.property(window, "_NET_WM_ICON")).as("the window's icon").contains("Icon (");
        Path shot = SCREENSHOTS.resolve("installed-desktop.png");
        awaitScreenshotShowing(x, shot);

        // Another window on top, then a second launch: it must exit 0 and raise Berth's window.
        Command.require("xmessage", "x11-utils");
        Process cover = x.open("xmessage", "-geometry", "1280x1024+0+0", "covers Berth");
        try {
          String coverWindow =
              X11Display.await(
                  Duration.ofSeconds(20), "the covering window", () -> x.window("xmessage"));
          assertThat(above(x, coverWindow, window)).isTrue();

          Command.Result second =
              Command.of("/usr/bin/berth")
                  .env("DISPLAY", x.name())
                  .env("JAVA_TOOL_OPTIONS", "-D" + SettingsStore.CONFIG_DIR_PROPERTY + "=" + config)
                  .timeout(Duration.ofSeconds(60))
                  .tryRun();

          assertThat(second.exitCode()).as(second.toString()).isZero();
          assertThat(second.stdout())
              .contains("Berth is already open: its window was brought to the front.");
          X11Display.await(
              Duration.ofSeconds(20),
              "Berth's window above the covering one",
              () -> above(x, window, coverWindow) ? Optional.of(true) : Optional.empty());
        } finally {
          cover.destroy();
        }
      } finally {
        stop(app);
      }
    }
  }

  @Test
  @Order(5)
  void installedDesktopApp_whileAHeadlessServeHoldsItsDataFolder_saysSoInWords() throws Exception {
    Path data = temp.resolve("shared-data");
    int servePort = ServerProcess.freePort();
    Path config = temp.resolve("held-config");
    new SettingsStore(config)
        .save(
            new DesktopSettings(
                "127.0.0.1:" + ServerProcess.freePort(), data.toString(), true, 1200, 800));
    try (ServerProcess serve =
            ServerProcess.launchCommand(
                servePort,
                List.of(
                    "/usr/bin/berth",
                    "serve",
                    "--addr",
                    "127.0.0.1:" + servePort,
                    "--data",
                    data.toString()),
                Map.of());
        X11Display x = X11Display.start()) {
      serve.awaitReady(Duration.ofSeconds(60));
      Process app = openDesktop(x, config, temp.resolve("held.log"));
      try {
        X11Display.await(Duration.ofSeconds(60), "the Berth window", () -> x.window("Berth"));
        // The window shows the same sentence the log records.
        X11Display.await(
            Duration.ofSeconds(60),
            "the already-running message; log: " + log("held.log"),
            () ->
                log("held.log")
                        .contains(
                            "Berth is already running with this data folder (in another window or as 'berth serve')")
                    ? Optional.of(true)
                    : Optional.empty());
        awaitScreenshotShowing(x, SCREENSHOTS.resolve("installed-data-folder-in-use.png"));
      } finally {
        stop(app);
      }
    }
  }

  @Test
  @Order(6)
  void systemdAcceptsTheInstalledUnit() {
    Command.require("systemd-analyze", "systemd");
    Command.Result verify =
        Command.of("systemd-analyze", "verify", "/lib/systemd/system/berth.service").tryRun();

    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(verify.output()).as("systemd-analyze's remarks").isEmpty();
  }

  @Test
  @Order(7)
  void removeKeepsConfigAndData_purgeLeavesNoFileOfThePackage_butTheData() {
    List<String> files = deb.files();

    Root.command("dpkg", "--remove", "berth").run();
    assertThat(Path.of("/opt/berth")).doesNotExist();
    assertThat(Path.of("/etc/berth/berth.conf")).as("a conffile stays until purge").exists();

    Root.command("dpkg", "--purge", "berth").run();
    assertThat(
            Command.of("dpkg-query", "--show", "--showformat=${Status}", "berth").tryRun().stdout())
        .doesNotContain("installed");
    Set<String> left = new HashSet<>();
    for (String file : files) {
      if (Files.exists(Path.of(file)) || Files.isSymbolicLink(Path.of(file))) {
        left.add(file);
      }
    }
    assertThat(left).as("files of the package still there after dpkg -P").isEmpty();
    assertThat(Path.of("/opt/berth")).doesNotExist();
    assertThat(Path.of("/etc/berth")).doesNotExist();
    assertThat(Path.of("/usr/share/doc/berth")).doesNotExist();
    // The registry's data is never the package's to delete.
    assertThat(
            Root.command("test", "-s", DATA.resolve("metadata/registry.mv.db").toString())
                .tryRun()
                .exitCode())
        .isZero();
  }

  private static String skopeo(String... args) {
    return Command.of("skopeo", List.of(args)).timeout(Duration.ofMinutes(5)).run();
  }

  private static Process openDesktop(X11Display x, Path config, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder("/usr/bin/berth").redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("DISPLAY", x.name());
    builder
        .environment()
        .put("JAVA_TOOL_OPTIONS", "-D" + SettingsStore.CONFIG_DIR_PROPERTY + "=" + config);
    return builder.start();
  }

  private static void awaitRegistry(int port) {
    RegistryClient client = new RegistryClient(URI.create("http://127.0.0.1:" + port));
    X11Display.await(
        Duration.ofSeconds(60),
        "the app's registry on port " + port,
        () -> {
          try {
            return client.get("/v2/").statusCode() == 200 ? Optional.of(true) : Optional.empty();
          } catch (RuntimeException notListeningYet) {
            return Optional.empty();
          }
        });
  }

  private static boolean above(X11Display x, String upper, String lower) {
    List<String> order = x.stacking();
    return order.indexOf(upper) > order.indexOf(lower) && order.indexOf(lower) >= 0;
  }

  /** Takes screenshots until one shows more than a blank screen (JavaFX paints after mapping). */
  private static void awaitScreenshotShowing(X11Display x, Path png) {
    X11Display.await(
        Duration.ofSeconds(30),
        "a screenshot with the window painted",
        () -> {
          x.screenshot(png);
          return colours(png) > 20 ? Optional.of(true) : Optional.empty();
        });
  }

  private static int colours(Path png) {
    try {
      BufferedImage image = ImageIO.read(png.toFile());
      Set<Integer> seen = new HashSet<>();
      for (int y = 0; y < image.getHeight(); y += 7) {
        for (int x = 0; x < image.getWidth(); x += 7) {
          seen.add(image.getRGB(x, y));
        }
      }
      return seen.size();
    } catch (IOException e) {
      return 0;
    }
  }

  private static long peakResidentKiB(ProcessHandle process) throws IOException {
    // Through sudo or setpriv the JVM is the launcher itself or its only descendant.
    ProcessHandle jvm =
        process
            .descendants()
            .filter(p -> p.info().command().orElse("").endsWith("/berth"))
            .findFirst()
            .orElse(process);
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(jvm.pid()), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new AssertionError("no VmHWM in /proc/" + jvm.pid() + "/status");
  }

  private static String log(String name) {
    try {
      return Files.readString(temp.resolve(name));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static void stop(Process app) throws InterruptedException {
    app.destroy();
    if (!app.waitFor(30, TimeUnit.SECONDS)) {
      app.destroyForcibly().waitFor();
    }
  }
}
