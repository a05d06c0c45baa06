package dev.berth.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.DesktopContext;
import dev.berth.desktop.fx.FxDialogs;
import dev.berth.desktop.proxy.ProxyCacheViewModel.RuleRow;
import dev.berth.desktop.server.ServerState;
import dev.berth.desktop.settings.DesktopSettings;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.engine.BerthEngine;
import dev.berth.testing.Registry2Upstream;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The Proxy cache view in the real window (headless, Monocle) against a real engine and a real
 * registry:2 upstream: a preset fills the form, a rule typed and saved is what the engine serves
 * through, the connection test reports the upstream's answer, hits and misses show after pulls, the
 * client set-up names this registry, a login is stored but never shown back, and a rule is removed
 * after a confirmation.
 */
class ProxyCacheUiTest {
  @TempDir static Path root;
  private static DesktopContext context;
  private static Stage stage;
  private static Registry2Upstream upstream;
  private static TestImages.Image api;
  private final FxRobot robot = new FxRobot();
  private final AppWindow window = new AppWindow(robot);

  @BeforeAll
  static void openTheApp() throws Exception {
    upstream = Registry2Upstream.start(root.resolve("registry2"), null, false);
    api = TestImages.appImage("api");
    api.push(upstream.client(), "team/api", "1.4");
    stage = FxToolkit.registerPrimaryStage();
    SettingsStore store = new SettingsStore(root.resolve("config"));
    store.save(
        new DesktopSettings("127.0.0.1:0", root.resolve("data").toString(), true, 1280, 900));
    context =
        new DesktopContext(
            store,
            BerthEngine::start,
            new DesktopContext.Toolkit(
                Platform::runLater,
                FxDialogs.confirmer(),
                FxDialogs.systemClipboard(),
                dev.berth.desktop.ViewModelHarness.filePicker(() -> null, () -> null),
                (title, message, name) -> Optional.empty()));
    FxToolkit.setupStage(s -> context.openMainWindow(s, () -> {}));
    waitUntil(() -> context.server().stateProperty().get() == ServerState.RUNNING);
  }

  @AfterAll
  static void closeTheApp() throws Exception {
    AppWindow.close(stage, context);
    if (upstream != null) {
      upstream.close();
    }
  }

  private static void waitUntil(Callable<Boolean> condition) throws Exception {
    AppWindow.waitUntil(30, condition);
  }

  private BerthEngine engine() {
    return context.server().registryProperty().get().engine();
  }

  private List<RuleRow> rows() {
    TableView<RuleRow> table = window.node("#proxy-rules");
    return List.copyOf(table.getItems());
  }

  private Optional<RuleRow> row(String prefix) {
    return rows().stream().filter(r -> r.prefix().equals(prefix)).findFirst();
  }

