package dev.berth.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.DesktopContext;
import dev.berth.desktop.fx.FxDialogs;
import dev.berth.desktop.fx.View;
import dev.berth.desktop.server.ServerState;
import dev.berth.desktop.settings.DesktopSettings;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.engine.BerthEngine;
import dev.berth.oci.MediaTypes;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Image;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.Clipboard;
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
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the real app, headless under Monocle, against a real embedded engine on 127.0.0.1:0 with a
 * temporary data folder: images are pushed over HTTP, then found, opened, copied and deleted
 * through the window. Each view is saved as a screenshot under docs/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopAppUiTest {
  @TempDir static Path root;
  private static DesktopContext context;
  private static Stage stage;
  private static SettingsStore store;
  private static Image api;
  private final FxRobot robot = new FxRobot();
  private final AppWindow window = new AppWindow(robot);

  @BeforeAll
  static void openTheApp() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
    store = new SettingsStore(root.resolve("config"));
    store.save(
        new DesktopSettings("127.0.0.1:0", root.resolve("data").toString(), true, 1280, 800));
    context =
        new DesktopContext(
            store,
            BerthEngine::start,
            new DesktopContext.Toolkit(
                Platform::runLater, FxDialogs.confirmer(), FxDialogs.systemClipboard()));
    FxToolkit.setupStage(s -> context.openMainWindow(s, () -> {}));
    waitUntil(() -> context.server().stateProperty().get() == ServerState.RUNNING);
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
  void everyViewLoadsWithItsController() {
    for (View view : View.values()) {
      AtomicReference<Object> loaded = new AtomicReference<>();
      robot.interact(() -> loaded.set(context.views().load(view)));
      assertThat(loaded.get()).as(view.name()).isNotNull();
    }
  }

  @Test
  @Order(2)
  void dashboard_showsTheRunningRegistry_andWhatWasPushed() throws Exception {
    RegistryClient client =
        new RegistryClient(context.server().registryProperty().get().engine().url());
    api = TestImages.appImage("api");
    api.push(client, "team/app/api", "1.0");
    Image arm = TestImages.appImage("api-arm", "arm64", "v8");
    arm.push(client, "team/app/api", "1.0-arm64");
    TestImages.index(MediaTypes.OCI_INDEX, List.of(api, arm))
        .pushAsManifest(client, "team/app/api", "1.0-multi");
    TestImages.referrer(api, "application/spdx+json", "{\"spdxVersion\":\"SPDX-2.3\"}")
        .push(client, "team/app/api");
    Image web = TestImages.appImage("web");
    web.push(client, "team/web", "latest");
    TestImages.appImage("builder").push(client, "tools/builder", "2026.11");
    // A pull: the manifest, then a layer.
    assertThat(client.get("/v2/team/web/manifests/latest").statusCode()).isEqualTo(200);
    assertThat(client.get("/v2/team/web/blobs/" + web.layers().get(0).digest()).statusCode())
        .isEqualTo(200);

    robot.clickOn("#nav-dashboard");
    robot.interact(() -> context.messages().dismiss());
    waitUntil(() -> "3".equals(window.text("#repository-count")));

    assertThat(window.text("#server-state")).isEqualTo("Running");
    assertThat(window.text("#tag-count")).isEqualTo("5");
    assertThat(robot.lookup("#recent-pushes").queryListView().getItems()).hasSize(6);
    // Pull counts reach the database in batches every few seconds, and the dashboard refreshes
    // itself.
    waitUntil(() -> !robot.lookup("#recent-pulls").queryListView().getItems().isEmpty());
    assertThat(String.valueOf(robot.lookup("#recent-pulls").queryListView().getItems().get(0)))
        .startsWith("team/web:latest   1 pull, last ");
    Screenshots.save(robot, stage.getScene(), "dashboard");
  }

  @Test
  @Order(3)
  void browser_findsTheRepositoryAndListsItsTags() throws Exception {
    robot.clickOn("#nav-repositories");
    waitUntil(() -> window.text("#repository-summary").equals("3 repositories"));
    robot.clickOn("#repository-filter").write("app");
    waitUntil(() -> window.text("#repository-summary").equals("1 repository"));

    robot.clickOn(
        robot
            .lookup(".tree-cell")
            .match(
                (Node n) ->
                    ((Labeled) n).getText() != null && ((Labeled) n).getText().startsWith("api "))
            .<Node>query());
    TableView<?> tags = window.node("#tags-table");
    waitUntil(() -> tags.getItems().size() == 3);

    assertThat(window.text("#tags-title")).isEqualTo("team/app/api · 3 tags");
  }

  @Test
  @Order(4)
  void selectingATag_opensItsManifest_andPullCommandsCanBeCopied() throws Exception {
    robot.clickOn(
        robot
            .lookup("#tags-table .table-cell")
            .match((Node n) -> "1.0".equals(((Labeled) n).getText()))
            .<Node>query());
    waitUntil(() -> window.text("#config-entrypoint").equals("java -jar /app/api.jar"));

    String pullHost = context.server().registryProperty().get().pullHost();
    assertThat(window.text("#pull-by-tag"))
        .isEqualTo("docker pull " + pullHost + "/team/app/api:1.0");
    assertThat(window.text("#pull-by-digest"))
        .isEqualTo("docker pull " + pullHost + "/team/app/api@" + api.digest());
    TableView<?> referrers = window.node("#referrers-table");
    assertThat(referrers.getItems()).hasSize(1);

    robot.clickOn("#copy-pull-by-tag");
    AtomicReference<String> copied = new AtomicReference<>();
    robot.interact(() -> copied.set(Clipboard.getSystemClipboard().getString()));
    assertThat(copied.get()).isEqualTo("docker pull " + pullHost + "/team/app/api:1.0");
    Screenshots.save(robot, stage.getScene(), "repositories");
  }

  @Test
  @Order(5)
  void aLayerShowsItsFileTree() throws Exception {
    robot.clickOn(
        robot
            .lookup("#layers-table .table-cell")
            .match((Node n) -> "2".equals(((Labeled) n).getText()))
            .<Node>query());
    robot.clickOn("#show-layer-files");
    TabPane tabs = window.node("#detail-tabs");
    // Issue 15, item 3: the button used to load the layer and leave the Image tab in front.
    waitUntil(() -> tabs.getSelectionModel().getSelectedIndex() == 1);
    TreeTableView<?> files = window.node("#layer-file-tree");
    waitUntil(() -> files.getRoot() != null);
    robot.interact(() -> files.getRoot().getChildren().forEach(child -> child.setExpanded(true)));
    WaitForAsyncUtils.waitForFxEvents();

    assertThat(window.text("#layer-summary")).contains("(zstd)").contains("1 whiteout");
    assertThat(files.getRoot().getChildren()).extracting(i -> i.getValue().toString()).isNotEmpty();
    Screenshots.save(robot, stage.getScene(), "layer-files");
    robot.interact(() -> tabs.getSelectionModel().select(0));

    // Back on the image, the same layer's files again: one click, not two.
    robot.clickOn("#show-layer-files");
    waitUntil(() -> tabs.getSelectionModel().getSelectedIndex() == 1);
    robot.interact(() -> tabs.getSelectionModel().select(0));
  }

  @Test
  @Order(6)
  void anIndexListsItsPlatforms() throws Exception {
    robot.clickOn(
        robot
            .lookup("#tags-table .table-cell")
            .match((Node n) -> "1.0-multi".equals(((Labeled) n).getText()))
            .<Node>query());
    TableView<?> children = window.node("#index-children");
    waitUntil(() -> children.getItems().size() == 2);
    Screenshots.save(robot, stage.getScene(), "index");
  }

  @Test
  @Order(7)
  void deletingATag_asksFirst_thenRemovesIt() throws Exception {
    robot.clickOn(
        robot
            .lookup("#tags-table .table-cell")
            .match((Node n) -> "1.0-arm64".equals(((Labeled) n).getText()))
            .<Node>query());
    robot.clickOn("#delete-tag");
    waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isPresent());
    Button confirm =
        robot
            .lookup(".dialog-pane .button")
            .match((Node n) -> "Delete tag".equals(((Button) n).getText()))
            .query();
    robot.clickOn(confirm);
    TableView<?> tags = window.node("#tags-table");
    waitUntil(() -> tags.getItems().size() == 2);

    assertThat(context.messages().infoProperty().get())
        .isEqualTo("Deleted the tag team/app/api:1.0-arm64.");
  }

  @Test
  @Order(8)
  void settingsShowWhereTheyAreKept() {
    robot.clickOn("#nav-settings");
    robot.interact(() -> context.messages().dismiss());
    assertThat(window.text("#settings-address")).isEqualTo("127.0.0.1:0");
    Screenshots.save(robot, stage.getScene(), "settings");
  }

  @Test
  @Order(9)
  void aPortInUse_isRefusedBeforeSaving_inTheSettingsView() throws Exception {
    String running = store.load().address();
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      window.replaceText("#settings-address", "127.0.0.1:" + taken.getLocalPort());
      robot.clickOn("#settings-save");

      // Issue 15, item 7: it used to say "Saved … the registry restarts", then fail on the
      // Dashboard.
      waitUntil(() -> window.text("#settings-feedback").contains("already in use"));
      assertThat(window.text("#settings-feedback"))
          .contains(
              "Port " + taken.getLocalPort() + " on 127.0.0.1 is already in use by another program")
          .contains("Nothing was saved");
      assertThat(store.load().address()).isEqualTo(running);
      assertThat(context.server().stateProperty().get()).isEqualTo(ServerState.RUNNING);
      Screenshots.save(robot, stage.getScene(), "port-in-use");
    }
  }

  @Test
  @Order(10)
  void aFailedRestart_saysWhyInSettings_andThePreviousSettingsAreOneClickAway() throws Exception {
    Path elsewhere = root.resolve("held-elsewhere");
    String folder = store.load().dataDirectory();
    try (BerthEngine other =
        BerthEngine.start(
            dev.berth.engine.EngineConfig.of(
                new dev.berth.engine.ListenAddress("127.0.0.1", 0), elsewhere))) {
      window.replaceText("#settings-address", "127.0.0.1:0");
      TextField data = robot.lookup("#settings-data").queryAs(TextField.class);
      robot.interact(() -> data.setText(elsewhere.toString()));
      robot.clickOn("#settings-save");

      waitUntil(
          () ->
              window
                  .text("#settings-feedback")
                  .startsWith("Saved, but the registry did not start"));
      assertThat(window.text("#settings-feedback"))
          .contains("already running with")
          .contains("Go back to the previous settings");
      Button revert = window.node("#settings-revert");
      assertThat(revert.isVisible()).isTrue();

      robot.clickOn("#settings-revert");
      waitUntil(() -> context.server().stateProperty().get() == ServerState.RUNNING);
      assertThat(store.load().dataDirectory()).isEqualTo(folder);
    }
  }

  @Test
  @Order(11)
  void aPortTakenAtStart_isReportedOnTheDashboard_andAnotherPortCanBeChosen() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      robot.interact(
          () -> {
            try {
              context.settings().update(s -> s.withAddress("127.0.0.1:" + taken.getLocalPort()));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
            context.server().restart();
          });
      robot.clickOn("#nav-dashboard");
      waitUntil(() -> context.server().stateProperty().get() == ServerState.FAILED);
      robot.interact(() -> context.messages().dismiss());

      assertThat(window.text("#server-problem"))
          .contains("port " + taken.getLocalPort() + " is already in use by another program");
      assertThat(robot.lookup("#alternative-port").queryAs(TextField.class).isVisible()).isTrue();

      int free;
      try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
        free = probe.getLocalPort();
      }
      window.replaceText("#alternative-port", Integer.toString(free));
      robot.clickOn("#use-alternative-port");
      waitUntil(() -> context.server().stateProperty().get() == ServerState.RUNNING);

      assertThat(context.server().registryProperty().get().engine().port()).isEqualTo(free);
      assertThat(store.load().address()).isEqualTo("127.0.0.1:" + free);
    }
  }

  @Test
  @Order(12)
  void closingTheWindow_stopsTheEngine_andRemembersTheWindowSize() throws Exception {
    robot.interact(() -> stage.setWidth(1100));
    robot.interact(
        () ->
            stage.fireEvent(
                new javafx.stage.WindowEvent(
                    stage, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
    // The engine stops off the FX thread, saying so, and the window goes once it has stopped.
    waitUntil(() -> !stage.isShowing());
    assertThat(context.server().stateProperty().get()).isEqualTo(ServerState.STOPPED);

    assertThat(store.load().windowWidth()).isEqualTo(1100);
    assertThat(Files.exists(root.resolve("data").resolve("berth.lock"))).isTrue();
    // The data folder is free again: a new engine can take it.
    try (BerthEngine again =
        BerthEngine.start(
            dev.berth.engine.EngineConfig.of(
                new dev.berth.engine.ListenAddress("127.0.0.1", 0), root.resolve("data")))) {
      assertThat(again.metadata().browse().totals().tags()).isEqualTo(4);
    }
  }
}
