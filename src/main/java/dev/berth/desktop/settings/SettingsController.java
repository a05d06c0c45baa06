package dev.berth.desktop.settings;

import java.io.File;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.DirectoryChooser;

/** Binds the settings form; the view model validates and saves. */
public final class SettingsController {
  private final SettingsViewModel model;
  private final SettingsStore store;

  @FXML private TextField address;
  @FXML private TextField dataDirectory;
  @FXML private Button chooseFolder;
  @FXML private CheckBox deleteEnabled;
  @FXML private Button save;
  @FXML private Button reset;
  @FXML private Label feedback;
  @FXML private Label settingsFile;

  public SettingsController(SettingsViewModel model, SettingsStore store) {
    this.model = model;
    this.store = store;
  }

  @FXML
  private void initialize() {
    address.textProperty().bindBidirectional(model.addressProperty());
    dataDirectory.textProperty().bindBidirectional(model.dataDirectoryProperty());
    deleteEnabled.selectedProperty().bindBidirectional(model.deleteEnabledProperty());
    feedback.textProperty().bind(model.feedbackProperty());
    settingsFile.setText("Settings are kept in " + store.file());
    save.setOnAction(e -> model.saveAndRestart());
    reset.setOnAction(e -> model.reset());
    chooseFolder.setOnAction(e -> chooseDataFolder());
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
