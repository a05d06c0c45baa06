package dev.berth.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.DesktopContext;
import dev.berth.desktop.ViewModelHarness;
import dev.berth.desktop.fx.AccountPrompt;
import dev.berth.desktop.fx.FxDialogs;
import dev.berth.desktop.server.ServerState;
import dev.berth.desktop.settings.DesktopSettings;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.testing.Command;
import dev.berth.testing.TestUsers;
import dev.berth.users.User;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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
 * Issue 15, items 8 and 10, where the newcomer tripped: an htpasswd file with one MD5 line, turning
 * authentication on while only a read-only user exists, who is an administrator, and what the
 * Dashboard says while the registry is stopped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NewcomerUiTest {
  @TempDir static Path root;
  private static DesktopContext context;
  private static Stage stage;
  private static SettingsStore store;
  private static Path fileToOpen;
  private static final Deque<AccountPrompt.Answer> accountAnswers = new ArrayDeque<>();
  private static final List<String> prompts = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final FxRobot robot = new FxRobot();
  private final AppWindow window = new AppWindow(robot);

  @BeforeAll
  static void openTheApp() throws Exception {
    Command.require("htpasswd", "apache2-utils");
    stage = FxToolkit.registerPrimaryStage();
    TestUsers.in(root.resolve("data")).add("reader", "a reader's password", true).create();
    store = new SettingsStore(root.resolve("config"));
    store.save(
        new DesktopSettings("127.0.0.1:0", root.resolve("data").toString(), true, 1280, 800));
    context =
        new DesktopContext(
            store,
            BerthEngine::start,
            new DesktopContext.Toolkit(
                Platform::runLater,
                FxDialogs.confirmer(),
                FxDialogs.systemClipboard(),
                ViewModelHarness.filePicker(() -> fileToOpen, () -> null),
                (title, message, name) -> {
                  prompts.add(message);
                  return Optional.ofNullable(accountAnswers.poll());
                }));
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
  @Order(2)
  void anHtpasswdFileWithAnMd5Line_importsTheBcryptLines_andListsTheSkippedOne() throws Exception {
    Path file = root.resolve("team.htpasswd");
    Command.of("htpasswd", "-cbB", file.toString(), "carol", "carol's password").run();
    Command.of("htpasswd", "-bm", file.toString(), "mallory", "an md5 password").run();
    fileToOpen = file;
    robot.clickOn("#nav-users");

    robot.clickOn("#import-htpasswd");

    waitUntil(
        () ->
            String.valueOf(context.messages().infoProperty().get())
                .startsWith("Imported team.htpasswd"));
    assertThat(context.messages().infoProperty().get())
        .startsWith(
            "Imported team.htpasswd: 1 added [carol], 0 with a new password. Skipped 1: line 2 (mallory): ");
    robot.interact(() -> context.messages().dismiss());
  }

  @Test
  @Order(1)
  void authentication_withOnlyLimitedUsers_asksForAnAdministrator_andTheTableSaysWhoIsOne()
      throws Exception {
    // Only the read-only "reader" exists: with authentication on, nobody could push everywhere.
    robot.clickOn("#nav-settings");
    ChoiceBox<AuthSettings.Mode> auth = window.node("#settings-auth");
    robot.interact(() -> auth.setValue(AuthSettings.Mode.BASIC));
    accountAnswers.add(
        new AccountPrompt.Answer(
            "admin",
            "the admin's long password".toCharArray(),
            "the admin's long password".toCharArray()));

    robot.clickOn("#settings-save");

    waitUntil(() -> !prompts.isEmpty());
    assertThat(prompts.get(0))
        .startsWith("Authentication would leave nobody able to push to every repository");
    waitUntil(
        () ->
            context.server().stateProperty().get() == ServerState.RUNNING
                && store.load().authMode() == AuthSettings.Mode.BASIC);
    robot.clickOn("#nav-users");
    TableView<User> users = window.node("#users-table");
    waitUntil(() -> users.getItems().stream().anyMatch(u -> u.name().equals("admin")));
    assertThat(users.getItems())
        .filteredOn(User::administrator)
        .extracting(User::name)
        .contains("admin");
    assertThat(
            robot.lookup("#users-table .table-cell").queryAll().stream()
                .map(n -> ((javafx.scene.control.Labeled) n).getText())
                .toList())
        .contains("administrator", "read-only");
    Screenshots.save(robot, stage.getScene(), "users-administrator");
  }

  @Test
  @Order(3)
  void theDashboard_whileStopped_doesNotSayNothingWasPushed() throws Exception {
    robot.clickOn("#nav-dashboard");
    robot.interact(() -> context.server().stop());
    waitUntil(() -> context.server().stateProperty().get() == ServerState.STOPPED);
    ListView<?> pushes = window.node("#recent-pushes");
    assertThat(((Label) pushes.getPlaceholder()).getText())
        .isEqualTo("The registry is not running: start it to see its pushes.");
  }

  /** Issue 15, item 9: a banner neither moves the page nor follows the person to another view. */
  @Test
  @Order(4)
  void aBanner_keepsThePageWhereItIs_keepsDismissReadable_andStaysWithItsView() throws Exception {
    robot.clickOn("#nav-settings");
    javafx.scene.Node address = window.node("#settings-address");
    double before = address.localToScene(0, 0).getY();
    robot.interact(() -> context.messages().showInfo("A long message. ".repeat(40)));
    javafx.scene.control.Button dismiss =
        robot
            .lookup(".button")
            .match(
                (javafx.scene.Node n) ->
                    "Dismiss".equals(((javafx.scene.control.Button) n).getText()))
            .query();

    assertThat(address.localToScene(0, 0).getY()).isEqualTo(before);
    assertThat(dismiss.getWidth()).isGreaterThanOrEqualTo(dismiss.prefWidth(-1) - 0.5);

    robot.clickOn("#nav-storage");
    assertThat(context.messages().infoProperty().get()).isEmpty();
  }
}
