package dev.berth.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.DesktopContext;
import dev.berth.desktop.browser.NamespaceNode;
import dev.berth.desktop.fx.FxDialogs;
import dev.berth.desktop.server.ServerState;
import dev.berth.desktop.settings.DesktopSettings;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.engine.BerthEngine;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
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
 * Issue 15, item 6: what clients push appears in the open window without a click (the views follow
 * the engine's events), the person's selection stays where it was, and F5 refreshes on demand.
 * Before, the tree said "app · 1 tag" until some other action or a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveUpdatesUiTest {
  @TempDir static Path root;
  private static DesktopContext context;
  private static Stage stage;
  private static RegistryClient client;
  private final FxRobot robot = new FxRobot();
  private final AppWindow window = new AppWindow(robot);

  @BeforeAll
  static void openTheApp() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
    SettingsStore store = new SettingsStore(root.resolve("config"));
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
    client = new RegistryClient(context.server().registryProperty().get().engine().url());
  }

  @AfterAll
  static void closeTheApp() throws Exception {
    AppWindow.close(stage, context);
  }

  private static void waitUntil(Callable<Boolean> condition) throws Exception {
    AppWindow.waitUntil(20, condition);
  }

  private boolean treeShows(String prefix) {
    return robot
        .lookup("#repository-tree .tree-cell")
        .match(
            (Node n) ->
                ((Labeled) n).getText() != null && ((Labeled) n).getText().startsWith(prefix))
        .tryQuery()
        .isPresent();
  }

  @Test
  @Order(1)
  void aPushFromAClient_appearsInTheOpenTree() throws Exception {
    robot.clickOn("#nav-repositories");
    waitUntil(() -> window.text("#repository-summary").startsWith("No images yet"));

    TestImages.appImage("live").push(client, "app", "v1");

    waitUntil(() -> window.text("#repository-summary").equals("1 repository"));
    waitUntil(() -> treeShows("app   1 tag "));
  }

  @Test
  @Order(2)
  void anotherTag_updatesTreeAndHeaderAlike_andTheSelectedTagStaysSelected() throws Exception {
    robot.clickOn(
        robot
            .lookup("#repository-tree .tree-cell")
            .match(
                (Node n) ->
                    ((Labeled) n).getText() != null && ((Labeled) n).getText().startsWith("app "))
            .<Node>query());
    TableView<?> tags = window.node("#tags-table");
    waitUntil(() -> tags.getItems().size() == 1);
    robot.clickOn(
        robot
            .lookup("#tags-table .table-cell")
            .match((Node n) -> "v1".equals(((Labeled) n).getText()))
            .<Node>query());
    waitUntil(() -> window.text("#pull-by-tag").endsWith("/app:v1"));

    TestImages.appImage("live 2").push(client, "app", "v2");

    waitUntil(() -> window.text("#tags-title").equals("app · 2 tags"));
    waitUntil(() -> treeShows("app   2 tags "));
    assertThat(tags.getItems()).hasSize(2);
    assertThat(window.text("#pull-by-tag")).endsWith("/app:v1");
    assertThat(String.valueOf(tags.getSelectionModel().getSelectedItem())).contains("v1");
  }

  @Test
  @Order(3)
  void f5AndCtrlR_refreshTheViews() throws Exception {
    AtomicInteger refreshes = new AtomicInteger();
    robot.interact(() -> context.changes().onChange(refreshes::incrementAndGet));

    robot.push(KeyCode.F5);
    waitUntil(() -> refreshes.get() == 1);
    robot.push(KeyCode.CONTROL, KeyCode.R);
    waitUntil(() -> refreshes.get() == 2);
  }

  @Test
  @Order(4)
  void aLiveUpdate_keepsANamespaceThePersonClosed_closed() throws Exception {
    TestImages.appImage("api").push(client, "team/api", "v1");
    TestImages.appImage("web").push(client, "team/web", "v1");
    waitUntil(() -> treeShows("team   2 repos"));
    TreeView<NamespaceNode> tree = window.node("#repository-tree");
    robot.interact(() -> namespace(tree, "team").setExpanded(false));

    TestImages.appImage("solo").push(client, "solo", "v1");

    waitUntil(() -> treeShows("solo   1 tag "));
    assertThat(namespace(tree, "team").isExpanded()).isFalse();
  }

  private static TreeItem<NamespaceNode> namespace(TreeView<NamespaceNode> tree, String path) {
    return tree.getRoot().getChildren().stream()
        .filter(item -> item.getValue().path().equals(path))
        .findFirst()
        .orElseThrow();
  }
}
