package dev.berth.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.desktop.DesktopContext;
import dev.berth.desktop.fx.FxDialogs;
import dev.berth.desktop.server.ServerState;
import dev.berth.desktop.session.LaunchCommand;
import dev.berth.desktop.session.StatusIcon;
import dev.berth.desktop.session.XdgAutostartEntry;
import dev.berth.desktop.settings.DesktopSettings;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.engine.BerthEngine;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * Issue 15, item 12: the registry keeps serving with its window closed. Ticked in Settings, the
 * window's close only hides it; clients push meanwhile; the icon's "Open" brings the window back
 * with what they pushed; Ctrl+Q stops the registry and ends the app. The login item is a real
 * autostart entry in a temporary folder. Monocle has no notification area, so the icon is one that
 * records what the app asks of it (the real AWT icon is driven in TrayIconIT).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeepServingUiTest {
  @TempDir static Path root;
  private static DesktopContext context;
  private static Stage stage;
  private static XdgAutostartEntry loginItem;
  private static final RecordingIcon icon = new RecordingIcon();
  private static final CountDownLatch ended = new CountDownLatch(1);
  private static URI url;
  private final FxRobot robot = new FxRobot();

  /** Remembers what the window asked of the notification area. */
  static final class RecordingIcon implements StatusIcon {
    volatile boolean shown;
    volatile String tooltip;
    volatile Runnable open;
    volatile Runnable quit;
    final List<String> calls = new ArrayList<>();

    @Override
    public boolean show(String text, Runnable openAction, Runnable quitAction) {
      calls.add("show");
      shown = true;
      tooltip = text;
      open = openAction;
      quit = quitAction;
      return true;
    }

    @Override
    public void tooltip(String text) {
      tooltip = text;
    }

    @Override
    public void remove() {
      if (shown) {
        calls.add("remove");
      }
      shown = false;
    }
  }

  @BeforeAll
  static void openTheApp() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
    SettingsStore store = new SettingsStore(root.resolve("config"));
    store.save(
        new DesktopSettings("127.0.0.1:0", root.resolve("data").toString(), true, 1280, 900));
    loginItem = new XdgAutostartEntry(root.resolve("autostart"));
    DesktopContext.Session session =
        new DesktopContext.Session(
            Optional.of(loginItem),
            icon,
            arguments -> {
              List<String> argv = new ArrayList<>(List.of("/opt/berth/bin/berth"));
              argv.addAll(arguments);
              return new LaunchCommand(argv);
            });
    context =
        new DesktopContext(
            store,
            BerthEngine::start,
            new DesktopContext.Toolkit(
                    Platform::runLater, FxDialogs.confirmer(), FxDialogs.systemClipboard())
                .withSession(session));
    Platform.setImplicitExit(false); // as the launcher does: a hidden window must not end FX
    FxToolkit.setupStage(s -> context.openMainWindow(s, ended::countDown));
    waitUntil(() -> context.server().stateProperty().get() == ServerState.RUNNING);
    url = context.server().registryProperty().get().engine().url();
  }

  @AfterAll
  static void closeTheApp() throws Exception {
    AppWindow.close(stage, context);
  }

  private static void waitUntil(Callable<Boolean> condition) throws Exception {
    AppWindow.waitUntil(20, condition);
  }

  private static int versionCheck() throws Exception {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(2))
        .build()
        .send(
            HttpRequest.newBuilder(url.resolve("/v2/")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  @Order(1)
  void settings_keepServingAndStartAtLogin_showTheIcon_andWriteABackgroundLoginItem()
      throws Exception {
    robot.clickOn("#nav-settings");
    assertThat(icon.shown).isFalse();

    robot.clickOn("#settings-keep-serving");
    robot.clickOn("#settings-start-at-login");

    waitUntil(() -> icon.shown);
    assertThat(icon.tooltip).startsWith("Berth: serving http://127.0.0.1:");
    assertThat(Files.readString(loginItem.file()))
        .contains("Exec=/opt/berth/bin/berth desktop --background\n");
    assertThat(robot.lookup("#settings-background-feedback").queryLabeled().getText())
        .contains("starts in the background when you log in");
    Screenshots.save(robot, stage.getScene(), "settings-background");
  }

  @Test
  @Order(2)
  void closingTheWindow_hidesIt_andTheRegistryGoesOnServing() throws Exception {
    robot.interact(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));

    waitUntil(() -> !stage.isShowing());
    assertThat(versionCheck()).isEqualTo(200);
    // A teammate pushes while nobody looks.
    TestImages.appImage("night-build").push(new RegistryClient(url), "team/nightly", "1.0");
    assertThat(context.server().stateProperty().get()).isEqualTo(ServerState.RUNNING);
    assertThat(ended.getCount()).as("the app has not ended").isEqualTo(1);
    assertThat(icon.shown).isTrue();
  }

  @Test
  @Order(3)
  void theIconsOpen_bringsTheWindowBack_withWhatWasPushedMeanwhile() throws Exception {
    robot.interact(icon.open);

    waitUntil(stage::isShowing);
    robot.clickOn("#nav-repositories");
    waitUntil(
        () ->
            robot.lookup(".tree-cell").queryAll().stream()
                .anyMatch(
                    cell ->
                        String.valueOf(((javafx.scene.control.TreeCell<?>) cell).getText())
                            .contains("nightly")));
  }

  @Test
  @Order(4)
  void ctrlQ_stopsTheRegistry_andEndsTheApp_evenThoughItKeepsServing() throws Exception {
    robot.clickOn("#nav-dashboard");
    robot.press(KeyCode.CONTROL, KeyCode.Q).release(KeyCode.Q, KeyCode.CONTROL);

    waitUntil(() -> ended.getCount() == 0);
    assertThat(stage.isShowing()).isFalse();
    assertThat(context.server().stateProperty().get()).isEqualTo(ServerState.STOPPED);
    assertThatThrownBy(KeepServingUiTest::versionCheck).isInstanceOf(java.io.IOException.class);
    assertThat(icon.calls).containsExactly("show", "remove");
  }
}
