package dev.berth.desktop.storage;

import dev.berth.desktop.fx.Formats;
import dev.berth.desktop.fx.Refresher;
import dev.berth.metadata.GcMetadata.GcRun;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.chart.PieChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.util.Duration;

/** Binds the storage view: the usage chart, the collection controls and history, the schedule. */
public final class StorageController {
  private static final Duration REFRESH = Duration.seconds(30);

  private final StorageViewModel model;
  private final StorageCheckViewModel check;

  @FXML private Label totalBytes;
  @FXML private Label summary;
  @FXML private Label diskWarning;
  @FXML private Button runCheck;
  @FXML private Button repair;
  @FXML private Button cancelCheck;
  @FXML private ProgressBar checkProgress;
  @FXML private Label checkStatus;
  @FXML private ListView<String> checkFindings;
  @FXML private PieChart chart;
  @FXML private CheckBox deleteUntagged;
  @FXML private Button dryRun;
  @FXML private Button collect;
  @FXML private Button cancel;
  @FXML private HBox progressBox;
  @FXML private ProgressBar progress;
  @FXML private Label phase;
  @FXML private Label planSummary;
  @FXML private ListView<String> planItems;
  @FXML private TableView<GcRun> history;
  @FXML private TableColumn<GcRun, String> whenColumn;
  @FXML private TableColumn<GcRun, String> dryRunColumn;
  @FXML private TableColumn<GcRun, String> untaggedColumn;
  @FXML private TableColumn<GcRun, String> outcomeColumn;
  @FXML private TableColumn<GcRun, String> manifestsColumn;
  @FXML private TableColumn<GcRun, String> blobsColumn;
  @FXML private TableColumn<GcRun, String> freedColumn;
  @FXML private TableColumn<GcRun, String> heldBackColumn;
  @FXML private TextField graceMinutes;
  @FXML private Button saveGrace;
  @FXML private Label graceFeedback;
  @FXML private CheckBox scheduleEnabled;
  @FXML private TextField scheduleHours;
  @FXML private CheckBox scheduleDeleteUntagged;
  @FXML private Button saveSchedule;
  @FXML private Label scheduleFeedback;

  public StorageController(StorageViewModel model, StorageCheckViewModel check) {
    this.model = model;
    this.check = check;
  }

  @FXML
  private void initialize() {
    totalBytes.textProperty().bind(model.totalBytesProperty());
    summary.textProperty().bind(model.summaryProperty());
    diskWarning.textProperty().bind(model.diskWarningProperty());
    diskWarning.visibleProperty().bind(model.diskWarningProperty().isNotEmpty());
    diskWarning.managedProperty().bind(diskWarning.visibleProperty());

    var checking = check.runningProperty();
    runCheck.disableProperty().bind(checking);
    repair.disableProperty().bind(checking.or(check.damageFoundProperty().not()));
    cancelCheck.visibleProperty().bind(checking);
    checkProgress.visibleProperty().bind(checking);
    checkProgress.progressProperty().bind(check.progressProperty());
    runCheck.setOnAction(e -> check.check());
    repair.setOnAction(e -> check.repair());
    cancelCheck.setOnAction(e -> check.cancel());
    checkStatus.textProperty().bind(check.statusProperty());
    checkFindings.setItems(check.findings());
    checkFindings.setPlaceholder(new Label("Nothing checked yet in this session."));
    chart.setAnimated(false);
    model.usage().addListener((ListChangeListener<StorageViewModel.Usage>) c -> showChart());
    showChart();

    deleteUntagged.selectedProperty().bindBidirectional(model.deleteUntaggedProperty());
    var running = model.collectingProperty();
    deleteUntagged.disableProperty().bind(running);
    dryRun.disableProperty().bind(running);
    collect.disableProperty().bind(running);
    cancel.visibleProperty().bind(running);
    dryRun.setOnAction(e -> model.dryRun());
    collect.setOnAction(e -> model.collect());
    cancel.setOnAction(e -> model.cancel());
    progressBox.visibleProperty().bind(running.or(model.phaseProperty().isNotEmpty()));
    progressBox.managedProperty().bind(progressBox.visibleProperty());
    progress.progressProperty().bind(model.progressProperty());
    phase.textProperty().bind(model.phaseProperty());
    planSummary.textProperty().bind(model.planSummaryProperty());
    planItems.setItems(model.planItems());
    planItems.setPlaceholder(new Label("Dry run lists what a collection would delete."));

    history.setItems(model.history());
    column(whenColumn, r -> Formats.time(r.startedAt()));
    column(dryRunColumn, r -> r.dryRun() ? "dry run" : "");
    column(untaggedColumn, r -> r.deleteUntagged() ? "yes" : "no");
    column(outcomeColumn, GcRun::outcome);
    column(manifestsColumn, r -> Formats.count(r.manifestsDeleted()));
    column(blobsColumn, r -> Formats.count(r.blobsDeleted()));
    column(freedColumn, r -> Formats.bytes(r.bytesFreed()));
    column(
        heldBackColumn,
        r ->
            r.heldBackBlobs() == 0
                ? ""
                : Formats.bytes(r.heldBackBytes())
                    + " until "
                    + (r.collectableFrom() == null ? "?" : Formats.time(r.collectableFrom())));
    history.setPlaceholder(
        new Label(
            "No collection yet. Dry runs and collections are listed here, also those that find nothing."));

    graceMinutes.textProperty().bindBidirectional(model.graceMinutesProperty());
    graceMinutes.disableProperty().bind(running);
    saveGrace.disableProperty().bind(running);
    saveGrace.setOnAction(e -> model.saveGrace());
    graceFeedback.textProperty().bind(model.graceFeedbackProperty());

    scheduleEnabled.selectedProperty().bindBidirectional(model.scheduleEnabledProperty());
    scheduleHours.textProperty().bindBidirectional(model.scheduleHoursProperty());
    scheduleDeleteUntagged
        .selectedProperty()
        .bindBidirectional(model.scheduleDeleteUntaggedProperty());
    scheduleHours.disableProperty().bind(scheduleEnabled.selectedProperty().not());
    scheduleDeleteUntagged.disableProperty().bind(scheduleEnabled.selectedProperty().not());
    saveSchedule.setOnAction(e -> model.saveSchedule());
    scheduleFeedback.textProperty().bind(model.scheduleFeedbackProperty());

    // A collection in progress refreshes the view itself when it ends.
    Refresher.whileShowing(
        totalBytes,
        REFRESH,
        () -> {
          if (!model.collectingProperty().get()) {
            model.refresh();
          }
        });
  }

  private void showChart() {
    chart
        .getData()
        .setAll(
            model.usage().stream()
                .map(
                    u ->
                        new PieChart.Data(
                            u.label() + " · " + Formats.bytes(u.bytes()), Math.max(u.bytes(), 1)))
                .toList());
  }

  private static void column(TableColumn<GcRun, String> column, Function<GcRun, String> value) {
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
  }
}
