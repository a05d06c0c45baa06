package dev.berth.desktop.fx;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/** The toolkit-backed {@link Confirmer} and {@link ClipboardWriter} the app uses. */
public final class FxDialogs {
  private FxDialogs() {}

  /** A modal dialog with the action and Cancel; Cancel is the default, so Enter never destroys. */
  public static Confirmer confirmer() {
    return (title, message, action) -> {
      ButtonType confirm = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
      ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
      Alert alert = new Alert(Alert.AlertType.CONFIRMATION, message, confirm, cancel);
      alert.setTitle(title);
      alert.setHeaderText(title);
      alert.getDialogPane().lookupButton(confirm).getStyleClass().add("danger");
      ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(confirm)).setDefaultButton(false);
      ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
      return alert.showAndWait().filter(confirm::equals).isPresent();
    };
  }

  public static ClipboardWriter systemClipboard() {
    return text -> {
      ClipboardContent content = new ClipboardContent();
      content.putString(text);
      Clipboard.getSystemClipboard().setContent(content);
    };
  }
}
