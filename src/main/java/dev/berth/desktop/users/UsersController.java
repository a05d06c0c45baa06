package dev.berth.desktop.users;

import dev.berth.desktop.fx.Formats;
import dev.berth.users.User;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;

/** Binds the users table and its forms; the view model does the work. */
public final class UsersController {
  private final UsersViewModel model;

  @FXML private Label summary;
  @FXML private TableView<User> table;
  @FXML private TableColumn<User, String> nameColumn;
  @FXML private TableColumn<User, String> accessColumn;
  @FXML private TableColumn<User, String> namespacesColumn;
  @FXML private TableColumn<User, String> stateColumn;
  @FXML private TableColumn<User, String> createdColumn;
  @FXML private TextField newName;
  @FXML private PasswordField newPassword;
  @FXML private PasswordField newPasswordAgain;
  @FXML private CheckBox newReadOnly;
  @FXML private TextField newNamespaces;
  @FXML private Button add;
  @FXML private Label feedback;
  @FXML private Label selectedName;
  @FXML private CheckBox editReadOnly;
  @FXML private TextField editNamespaces;
  @FXML private Button saveAccess;
  @FXML private Button resetPassword;
  @FXML private Button toggleDisabled;
  @FXML private Button remove;
  @FXML private Button importHtpasswd;
  @FXML private Button exportHtpasswd;

  public UsersController(UsersViewModel model) {
    this.model = model;
  }

  @FXML
  private void initialize() {
    summary.textProperty().bind(model.summaryProperty());
    table.setItems(model.users());
    table.setPlaceholder(new Label("No users yet. Add the first one on the right."));
    column(nameColumn, User::name);
    column(
        accessColumn,
        u -> u.administrator() ? "administrator" : u.readOnly() ? "read-only" : "read-write");
    column(
        namespacesColumn,
        u -> u.namespaces().isEmpty() ? "all repositories" : UsersViewModel.namespaces(u));
    column(stateColumn, u -> u.disabled() ? "disabled" : "enabled");
    column(createdColumn, u -> Formats.time(u.createdAt()));
    table
        .getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (obs, old, now) -> {
              if (now != null) {
                model.selectedProperty().set(now);
              }
            });
    model
        .selectedProperty()
        .addListener(
            (obs, old, now) -> {
              if (now == null) {
                table.getSelectionModel().clearSelection();
              } else if (table.getSelectionModel().getSelectedItem() != now) {
                table.getSelectionModel().select(now);
              }
            });

    newName.textProperty().bindBidirectional(model.newNameProperty());
    newPassword.textProperty().bindBidirectional(model.newPasswordProperty());
    newPasswordAgain.textProperty().bindBidirectional(model.newPasswordAgainProperty());
    newReadOnly.selectedProperty().bindBidirectional(model.newReadOnlyProperty());
    newNamespaces.textProperty().bindBidirectional(model.newNamespacesProperty());
    add.setOnAction(e -> model.add());
    feedback.textProperty().bind(model.feedbackProperty());

    var none = model.selectedProperty().isNull();
    selectedName
        .textProperty()
        .bind(model.selectedProperty().map(User::name).orElse("Select a user in the table."));
    editReadOnly.selectedProperty().bindBidirectional(model.editReadOnlyProperty());
    editNamespaces.textProperty().bindBidirectional(model.editNamespacesProperty());
    for (var control :
        new javafx.scene.control.Control[] {
          editReadOnly, editNamespaces, saveAccess, resetPassword, toggleDisabled, remove
        }) {
      control.disableProperty().bind(none);
    }
    toggleDisabled
        .textProperty()
        .bind(
            model
                .selectedProperty()
                .map(u -> u.disabled() ? "Enable" : "Disable")
                .orElse("Disable"));
    saveAccess.setOnAction(e -> model.saveAccess());
    resetPassword.setOnAction(e -> model.resetPassword());
    toggleDisabled.setOnAction(e -> model.toggleDisabled());
    remove.setOnAction(e -> model.removeSelected());
    importHtpasswd.setOnAction(e -> model.importHtpasswd());
    exportHtpasswd.setOnAction(e -> model.exportHtpasswd());
    model.reload();
  }

  private static void column(TableColumn<User, String> column, Function<User, String> value) {
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
  }
}
