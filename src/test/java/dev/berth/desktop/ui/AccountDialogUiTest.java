package dev.berth.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.fx.AccountPrompt;
import dev.berth.desktop.fx.FxDialogs;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * Issue 15, item 10: the first-administrator dialog was wider than the window, and jumped when it
 * showed an error (it closed and opened again, larger). The real dialog now keeps its width, wraps
 * a long explanation, and says what is wrong under the fields without closing or moving.
 */
class AccountDialogUiTest {
  private static final String WHY =
      "Authentication is on, but nobody can log in to this registry yet: docker, podman and the"
          + " other clients would be refused. Choose the name and the password of the first"
          + " administrator (read-write, all repositories); add more people in Users afterwards.";

  private final FxRobot robot = new FxRobot();

  @BeforeAll
  static void stage() throws Exception {
    Stage stage = FxToolkit.registerPrimaryStage();
    FxToolkit.setupStage(
        s -> {
          // The app's window size; a modal dialog disables it, so it needs a scene (a view).
          s.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(), 1280, 800));
          s.show();
        });
  }

  @AfterAll
  static void cleanUp() throws Exception {
    FxToolkit.cleanupStages();
  }

  @Test
  void aLongExplanationWraps_andAnUnusableAnswerIsExplainedWithoutTheDialogMoving()
      throws Exception {
    CompletableFuture<Optional<AccountPrompt.Answer>> result = new CompletableFuture<>();
    Platform.runLater(
        () ->
            result.complete(
                FxDialogs.accountPrompt()
                    .askUntilUsable(
                        "First administrator",
                        WHY,
                        null,
                        a ->
                            java.util.Arrays.equals(a.password(), a.repeated())
                                ? null
                                : "The two passwords are not the same; type them again.")));
    AppWindow.waitUntil(
        10,
        () ->
            dialog() != null
                && dialog().getScene() != null
                && dialog().getScene().lookup("#prompt-message") != null);
    Window dialog = dialog();
    javafx.scene.Scene scene = dialog.getScene();
    Rectangle2D before = bounds(dialog);
    assertThat(before.getWidth()).as("the dialog's width").isLessThanOrEqualTo(520);
    Label explanation = (Label) scene.lookup("#prompt-message");
    assertThat(explanation.getText()).isEqualTo(WHY);
    assertThat(explanation.getHeight())
        .as("the explanation wraps onto several lines")
        .isGreaterThan(2 * explanation.getFont().getSize());

    robot.clickOn(scene.lookup("#prompt-name")).write("admin");
    robot.clickOn(scene.lookup("#prompt-password")).write("first-secret");
    robot.clickOn(scene.lookup("#prompt-password-again")).write("other-secret");
    robot.clickOn(addUser(scene));

    assertThat(dialog.isShowing()).as("the dialog stays open").isTrue();
    assertThat(((Label) scene.lookup("#prompt-problem")).getText())
        .isEqualTo("The two passwords are not the same; type them again.");
    assertThat(bounds(dialog)).as("the dialog did not move or resize").isEqualTo(before);
    assertThat(result).isNotDone();
    Screenshots.save(robot, dialog.getScene(), "first-administrator");

    robot.doubleClickOn(scene.lookup("#prompt-password-again")).eraseText(20).write("first-secret");
    robot.clickOn(addUser(scene));

    AccountPrompt.Answer answer = result.get(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(answer.name()).isEqualTo("admin");
    assertThat(new String(answer.password())).isEqualTo("first-secret");
    answer.wipe();
  }

  private static javafx.scene.Node addUser(javafx.scene.Scene scene) {
    return scene.getRoot().lookupAll(".button").stream()
        .filter(n -> n instanceof javafx.scene.control.Button b && "Add user".equals(b.getText()))
        .findFirst()
        .orElseThrow();
  }

  private static Window dialog() {
    return Window.getWindows().stream()
        .filter(w -> w instanceof Stage s && "First administrator".equals(s.getTitle()))
        .filter(Window::isShowing)
        .findFirst()
        .orElse(null);
  }

  private static Rectangle2D bounds(Window w) {
    return new Rectangle2D(w.getX(), w.getY(), w.getWidth(), w.getHeight());
  }
}
