package dev.berth.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.DesktopContext;
import dev.berth.desktop.fx.FxDialogs;
import dev.berth.desktop.server.ServerState;
import dev.berth.desktop.settings.DesktopSettings;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.engine.BerthEngine;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
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
 * Issue 15, item 5, as the newcomer met it: delete a repository, dry run and collect — and nothing
 * is freed, with no word why. Now the grace period is shown and editable in Storage, the dry run
 * says what it holds back, how many bytes and until when, every run (also one that finds nothing)
 * is in the history, and with the grace period at 0 the collection frees the deleted image.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageGraceUiTest {
  @TempDir static Path root;
  private static DesktopContext context;
  private static Stage stage;
  private static SettingsStore store;
  private final FxRobot robot = new FxRobot();
  private final AppWindow window = new AppWindow(robot);

  @BeforeAll
  static void openTheApp() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
    store = new SettingsStore(root.resolve("config"));
    store.save(
        new DesktopSettings("127.0.0.1:0", root.resolve("data").toString(), true, 1280, 800));
    // Collecting asks first; the person says yes.
    context =
        new DesktopContext(
            store,
            BerthEngine::start,
            new DesktopContext.Toolkit(
                Platform::runLater, (title, message, action) -> true, FxDialogs.systemClipboard()));
    FxToolkit.setupStage(s -> context.openMainWindow(s, () -> {}));
    waitUntil(() -> context.server().stateProperty().get() == ServerState.RUNNING);
    RegistryClient client =
        new RegistryClient(context.server().registryProperty().get().engine().url());
    TestImages.appImage("to be deleted").push(client, "app", "v1");
    assertThat(client.delete("/berth/v1/repositories/app").statusCode()).isEqualTo(202);
  }

  @AfterAll
  static void closeTheApp() throws Exception {
    AppWindow.close(stage, context);
  }

  private static void waitUntil(Callable<Boolean> condition) throws Exception {
    AppWindow.waitUntil(20, condition);
  }

  @Test
  @Order(1)
  void aDryRun_saysWhatTheGracePeriodHoldsBack_andIsRecorded() throws Exception {
    robot.clickOn("#nav-storage");
    assertThat(window.text("#gc-grace-minutes")).isEqualTo("60");
    TableView<?> history = window.node("#gc-history");
    assertThat(history.getItems()).isEmpty();

    robot.clickOn("#gc-dry-run");

    waitUntil(() -> window.text("#gc-plan-summary").contains("Held back"));
    assertThat(window.text("#gc-plan-summary"))
        .startsWith("Nothing to collect: every blob and manifest is in use or held back.")
        .containsPattern(
            "Held back: [0-9]+ blobs \\([0-9.,]+ [kKM]?i?B\\) that clients used within the grace period;"
                + " collectable from ")
        .contains("Set the grace period to 0");
    waitUntil(() -> history.getItems().size() == 1);
    Screenshots.save(robot, stage.getScene(), "storage-grace");
  }

  @Test
  @Order(2)
  void withTheGracePeriodAtZero_collectingFreesTheDeletedImage_andTheSettingIsKept()
      throws Exception {
    long before =
        context.server().registryProperty().get().engine().metadata().browse().totals().blobBytes();
    assertThat(before).isPositive();
    window.replaceText("#gc-grace-minutes", "0");
    robot.clickOn("#gc-grace-save");
    waitUntil(() -> window.text("#gc-grace-feedback").startsWith("Grace period off"));
    assertThat(store.load().gcGraceMinutes()).isZero();

    robot.clickOn("#gc-collect");

    waitUntil(
        () ->
            String.valueOf(context.messages().infoProperty().get())
                .startsWith("Garbage collection completed: freed"));
    assertThat(
            context
                .server()
                .registryProperty()
                .get()
                .engine()
                .metadata()
                .browse()
                .totals()
                .blobBytes())
        .isZero();
    TableView<?> history = window.node("#gc-history");
    waitUntil(() -> history.getItems().size() == 2);

    // Nothing is left: collecting again finds nothing and is recorded all the same.
    robot.clickOn("#gc-collect");
    waitUntil(() -> history.getItems().size() == 3);
  }
}
