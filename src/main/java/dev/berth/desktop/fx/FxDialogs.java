package dev.berth.desktop.fx;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;

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
      ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(confirm))
          .setDefaultButton(false);
      ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(cancel))
          .setDefaultButton(true);
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

  /** File choosers over the app's window. */
  public static FilePicker filePicker() {
    return new FilePicker() {
      @Override
      public Optional<Path> open(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        return Optional.ofNullable(chooser.showOpenDialog(null)).map(File::toPath);
      }

      @Override
      public Optional<Path> save(String title, String suggestedName) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(suggestedName);
        return Optional.ofNullable(chooser.showSaveDialog(null)).map(File::toPath);
      }
    };
  }

  /** A modal dialog with a name field (unless fixed) and the password twice. */
  public static AccountPrompt accountPrompt() {
    return new AccountDialog();
  }

  /**
   * The account dialog. Its width is fixed and the message wraps, so a long explanation never makes
   * it wider than the window; an unusable answer is explained in a line kept free under the fields,
   * and the dialog stays open, so it does not jump.
   */
  private static final class AccountDialog implements AccountPrompt {
    private static final double WIDTH = 460;

    @Override
    public Optional<Answer> ask(String title, String message, String fixedName) {
      return askUntilUsable(title, message, fixedName, answer -> null);
    }

    @Override
    public Optional<Answer> askUntilUsable(
        String title,
        String message,
        String fixedName,
        java.util.function.Function<Answer, String> problem) {
      Dialog<Answer> dialog = new Dialog<>();
      dialog.setTitle(title);
      ButtonType ok =
          new ButtonType(
              fixedName == null ? "Add user" : "Set password", ButtonBar.ButtonData.OK_DONE);
      dialog.getDialogPane().getButtonTypes().addAll(ok, ButtonType.CANCEL);
      dialog.getDialogPane().setPrefWidth(WIDTH);
      dialog.getDialogPane().setMaxWidth(WIDTH);

      Label explanation = wrapping(message, "prompt-message");
      TextField name = new TextField(fixedName == null ? "" : fixedName);
      name.setId("prompt-name");
      name.setEditable(fixedName == null);
      PasswordField password = new PasswordField();
      password.setId("prompt-password");
      PasswordField repeated = new PasswordField();
      repeated.setId("prompt-password-again");
      GridPane grid = new GridPane();
      grid.setHgap(10);
      grid.setVgap(8);
      grid.addRow(0, new Label("User name"), name);
      grid.addRow(1, new Label("Password"), password);
      grid.addRow(2, new Label("Password again"), repeated);
      Label reason = wrapping("", "prompt-problem");
      reason.getStyleClass().add("form-error");
      reason.setStyle("-fx-text-fill: #b3261e;");
      reason.setMinHeight(40); // two lines, kept free so that a reason does not resize the dialog
      javafx.scene.layout.VBox content =
          new javafx.scene.layout.VBox(12, explanation, grid, reason);
      dialog.getDialogPane().setContent(content);

      java.util.function.Supplier<Answer> typed =
          () ->
              new Answer(
                  name.getText().trim(),
                  password.getText().toCharArray(),
                  repeated.getText().toCharArray());
      dialog
          .getDialogPane()
          .lookupButton(ok)
          .addEventFilter(
              javafx.event.ActionEvent.ACTION,
              event -> {
                Answer answer = typed.get();
                String unusable = problem.apply(answer);
                answer.wipe();
                if (unusable != null) {
                  reason.setText(unusable);
                  event.consume(); // stays open
                }
              });
      dialog.setResultConverter(button -> button == ok ? typed.get() : null);
      return dialog.showAndWait();
    }

    private static Label wrapping(String text, String id) {
      Label label = new Label(text);
      label.setId(id);
      label.setWrapText(true);
      label.setMaxWidth(WIDTH - 40);
      label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
      return label;
    }
  }
}
