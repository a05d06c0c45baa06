package dev.berth.desktop.fx;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * Refreshes a view periodically, but only while it is on screen: in a scene whose window is
 * showing. A view that is navigated away from, or whose window closed, stops polling the engine.
 */
public final class Refresher {
  private Refresher() {}

  /**
   * Runs {@code refresh} now and every {@code every} while {@code view} is visible in a showing
   * window.
   */
  public static void whileShowing(Node view, Duration every, Runnable refresh) {
    Timeline timer = new Timeline(new KeyFrame(every, e -> refresh.run()));
    timer.setCycleCount(Animation.INDEFINITE);
    ObservableValue<Boolean> showing =
        view.sceneProperty()
            .flatMap(Scene::windowProperty)
            .flatMap(Window::showingProperty)
            .orElse(false);
    showing.addListener(
        (obs, was, is) -> {
          if (is) {
            refresh.run();
            timer.play();
          } else {
            timer.stop();
          }
        });
    if (showing.getValue()) {
      refresh.run();
      timer.play();
    }
  }
}
