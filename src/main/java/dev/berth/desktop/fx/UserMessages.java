package dev.berth.desktop.fx;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The one place problems are shown to the person using Berth: a banner at the top of the main
 * window. Messages are written in plain words by {@link ErrorMessages}; never a stack trace. Touch
 * only from the UI executor.
 */
public final class UserMessages {
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper info = new ReadOnlyStringWrapper("");

  public void showProblem(String message) {
    problem.set(message);
  }

  public void showInfo(String message) {
    info.set(message);
  }

  public void dismiss() {
    problem.set("");
    info.set("");
  }

  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty infoProperty() {
    return info.getReadOnlyProperty();
  }
}
