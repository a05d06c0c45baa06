package dev.berth.desktop.browser;

import dev.berth.browse.ImageConfig.HistoryStep;
import dev.berth.browse.ImageDetails.LayerUsage;
import dev.berth.desktop.fx.Formats;
import dev.berth.oci.Descriptor;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;

/** Binds the manifest view: config, layers with sharing, platforms of an index, referrers. */
public final class ManifestController {
  private final ManifestViewModel model;

  @FXML private Label title;
  @FXML private Label mediaType;
  @FXML private Label sizeSummary;
  @FXML private Label platform;
  @FXML private Label created;
  @FXML private Label entrypoint;
  @FXML private Label cmd;
  @FXML private Label workingDir;
  @FXML private Label user;
  @FXML private VBox imageBox;
  @FXML private VBox indexBox;
  @FXML private Button backToIndex;
  @FXML private TableView<Descriptor> children;
  @FXML private TableColumn<Descriptor, String> childPlatform;
  @FXML private TableColumn<Descriptor, String> childDigest;
  @FXML private TableColumn<Descriptor, String> childSize;
  @FXML private TableView<LayerUsage> layers;
  @FXML private TableColumn<LayerUsage, String> layerIndex;
  @FXML private TableColumn<LayerUsage, String> layerType;
  @FXML private TableColumn<LayerUsage, String> layerSize;
  @FXML private TableColumn<LayerUsage, String> layerDigest;
  @FXML private TableColumn<LayerUsage, String> layerShared;
  @FXML private Button showFiles;
  @FXML private ListView<String> env;
  @FXML private TableView<Map.Entry<String, String>> labels;
  @FXML private TableColumn<Map.Entry<String, String>, String> labelKey;
  @FXML private TableColumn<Map.Entry<String, String>, String> labelValue;
  @FXML private TableView<HistoryStep> history;
  @FXML private TableColumn<HistoryStep, String> historyCreated;
  @FXML private TableColumn<HistoryStep, String> historyStep;
  @FXML private TableView<Descriptor> referrers;
  @FXML private TableColumn<Descriptor, String> referrerType;
  @FXML private TableColumn<Descriptor, String> referrerDigest;
  @FXML private TableColumn<Descriptor, String> referrerSize;

  public ManifestController(ManifestViewModel model) {
    this.model = model;
  }

  @FXML
  private void initialize() {
    title.textProperty().bind(model.titleProperty());
    mediaType.textProperty().bind(model.mediaTypeProperty());
    sizeSummary.textProperty().bind(model.sizeSummaryProperty());
    platform.textProperty().bind(model.platformProperty());
    created.textProperty().bind(model.createdProperty());
    entrypoint.textProperty().bind(model.entrypointProperty());
    cmd.textProperty().bind(model.cmdProperty());
    workingDir.textProperty().bind(model.workingDirProperty());
    user.textProperty().bind(model.userProperty());

    indexBox.visibleProperty().bind(model.indexProperty());
    indexBox.managedProperty().bind(indexBox.visibleProperty());
    imageBox.visibleProperty().bind(model.indexProperty().not());
    imageBox.managedProperty().bind(imageBox.visibleProperty());
    backToIndex.visibleProperty().bind(model.insideIndexProperty());
    backToIndex.managedProperty().bind(backToIndex.visibleProperty());
    backToIndex.setOnAction(e -> model.backToIndex());

    children.setItems(model.children());
    column(childPlatform, d -> d.platform() == null ? "(no platform)" : d.platform().toString());
    column(childDigest, d -> d.digest().toString());
    column(childSize, d -> Formats.bytes(d.size()));
    children.setOnMouseClicked(
        e -> {
          if (e.getClickCount() == 2) {
            model.openChild(children.getSelectionModel().getSelectedItem());
          }
        });

    layers.setItems(model.layers());
    column(layerIndex, l -> Integer.toString(model.layers().indexOf(l) + 1));
    column(layerType, l -> l.layer().mediaType());
    column(layerSize, l -> Formats.bytes(l.layer().size()));
    column(layerDigest, l -> l.layer().digest().toString());
    column(layerShared, ManifestViewModel::sharing);
    showFiles.disableProperty().bind(layers.getSelectionModel().selectedItemProperty().isNull());
    showFiles.setOnAction(e -> model.openLayer(layers.getSelectionModel().getSelectedItem()));
    layers.setOnMouseClicked(
        e -> {
          if (e.getClickCount() == 2) {
            model.openLayer(layers.getSelectionModel().getSelectedItem());
          }
        });

    env.setItems(model.env());
    labels.setItems(model.labels());
    column(labelKey, Map.Entry::getKey);
    column(labelValue, Map.Entry::getValue);
    history.setItems(model.history());
    column(historyCreated, h -> Formats.time(h.created()));
    column(historyStep, h -> (h.emptyLayer() ? "(no layer) " : "") + h.createdBy());
    referrers.setItems(model.referrers());
    // Every empty table says what would be in it (JavaFX's default is "No content in table").
    children.setPlaceholder(new Label("Not an index: no platform images."));
    layers.setPlaceholder(new Label("No layers (an index, or an artifact without layers)."));
    env.setPlaceholder(new Label("No environment variables."));
    labels.setPlaceholder(new Label("No labels."));
    history.setPlaceholder(new Label("No build history in the image config."));
    referrers.setPlaceholder(new Label("No signatures, SBOMs or other referrers."));
    column(referrerType, d -> d.artifactType() == null ? d.mediaType() : d.artifactType());
    column(referrerDigest, d -> d.digest().toString());
    column(referrerSize, d -> Formats.bytes(d.size()));
    referrers.setOnMouseClicked(
        e -> {
          if (e.getClickCount() == 2) {
            model.openReferrer(referrers.getSelectionModel().getSelectedItem());
          }
        });
  }

  private static <T> void column(TableColumn<T, String> column, Function<T, String> value) {
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
  }
}
