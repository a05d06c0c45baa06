package dev.berth.desktop.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.settings.BackgroundSettings;
import dev.berth.desktop.settings.DesktopSettings;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.testing.Command;
import dev.berth.testing.ServerProcess;
import dev.berth.testing.X11Display;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real notification-area icon, as a person uses it: the app started at login ({@code desktop
 * --background}) with "keep serving" on, on a real X server (Xvfb) with a real system tray (trayer,
 * which speaks the freedesktop system-tray protocol as KDE's, Xfce's and others' do). The registry
 * serves with no window; a click on the icon opens the window; the icon's menu quits, which stops
 * the registry and ends the process. Clicks are real X events (xdotool).
 */
class TrayIconTest {
  @TempDir Path temp;

  /** Where xwininfo places a window on the screen: "WIDTHxHEIGHT+x+y +absX+absY". */
  private static final Pattern GEOMETRY =
      Pattern.compile("(\\d+)x(\\d+)[+-]-?\\d+[+-]-?\\d+\\s+\\+(-?\\d+)\\+(-?\\d+)");

  record Box(int width, int height, int x, int y) {
    int centerX() {
      return x + width / 2;
    }

    int centerY() {
      return y + height / 2;
    }
  }

  @Test
  void startedInTheBackground_servesWithoutAWindow_theIconOpensIt_andItsMenuQuits()
      throws Exception {
    Command.require("trayer", "trayer");
    Command.require("xdotool", "xdotool");
    int port = ServerProcess.freePort();
    SettingsStore store = new SettingsStore(temp.resolve("config"));
    store.save(
        new DesktopSettings("127.0.0.1:" + port, temp.resolve("data").toString(), true, 1000, 700)
            .withBackground(new BackgroundSettings(true, false)));
    try (X11Display x = X11Display.start()) {
      Process tray =
          x.open(
              "trayer",
              "--edge",
              "top",
              "--align",
              "right",
              "--widthtype",
              "pixel",
              "--width",
              "200",
              "--heighttype",
              "pixel",
              "--height",
              "32");
      List<String> argv =
          new ArrayList<>(ServerProcess.java("dev.berth.Main", "desktop", "--background"));
      argv.add(1, "-Dberth.config.dir=" + store.file().getParent());
      argv.add(1, "-Duser.home=" + temp);
      ProcessBuilder builder =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(temp.resolve("app.log").toFile());
      builder.environment().put("DISPLAY", x.name());
      Process app = builder.start();
      try {
        URI versionCheck = URI.create("http://127.0.0.1:" + port + "/v2/");
        X11Display.await(
            Duration.ofSeconds(60),
            "the registry answers (log: " + temp.resolve("app.log") + ")",
            () -> status(versionCheck) == 200 ? Optional.of(true) : Optional.empty());
        Box icon =
            X11Display.await(Duration.ofSeconds(20), "Berth's icon in the tray", () -> iconIn(x));
        assertThat(x.window("Berth")).as("no window at a start in the background").isEmpty();

        click(x, icon.centerX(), icon.centerY(), LEFT);

        X11Display.await(
            Duration.ofSeconds(20), "the window after a click", () -> x.window("Berth"));
        // Only for the README's screenshot: the window draws its first frame a moment after it
        // maps. Nothing below depends on it.
        Thread.sleep(3000);

        click(x, icon.centerX(), icon.centerY(), RIGHT);
        Box menu =
            X11Display.await(
                Duration.ofSeconds(10), "the icon's menu", () -> box(x, "XPopupMenuPeer"));
        x.screenshot(temp.resolve("tray-menu.png"));
        copyScreenshot(temp.resolve("tray-menu.png"));
        // Two items ("Open Berth", then "Quit Berth") around a separator: quit is the lower
        // quarter.
        click(x, menu.x() + 40, menu.y() + menu.height() * 7 / 8, LEFT);

        assertThat(app.waitFor(30, TimeUnit.SECONDS)).as("the app ended after Quit").isTrue();
        assertThat(status(versionCheck)).as("the registry stopped").isEqualTo(-1);
        assertThat(Files.readString(temp.resolve("app.log"))).contains("Berth registry stopped");
      } finally {
        app.destroyForcibly().waitFor();
        tray.destroyForcibly().waitFor();
      }
    }
  }

  private static final int LEFT = 1;
  private static final int RIGHT = 3;

  /** A real pointer click at a screen position. */
  private static void click(X11Display x, int screenX, int screenY, int button) {
    x.x("xdotool", "mousemove", "" + screenX, "" + screenY, "click", "" + button).run();
  }

  /** The window AWT embeds in the tray for the icon, once trayer has taken it. */
  private static Optional<Box> iconIn(X11Display x) {
    return box(x, "JavaEmbeddedFrame");
  }

  private static Optional<Box> box(X11Display x, String name) {
    return x.x("xwininfo", "-root", "-tree")
        .run()
        .lines()
        .filter(l -> l.contains(name))
        .map(GEOMETRY::matcher)
        .filter(Matcher::find)
        .map(
            m ->
                new Box(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))))
        .findFirst();
  }

  private static int status(URI uri) {
    try {
      return HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .build()
          .send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void copyScreenshot(Path png) throws IOException {
    Path folder = Path.of(System.getProperty("berth.screenshots", "target/screenshots"));
    Files.createDirectories(folder);
    Files.copy(
        png, folder.resolve("tray-menu.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
