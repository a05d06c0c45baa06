package dev.berth.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.DesktopContext;
import dev.berth.desktop.fx.FxDialogs;
import dev.berth.desktop.server.ServerState;
import dev.berth.desktop.settings.BackgroundSettings;
import dev.berth.desktop.settings.DesktopSettings;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.engine.BerthEngine;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * A start at login with "keep serving" on ({@code desktop --background}): the registry comes up
 * without a window, and a registry that cannot start brings the window up to say why instead of
 * failing unseen.
 */
class BackgroundStartUiTest {
  @TempDir static Path root;
  private static Stage stage;
  private final FxRobot robot = new FxRobot();

  @BeforeAll
  static void toolkit() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
    Platform.setImplicitExit(false); // as the launcher does
  }

  @AfterAll
  static void cleanUp() throws Exception {
    FxToolkit.cleanupStages();
  }

  private static DesktopContext openInBackground(String name, String address, CountDownLatch ended)
      throws Exception {
    SettingsStore store = new SettingsStore(root.resolve(name).resolve("config"));
    store.save(
        new DesktopSettings(address, root.resolve(name).resolve("data").toString(), true, 1280, 800)
            .withBackground(new BackgroundSettings(true, false)));
    DesktopContext context =
        new DesktopContext(
            store,
            BerthEngine::start,
            new DesktopContext.Toolkit(
                Platform::runLater, FxDialogs.confirmer(), FxDialogs.systemClipboard()));
    FxToolkit.setupStage(s -> context.openMainWindow(s, ended::countDown, true));
    return context;
  }

  private static void waitUntil(Callable<Boolean> condition) throws Exception {
    AppWindow.waitUntil(20, condition);
  }

  @Test
  void theRegistryServesWithoutAWindow_butAFailedStartShowsTheWindowWithTheReason()
      throws Exception {
    CountDownLatch firstEnded = new CountDownLatch(1);
    DesktopContext serving = openInBackground("serving", "127.0.0.1:0", firstEnded);
    waitUntil(() -> serving.server().stateProperty().get() == ServerState.RUNNING);
    assertThat(stage.isShowing()).as("no window at a start in the background").isFalse();
    robot.interact(serving::quit);
    assertThat(firstEnded.await(30, TimeUnit.SECONDS)).isTrue();

    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      CountDownLatch ended = new CountDownLatch(1);
      DesktopContext failing =
          openInBackground("failing", "127.0.0.1:" + taken.getLocalPort(), ended);

      waitUntil(() -> failing.server().stateProperty().get() == ServerState.FAILED);
      waitUntil(stage::isShowing);
      assertThat(robot.lookup("#server-problem").queryLabeled().getText())
          .contains(String.valueOf(taken.getLocalPort()));
      robot.interact(failing::quit);
      assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
