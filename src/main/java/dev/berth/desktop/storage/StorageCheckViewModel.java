package dev.berth.desktop.storage;

import dev.berth.check.CheckReport;
import dev.berth.check.CheckReportText;
import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.Confirmer;
import dev.berth.desktop.fx.UiExecutor;
import dev.berth.desktop.server.RunningRegistry;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.desktop.services.StorageService;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * "Check storage" in the Storage view: re-hashes every blob and manifest while the registry keeps
 * serving, with progress and cancel, and lists what it found in words; "Repair" does what is always
 * safe (see {@link StorageCheck}) after a confirmation.
 */
public final class StorageCheckViewModel {
  private final ServerViewModel server;
  private final BackgroundTasks tasks;
  private final UiExecutor ui;
  private final Confirmer confirmer;

  private final ObservableList<String> findings = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyBooleanWrapper damageFound = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
  private BackgroundTasks.Handle check;

  public StorageCheckViewModel(
      ServerViewModel server, BackgroundTasks tasks, UiExecutor ui, Confirmer confirmer) {
    this.server = server;
    this.tasks = tasks;
    this.ui = ui;
    this.confirmer = confirmer;
  }

  /** Checks without changing anything. */
  public void check() {
    start(false);
  }

  /** Asks, then checks again and repairs what it safely can. */
  public void repair() {
    if (confirmer.confirm(
        "Repair storage",
        "Damaged blobs move to the data folder's storage/damaged/ (nothing is deleted), and blobs without good bytes"
            + " are forgotten, so that pushing the affected images again uploads them anew.\n\nImages that need them"
            + " cannot be pulled until they are pushed again.",
        "Repair")) {
      start(true);
    }
  }

  private void start(boolean repair) {
    RunningRegistry registry = server.registryProperty().get();
    if (registry == null || running.get()) {
      return;
    }
    running.set(true);
    progress.set(-1);
    status.set(repair ? "Checking and repairing…" : "Checking…");
    findings.clear();
    StorageService.CheckListener listener =
        (phase, done, total) ->
            ui.execute(
                () -> {
                  progress.set(total > 0 ? (double) done / total : -1);
                  status.set("Checking " + phase + "…");
                });
    check =
        tasks
            .run(
                repair ? "check and repair the storage" : "check the storage",
                task -> registry.storage().check(repair, listener, task::isCancelled))
            .onSuccess(this::show)
            .andFinally(
                () -> {
                  running.set(false);
                  progress.set(0);
                  if (check != null && check.isCancelled()) {
                    status.set("Check cancelled.");
                  }
                  check = null;
                })
            .start();
  }

  private void show(CheckReport report) {
    var lines = CheckReportText.lines(report);
    status.set(lines.get(0));
    findings.setAll(lines.subList(1, lines.size()));
    damageFound.set(report.foundDamage());
  }

  public void cancel() {
    if (check != null) {
      check.cancel();
      status.set("Cancelling…");
    }
  }

  public ObservableList<String> findings() {
    return findings;
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty damageFoundProperty() {
    return damageFound.getReadOnlyProperty();
  }

  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }
}
