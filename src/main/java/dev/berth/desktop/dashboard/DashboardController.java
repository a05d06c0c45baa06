package dev.berth.desktop.dashboard;

import dev.berth.desktop.fx.ClipboardWriter;
import dev.berth.desktop.fx.Refresher;
import dev.berth.desktop.server.ServerState;
import dev.berth.desktop.server.ServerViewModel;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/** Binds the dashboard to its view model; refreshes the numbers every few seconds while shown. */
public final class DashboardController {
  private static final Duration REFRESH = Duration.seconds(5);

  private final DashboardViewModel model;
  private final ServerViewModel server;

  @FXML private Label state;
  @FXML private Hyperlink url;
  @FXML private Label storageUsed;
  @FXML private Label repositories;
  @FXML private Label tags;
  @FXML private Label blobs;
  @FXML private Button start;
  @FXML private Button stop;
  @FXML private Button restart;
  @FXML private VBox problemBox;
  @FXML private Label problem;
  @FXML private VBox portBox;
  @FXML private TextField alternativePort;
  @FXML private Button useAlternativePort;
  @FXML private ListView<String> recentPushes;
  @FXML private ListView<String> recentPulls;
  @FXML private VBox registry2Box;
  @FXML private Button registry2Import;
  @FXML private HBox teammateBox;
  @FXML private Label teammates;
  @FXML private Button copyTeammateCommands;
  private final java.util.function.Consumer<javafx.stage.Window> openRegistry2Import;
  private final ClipboardWriter clipboard;

  /**
   * @param openRegistry2Import opens "Bring my registry:2 data" over the given window
   */
  public DashboardController(
      DashboardViewModel model,
      java.util.function.Consumer<javafx.stage.Window> openRegistry2Import,
      ClipboardWriter clipboard) {
    this.model = model;
    this.server = model.server();
    this.openRegistry2Import = openRegistry2Import;
    this.clipboard = clipboard;
  }

  @FXML
  private void initialize() {
    state
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> server.stateProperty().get().label(), server.stateProperty()));
    url.textProperty().bind(server.urlProperty());
    teammates.textProperty().bind(model.teammatesProperty());
    teammateBox.visibleProperty().bind(model.teammatesProperty().isNotEmpty());
    teammateBox.managedProperty().bind(teammateBox.visibleProperty());
    copyTeammateCommands.visibleProperty().bind(model.teammateCommandsProperty().isNotEmpty());
    copyTeammateCommands.managedProperty().bind(copyTeammateCommands.visibleProperty());
    copyTeammateCommands.setOnAction(e -> clipboard.copy(model.teammateCommandsProperty().get()));
    url.setOnAction(e -> url.setVisited(false));
    storageUsed.textProperty().bind(model.storageUsedProperty());
    repositories.textProperty().bind(model.repositoriesProperty());
    tags.textProperty().bind(model.tagsProperty());
    blobs.textProperty().bind(model.blobsProperty());
    recentPushes.setItems(model.recentPushes());
    recentPulls.setItems(model.recentPulls());
    // Issue 15: "Nothing pushed yet." while stopped was wrong about a data folder full of images.
    Label noPushes = new Label();
    noPushes.setId("recent-pushes-placeholder");
    noPushes
        .textProperty()
        .bind(
            Bindings.when(server.runningBinding())
                .then("Nothing pushed yet.")
                .otherwise("The registry is not running: start it to see its pushes."));
    Label noPulls = new Label();
    noPulls
        .textProperty()
        .bind(
            Bindings.when(server.runningBinding())
                .then("Nothing pulled yet.")
                .otherwise("The registry is not running: start it to see its pulls."));
    recentPushes.setPlaceholder(noPushes);
    recentPulls.setPlaceholder(noPulls);

    var busy =
        server
            .stateProperty()
            .isEqualTo(ServerState.STARTING)
            .or(server.stateProperty().isEqualTo(ServerState.STOPPING));
    start.disableProperty().bind(server.runningBinding().or(busy));
    stop.disableProperty().bind(server.runningBinding().not());
    restart.disableProperty().bind(server.runningBinding().not());
    start.setOnAction(e -> server.start());
    stop.setOnAction(e -> server.stop());
    restart.setOnAction(e -> server.restart());

    problem.textProperty().bind(server.problemProperty());
    problemBox.visibleProperty().bind(server.problemProperty().isNotEmpty());
    problemBox.managedProperty().bind(problemBox.visibleProperty());
    portBox.visibleProperty().bind(server.portInUseProperty());
    portBox.managedProperty().bind(portBox.visibleProperty());
    alternativePort.textProperty().bindBidirectional(server.alternativePortProperty());
    useAlternativePort.setOnAction(e -> server.startOnAlternativePort());
    alternativePort.setOnAction(e -> server.startOnAlternativePort());

    // The first-run offer: while the registry is empty, moving an existing registry:2 over is one
    // click away.
    registry2Box.visibleProperty().bind(model.repositoriesProperty().isEqualTo("0"));
    registry2Box.managedProperty().bind(registry2Box.visibleProperty());
    registry2Import.setOnAction(
        e -> openRegistry2Import.accept(registry2Import.getScene().getWindow()));

    Refresher.whileShowing(state, REFRESH, model::refresh);
  }
}
