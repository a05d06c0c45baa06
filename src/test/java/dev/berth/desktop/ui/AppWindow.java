package dev.berth.desktop.ui;

import dev.berth.desktop.DesktopContext;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What the TestFX suites do with the app's window, written once: find nodes, read and type text,
 * wait, close.
 */
final class AppWindow {
  private final FxRobot robot;

  AppWindow(FxRobot robot) {
    this.robot = robot;
  }

  <T extends Node> T node(String query) {
    return robot.lookup(query).query();
  }

  /** The text of a label or a text field. */
  String text(String query) {
    Node n = node(query);
    return n instanceof Label l ? l.getText() : ((TextField) n).getText();
  }

  /** Clicks into the field, selects what is there and types over it, as a person would. */
  void replaceText(String query, String text) {
    TextField field = node(query);
    robot.clickOn(field);
    robot.interact(field::selectAll);
    robot.write(text);
  }

  /** Waits for {@code condition}, then for the FX events it caused. */
  static void waitUntil(int seconds, Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** Hides the window if it is still showing, closes the app and cleans up TestFX's stages. */
  static void close(Stage stage, DesktopContext context) throws Exception {
    if (stage != null && stage.isShowing()) {
      FxToolkit.setupStage(Stage::hide);
    }
    context.close();
    FxToolkit.cleanupStages();
  }
}
