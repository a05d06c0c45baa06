package dev.berth.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.DesktopContext;
import dev.berth.desktop.ViewModelHarness;
import dev.berth.desktop.fx.FxDialogs;
import dev.berth.desktop.server.ServerState;
import dev.berth.desktop.settings.DesktopSettings;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.engine.BerthEngine;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.testing.Command;
import dev.berth.testing.Registry2Folder;
import dev.berth.testing.TestImages;
import java.nio.file.Path;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * "Bring my registry:2 data" in the real window (headless, Monocle) against a real engine: offered
 * on the dashboard of an empty registry and in Settings, it imports a registry:2 folder and its
 * htpasswd users into the running registry and shows the report.
 */
class Registry2ImportUiTest {
  @TempDir static Path root;
  private static DesktopContext context;
  private static Stage stage;
  private final FxRobot robot = new FxRobot();
  private final AppWindow window = new AppWindow(robot);

  @BeforeAll
  static void openTheApp() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
    SettingsStore store = new SettingsStore(root.resolve("config"));
    store.save(
        new DesktopSettings("127.0.0.1:0", root.resolve("data").toString(), true, 1280, 860));
    context =
        new DesktopContext(
            store,
            BerthEngine::start,
            new DesktopContext.Toolkit(
                Platform::runLater,
                FxDialogs.confirmer(),
                FxDialogs.systemClipboard(),
                ViewModelHarness.filePicker(() -> null, () -> null),
                (title, message, name) -> Optional.empty()));
    FxToolkit.setupStage(s -> context.openMainWindow(s, () -> {}));
    AppWindow.waitUntil(30, () -> context.server().stateProperty().get() == ServerState.RUNNING);
  }

  @AfterAll
  static void closeTheApp() throws Exception {
    AppWindow.close(stage, context);
  }

  @Test
  void theEmptyDashboardOffersTheImport_whichBringsImagesAndUsers_andSettingsOffersItToo()
      throws Exception {
    Path registry2 = root.resolve("var-lib-registry");
    TestImages.Image api = TestImages.appImage("api");
    TestImages.Image web = TestImages.appImage("web");
    new Registry2Folder(registry2).push("team/api", "1.0", api).push("team/web", "latest", web);
    Path htpasswd = root.resolve("htpasswd");
    Command.of("htpasswd", "-Bbc", htpasswd.toString(), "alice", "alice-pw").run();

    AppWindow.waitUntil(
        30,
        () -> robot.lookup("#dashboard-registry2").tryQuery().map(Node::isVisible).orElse(false));
    Screenshots.save(robot, stage.getScene(), "registry2-offer");
    robot.clickOn("#dashboard-registry2-import");
    AppWindow.waitUntil(10, () -> robot.lookup("#registry2-folder").tryQuery().isPresent());
    window.replaceText("#registry2-folder", registry2.toString());
    window.replaceText("#registry2-htpasswd", htpasswd.toString());
    robot.clickOn("#registry2-start");
    TextArea report = window.node("#registry2-report");
    AppWindow.waitUntil(60, () -> !report.getText().isEmpty());

    assertThat(window.text("#registry2-feedback")).isEqualTo("Done: 2 repositories, 2 tags.");
    assertThat(report.getText())
        .contains("Imported 2 repositories, 2 manifests, 2 tags", "Users: 1 added (alice)");
    BerthEngine engine = context.server().registryProperty().get().engine();
    assertThat(
            engine
                .metadata()
                .manifests()
                .resolveTag(RepositoryName.parse("team/api"), Tag.parse("1.0")))
        .contains(api.digest());
    assertThat(engine.metadata().users().find("alice")).isPresent();
    Screenshots.save(robot, report.getScene(), "registry2-import");

    // The same window from Settings (brought to the front, with its report).
    Stage importWindow = (Stage) report.getScene().getWindow();
    robot.interact(importWindow::hide);
    robot.clickOn("#nav-settings");
    robot.clickOn("#settings-registry2-import");
    AppWindow.waitUntil(10, importWindow::isShowing);
    assertThat(report.getText()).contains("Imported 2 repositories");
    robot.interact(importWindow::hide);
  }
}
