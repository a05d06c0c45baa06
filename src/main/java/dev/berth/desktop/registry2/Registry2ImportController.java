package dev.berth.desktop.registry2;

import dev.berth.desktop.fx.FilePicker;
import java.io.File;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.DirectoryChooser;

/** Binds the import form; the view model checks the input and runs the import. */
public final class Registry2ImportController {
  private final Registry2ImportViewModel model;
  private final FilePicker files;

  @FXML private TextField folder;
  @FXML private Button chooseFolder;
  @FXML private TextField htpasswd;
  @FXML private Button chooseHtpasswd;
  @FXML private Button start;
  @FXML private Label feedback;
  @FXML private TextArea report;

  public Registry2ImportController(Registry2ImportViewModel model, FilePicker files) {
    this.model = model;
    this.files = files;
  }

  @FXML
  private void initialize() {
    folder.textProperty().bindBidirectional(model.folderProperty());
    htpasswd.textProperty().bindBidirectional(model.htpasswdProperty());
    feedback.textProperty().bind(model.feedbackProperty());
    report.textProperty().bind(model.reportProperty());
    report.visibleProperty().bind(model.reportProperty().isNotEmpty());
    report.managedProperty().bind(report.visibleProperty());
    start.disableProperty().bind(model.importingProperty());
    start.setOnAction(e -> model.startImport());
    chooseFolder.setOnAction(e -> chooseFolder());
    chooseHtpasswd.setOnAction(
        e ->
            files
                .open("registry:2's htpasswd file")
                .ifPresent(p -> model.htpasswdProperty().set(p.toString())));
  }

  private void chooseFolder() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("registry:2's data folder (rootdirectory)");
    File current = new File(folder.getText());
    if (current.isDirectory()) {
      chooser.setInitialDirectory(current);
    }
    File chosen = chooser.showDialog(folder.getScene().getWindow());
    if (chosen != null) {
      model.folderProperty().set(chosen.getAbsolutePath());
    }
  }
}