  @Test
  void rulesAreAddedFromPresetsAndByHand_testedServedThroughAndRemoved() throws Exception {
    robot.clickOn("#nav-proxy");
    waitUntil(() -> window.text("#proxy-status").startsWith("No upstream is cached yet"));

    // A preset fills the form; saved, it is a rule of the engine and of proxy.json.
    robot.clickOn("#preset-hub");
    assertThat(window.text("#proxy-prefix")).isEqualTo("hub");
    assertThat(window.text("#proxy-upstream")).isEqualTo("https://registry-1.docker.io");
    robot.clickOn("#proxy-save");
    waitUntil(() -> row("hub").isPresent());
    assertThat(row("hub").orElseThrow().defaultMirror())
        .as("Docker Hub is the daemons' default mirror")
        .isTrue();
    assertThat(Files.readString(root.resolve("data/proxy.json")))
        .contains("\"hub\"", "https://registry-1.docker.io");

    // A rule typed by hand, for the loopback registry:2, with a login that is stored but never
    // shown back.
    robot.clickOn("#preset-ghcr");
    window.replaceText("#proxy-prefix", "lab");
    window.replaceText("#proxy-upstream", upstream.url().toString());
    window.replaceText("#proxy-ttl", "1m");
    window.replaceText("#proxy-size-limit", "20 GiB");
    window.replaceText("#proxy-user", "ci-bot");
    window.replaceText("#proxy-password", "s3cret-token");
    robot.clickOn("#proxy-save");
    waitUntil(() -> row("lab").isPresent());
    assertThat(engine().proxy().rules().rule("lab").orElseThrow().sizeLimit()).isEqualTo(20L << 30);
    assertThat(((TextField) window.node("#proxy-password")).getText()).isEmpty();
    assertThat(window.text("#proxy-login-state")).contains("A login is stored (not shown)");
    assertThat(Files.readString(root.resolve("data/proxy-credentials.json"))).contains("ci-bot");
    assertThat(Files.readString(root.resolve("data/proxy.json"))).doesNotContain("s3cret-token");

    robot.clickOn("#proxy-test");
    waitUntil(() -> window.text("#proxy-test-result").startsWith("Reachable"));
    assertThat(window.text("#proxy-test-result"))
        .isEqualTo("Reachable: a registry (API v2) open without a login.");

    // Served through: a miss fetches, the second pull is a hit.
    RegistryClient client = new RegistryClient(engine().url());
    for (int i = 0; i < 2; i++) {
      RegistryClient.requireStatus(
          client.get(
              "/v2/lab/team/api/manifests/1.4",
              "Accept",
              "application/vnd.oci.image.manifest.v1+json"),
          200);
    }
    for (TestImages.Blob blob : api.blobs()) {
      RegistryClient.requireStatus(client.get("/v2/lab/team/api/blobs/" + blob.digest()), 200);
    }
    robot.clickOn("#proxy-refresh");
    int misses = 1 + api.blobs().size();
    waitUntil(() -> row("lab").orElseThrow().usage().startsWith("1 hit / " + misses + " misses"));
    assertThat(row("lab").orElseThrow().size())
        .doesNotStartWith("0 B")
        .contains(" of 20")
        .endsWith("in 1 repository");

    // The client set-up of the selected rule names this registry's host:port.
    TableView<RuleRow> table = window.node("#proxy-rules");
    robot.interact(() -> table.getSelectionModel().select(row("lab").orElseThrow()));
    waitUntil(() -> window.text("#proxy-prefix").equals("lab"));
    String hostPort = context.server().registryProperty().get().pullHost();
    assertThat(((TextField) window.node("#proxy-docker-pull")).getText())
        .isEqualTo("docker pull " + hostPort + "/lab/OWNER/IMAGE");
    assertThat(((TextArea) window.node("#proxy-hosts-toml")).getText())
        .contains(
            "certs.d/" + upstream.hostPort() + "/hosts.toml", "[host.\"http://" + hostPort + "\"]");
    assertThat(((TextArea) window.node("#proxy-daemon-json")).getText())
        .contains("\"registry-mirrors\": [\"http://" + hostPort + "\"]");
    robot.interact(() -> table.getSelectionModel().select(row("hub").orElseThrow()));
    waitUntil(() -> window.text("#proxy-prefix").equals("hub"));
    assertThat(((TextField) window.node("#proxy-docker-pull")).getText())
        .isEqualTo("docker pull " + hostPort + "/hub/library/alpine");
    // The primary stage is shared with other UI suites, which may have resized it.
    robot.interact(
        () -> {
          stage.setWidth(1280);
          stage.setHeight(900);
        });
    waitUntil(() -> stage.getScene().getWidth() == 1280);
    Screenshots.save(robot, stage.getScene(), "proxy-cache");

    // The cached repository says in the browser where it comes from.
    robot.clickOn("#nav-repositories");
    javafx.scene.control.TreeView<dev.berth.desktop.browser.NamespaceNode> tree =
        window.node("#repository-tree");
    waitUntil(
        () -> {
          boolean[] found = {false};
          robot.interact(() -> found[0] = select(tree, tree.getRoot(), "lab/team/api"));
          return found[0];
        });
    waitUntil(
        () ->
            window
                .text("#tags-title")
                .startsWith(
                    "lab/team/api · 1 tag · cached from " + upstream.hostPort() + "/team/api"));
    robot.clickOn("#nav-proxy");

    // Removing asks first; the rule is gone from the engine and the file.
    robot.interact(() -> table.getSelectionModel().select(row("lab").orElseThrow()));
    waitUntil(() -> window.text("#proxy-prefix").equals("lab"));
    robot.clickOn("#proxy-remove");
    waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isPresent());
    Button confirm =
        robot
            .lookup(".dialog-pane .button")
            .match((Node n) -> ((Button) n).getText().equals("Remove"))
            .query();
    robot.clickOn(confirm);
    waitUntil(() -> row("lab").isEmpty());
    assertThat(engine().proxy().rules().rule("lab")).isEmpty();
    assertThat(Files.readString(root.resolve("data/proxy-credentials.json")))
        .doesNotContain("ci-bot");
    assertThat(((Label) window.node("#proxy-status")).getText()).startsWith("1 upstream is cached");
  }

  /**
   * Expands the tree down to {@code repository} and selects it; false while it is not there yet.
   */
  private static boolean select(
      javafx.scene.control.TreeView<dev.berth.desktop.browser.NamespaceNode> tree,
      javafx.scene.control.TreeItem<dev.berth.desktop.browser.NamespaceNode> item,
      String repository) {
    if (item == null) {
      return false;
    }
    var node = item.getValue();
    if (node != null
        && node.repository() != null
        && node.repository().name().value().equals(repository)) {
      tree.getSelectionModel().select(item);
      return true;
    }
    item.setExpanded(true);
    for (var child : item.getChildren()) {
      if (select(tree, child, repository)) {
        return true;
      }
    }
    return false;
  }
}
