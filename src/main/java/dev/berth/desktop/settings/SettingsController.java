package dev.berth.desktop.settings;

import dev.berth.engine.AuthSettings;
import java.io.File;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.DirectoryChooser;

/** Binds the settings form; the view model validates and saves. */
public final class SettingsController {
  private final SettingsViewModel model;
  private final BackgroundViewModel background;
  private final SettingsStore store;
  private final Runnable quit;

  @FXML private TextField address;
  @FXML private TextField dataDirectory;
  @FXML private Button chooseFolder;
  @FXML private CheckBox deleteEnabled;
  @FXML private ChoiceBox<AuthSettings.Mode> authMode;
  @FXML private CheckBox anonymousPull;
  @FXML private CheckBox https;
  @FXML private Button save;
  @FXML private Button revert;
  @FXML private Button reset;
  @FXML private Label feedback;
  @FXML private Label settingsFile;
  @FXML private Button registry2Import;
  @FXML private CheckBox keepServing;
  @FXML private CheckBox startAtLogin;
  @FXML private Label startAtLoginUnavailable;
  @FXML private Label backgroundFeedback;
  @FXML private Button quitButton;
  private final java.util.function.Consumer<javafx.stage.Window> openRegistry2Import;

  /**
   * @param openRegistry2Import opens "Bring my registry:2 data" over the given window
   * @param quit stops the registry and ends the app, even when it keeps serving without its window
   */
  public SettingsController(
      SettingsViewModel model,
      BackgroundViewModel background,
      SettingsStore store,
      java.util.function.Consumer<javafx.stage.Window> openRegistry2Import,
      Runnable quit) {
    this.model = model;
    this.background = background;
    this.store = store;
    this.openRegistry2Import = openRegistry2Import;
    this.quit = quit;
  }

  @FXML
  private void initialize() {
    address.textProperty().bindBidirectional(model.addressProperty());
    dataDirectory.textProperty().bindBidirectional(model.dataDirectoryProperty());
    deleteEnabled.selectedProperty().bindBidirectional(model.deleteEnabledProperty());
    authMode.getItems().setAll(AuthSettings.Mode.values());
    authMode.setConverter(
        new javafx.util.StringConverter<>() {
          @Override
          public String toString(AuthSettings.Mode mode) {
            return mode == null
                ? ""
                : switch (mode) {
                  case NONE -> "None: anyone may push and pull";
                  case BASIC ->
                      "Basic: user name and password on every request (like registry:2 htpasswd)";
                  case TOKEN ->
                      "Token: the Docker/OCI token flow (docker login, podman, skopeo, Jib)";
                };
          }

          @Override
          public AuthSettings.Mode fromString(String text) {
            return null;
          }
        });
    authMode.valueProperty().bindBidirectional(model.authModeProperty());
    anonymousPull.selectedProperty().bindBidirectional(model.anonymousPullProperty());
    anonymousPull
        .disableProperty()
        .bind(model.authModeProperty().isEqualTo(AuthSettings.Mode.NONE));
    https.selectedProperty().bindBidirectional(model.httpsProperty());
    feedback.textProperty().bind(model.feedbackProperty());
    settingsFile.setText("Settings are kept in " + store.file());
    save.setOnAction(e -> model.saveAndRestart());
    revert.visibleProperty().bind(model.revertAvailableProperty());
    revert.managedProperty().bind(revert.visibleProperty());
    revert.setOnAction(e -> model.revert());
    reset.setOnAction(e -> model.reset());
    chooseFolder.setOnAction(e -> chooseDataFolder());
    registry2Import.setOnAction(
        e -> openRegistry2Import.accept(registry2Import.getScene().getWindow()));
    keepServing.selectedProperty().bindBidirectional(background.keepServingProperty());
    startAtLogin.selectedProperty().bindBidirectional(background.startAtLoginProperty());
    startAtLogin.disableProperty().bind(background.startAtLoginAvailableProperty().not());
    startAtLoginUnavailable.visibleProperty().bind(startAtLogin.disableProperty());
    startAtLoginUnavailable.managedProperty().bind(startAtLoginUnavailable.visibleProperty());
    backgroundFeedback.textProperty().bind(background.feedbackProperty());
    quitButton.setOnAction(e -> quit.run());
  }

  private void chooseDataFolder() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Data folder for Berth");
    File current = new File(dataDirectory.getText());
    if (current.isDirectory()) {
      chooser.setInitialDirectory(current);
    }
    File chosen = chooser.showDialog(dataDirectory.getScene().getWindow());
    if (chosen != null) {
      model.dataDirectoryProperty().set(chosen.getAbsolutePath());
    }
  }
}
