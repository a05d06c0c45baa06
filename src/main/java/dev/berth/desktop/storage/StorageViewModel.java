package dev.berth.desktop.storage;

import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.Confirmer;
import dev.berth.desktop.fx.ErrorMessages;
import dev.berth.desktop.fx.Formats;
import dev.berth.desktop.fx.UiExecutor;
import dev.berth.desktop.fx.UserMessages;
import dev.berth.desktop.server.RunningRegistry;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.desktop.settings.DesktopSettings;
import dev.berth.desktop.settings.SettingsModel;
import dev.berth.gc.GcOptions;
import dev.berth.gc.GcPlan;
import dev.berth.gc.GcProgress;
import dev.berth.gc.GcReport;
import dev.berth.metadata.BrowseMetadata.RepositorySummary;
import dev.berth.metadata.BrowseMetadata.Totals;
import dev.berth.metadata.GcMetadata.GcRun;
import dev.berth.storage.FreeSpace;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Where the bytes are and getting them back: usage by repository, the garbage collections so far, a
 * dry run that lists what would go, a collection with progress and cancel behind a confirmation
 * that states the bytes, and the collection schedule (saved in the settings, applied at once).
 */
public final class StorageViewModel {
  /** The chart shows this many repositories; the rest are one "others" slice. */
  static final int TOP = 8;

  static final int HISTORY = 20;

  /** The plan list stays readable; the summary still counts everything. */
  static final int PLAN_ITEMS_SHOWN = 500;

  private static final int MAX_REPOSITORIES = 100_000;

  private final SettingsModel settings;
  private final ServerViewModel server;
  private final BackgroundTasks tasks;
  private final UiExecutor ui;
  private final Confirmer confirmer;
  private final UserMessages messages;

  /** A slice of the usage chart. */
  public record Usage(String label, long bytes) {}

  private final ObservableList<Usage> usage = FXCollections.observableArrayList();
  private final ObservableList<GcRun> history = FXCollections.observableArrayList();
  private final ObservableList<String> planItems = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper totalBytes = new ReadOnlyStringWrapper("–");
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper diskWarning = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper planSummary = new ReadOnlyStringWrapper("");
  private final BooleanProperty deleteUntagged = new SimpleBooleanProperty(false);
  private final ReadOnlyBooleanWrapper collecting = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
  private final ReadOnlyStringWrapper phase = new ReadOnlyStringWrapper("");
  private final BooleanProperty scheduleEnabled = new SimpleBooleanProperty(false);
  private final StringProperty scheduleHours = new SimpleStringProperty("24");
  private final BooleanProperty scheduleDeleteUntagged = new SimpleBooleanProperty(false);
  private final ReadOnlyStringWrapper scheduleFeedback = new ReadOnlyStringWrapper("");
  private final StringProperty graceMinutes = new SimpleStringProperty("60");
  private final ReadOnlyStringWrapper graceFeedback = new ReadOnlyStringWrapper("");
  private BackgroundTasks.Handle collection;

  public StorageViewModel(
      SettingsModel settings,
      ServerViewModel server,
      BackgroundTasks tasks,
      UiExecutor ui,
      Confirmer confirmer,
      UserMessages messages) {
    this.settings = settings;
    this.server = server;
    this.tasks = tasks;
    this.ui = ui;
    this.confirmer = confirmer;
    this.messages = messages;
    DesktopSettings s = settings.current();
    scheduleEnabled.set(s.gcEveryHours() > 0);
    scheduleHours.set(Integer.toString(s.gcEveryHours() > 0 ? s.gcEveryHours() : 24));
    scheduleDeleteUntagged.set(s.gcDeleteUntagged());
    graceMinutes.set(Integer.toString(s.gcGraceMinutes()));
    server.registryProperty().addListener((obs, old, now) -> refresh());
  }

  private record Snapshot(
      List<RepositorySummary> repositories,
      Totals totals,
      List<GcRun> runs,
      FreeSpace.Status disk) {}

  /** Reloads usage and history. */
  public void refresh() {
    RunningRegistry registry = server.registryProperty().get();
    if (registry == null) {
      usage.clear();
      history.clear();
      totalBytes.set("–");
      summary.set("The registry is not running.");
      return;
    }
    tasks
        .run(
            "read the storage usage",
            progress ->
                new Snapshot(
                    registry.browser().repositories("", MAX_REPOSITORIES),
                        registry.browser().totals(),
                    registry.storage().recentRuns(HISTORY), registry.storage().freeSpace()))
        .onSuccess(this::show)
        .start();
  }

  private void show(Snapshot s) {
    usage.setAll(topAndOthers(s.repositories()));
    history.setAll(s.runs());
    totalBytes.set(Formats.bytes(s.totals().blobBytes()));
    diskWarning.set(diskWarning(s.disk()));
    summary.set(
        Formats.count(s.totals().blobs())
            + " blobs in "
            + Formats.count(s.totals().repositories())
            + (s.totals().repositories() == 1 ? " repository" : " repositories")
            + ". A layer shared by several repositories is counted in each of them in the chart, once in the total.");
  }

  /** Said before the disk is full, and again once pushes are refused. */
  static String diskWarning(FreeSpace.Status disk) {
    if (disk.full()) {
      return "The disk is full: pushes are refused ("
          + Formats.bytes(disk.usableBytes())
          + " left, "
          + Formats.bytes(disk.reserveBytes())
          + " kept for deletions and garbage collection). Delete images and"
          + " collect garbage, or make room on the disk; pushes work again as soon as there is room.";
    }
    if (disk.nearlyFull()) {
      return "The disk is nearly full: "
          + Formats.bytes(disk.usableBytes())
          + " left. Pushes will be refused below "
          + Formats.bytes(disk.reserveBytes())
          + "; delete images and collect garbage, or make room on the disk.";
    }
    return "";
  }

  static List<Usage> topAndOthers(List<RepositorySummary> repositories) {
    List<RepositorySummary> sorted =
        repositories.stream()
            .sorted(
                Comparator.comparingLong(RepositorySummary::totalBytes)
                    .reversed()
                    .thenComparing(r -> r.name().value()))
            .toList();
    List<Usage> result = new ArrayList<>();
    sorted.stream()
        .limit(TOP)
        .forEach(r -> result.add(new Usage(r.name().value(), r.totalBytes())));
    if (sorted.size() > TOP) {
      List<RepositorySummary> rest = sorted.subList(TOP, sorted.size());
      result.add(
          new Usage(
              rest.size() + " others",
              rest.stream().mapToLong(RepositorySummary::totalBytes).sum()));
    }
    return result;
  }

  private GcOptions options() {
    return settings.current().gcOptions(deleteUntagged.get());
  }

  /** Computes what a collection would delete and lists it, deleting nothing. */
  public void dryRun() {
    RunningRegistry registry = server.registryProperty().get();
    if (registry == null) {
      return;
    }
    GcOptions options = options().withDryRun(true);
    // A dry run is a recorded run too: the history shows what it found, also when that is nothing.
    tasks
        .run(
            "plan a garbage collection",
            progress -> registry.storage().collect(options, p -> {}, () -> false))
        .onSuccess(
            report -> {
              showPlan(report.plan());
              refresh();
            })
        .start();
  }

  private void showPlan(GcPlan plan) {
    planSummary.set(describe(plan));
    List<String> items = new ArrayList<>();
    plan.manifests()
        .forEach(
            m ->
                items.add(
                    "manifest  "
                        + m.repository()
                        + "@"
                        + m.digest().shortHex()
                        + "   "
                        + Formats.bytes(m.size())));
    plan.blobs()
        .forEach(
            b -> items.add("blob      " + b.digest().shortHex() + "   " + Formats.bytes(b.size())));
    plan.orphans()
        .forEach(
            b ->
                items.add(
                    "file      "
                        + b.digest().shortHex()
                        + " (no metadata)   "
                        + Formats.bytes(b.size())));
    plan.staleUploads().forEach(u -> items.add("upload    " + u + " (stale)"));
    planItems.setAll(items.size() > PLAN_ITEMS_SHOWN ? items.subList(0, PLAN_ITEMS_SHOWN) : items);
  }

  static String describe(GcPlan plan) {
    String found =
        plan.isEmpty()
            ? "Nothing to collect: every blob and manifest is in use"
                + (plan.heldBack().isEmpty() ? "." : " or held back.")
            : "Would free "
                + Formats.bytes(plan.bytes())
                + ": "
                + Formats.plural(plan.manifests().size(), "manifest")
                + ", "
                + Formats.plural(plan.blobs().size(), "blob")
                + ", "
                + Formats.plural(plan.orphans().size(), "file")
                + " without metadata, "
                + Formats.plural(plan.staleUploads().size(), "stale upload")
                + ".";
    return found + heldBack(plan);
  }

  /** What the grace period kept, how much, and from when it can go; empty when nothing was kept. */
  static String heldBack(GcPlan plan) {
    if (plan.heldBack().isEmpty()) {
      return "";
    }
    Instant from = plan.collectableFrom();
    Instant all = plan.allCollectableAt();
    return " Held back: "
        + Formats.plural(plan.heldBack().size(), "blob")
        + " ("
        + Formats.bytes(plan.heldBackBytes())
        + ") that clients used within the grace period; collectable from "
        + Formats.time(from)
        + (all.equals(from) ? "" : ", all by " + Formats.time(all))
        + ". Set the grace period to 0 to collect them now (only while nobody pushes).";
  }

  /**
   * Plans, asks with the bytes it frees, then collects with progress; cancel stops between items.
   */
  public void collect() {
    RunningRegistry registry = server.registryProperty().get();
    if (registry == null || collecting.get()) {
      return;
    }
    GcOptions options = options();
    tasks
        .run("plan a garbage collection", progress -> registry.storage().plan(options))
        .onSuccess(
            plan -> {
              showPlan(plan);
              if (plan.isEmpty()) {
                run(
                    registry,
                    options); // nothing to confirm; the run is still recorded, held-back bytes and
                // all
                return;
              }
              if (confirmer.confirm(
                  "Collect garbage",
                  describe(plan).replace("Would free", "Free")
                      + "\n\nDeleted blobs cannot be pulled any more. The registry keeps serving while it runs.",
                  "Collect " + Formats.bytes(plan.bytes()))) {
                run(registry, options);
              }
            })
        .start();
  }

  private void run(RunningRegistry registry, GcOptions options) {
    collecting.set(true);
    progress.set(-1);
    phase.set(GcProgress.Phase.MARK.description() + "…");
    GcProgress.Listener listener =
        p ->
            ui.execute(
                () -> {
                  progress.set(p.total() > 0 ? (double) p.done() / p.total() : -1);
                  phase.set(
                      p.phase().description()
                          + (p.phase() == GcProgress.Phase.DONE
                              ? ""
                              : " " + p.done() + " of " + p.total())
                          + " · "
                          + Formats.bytes(p.bytesFreed())
                          + " freed");
                });
    collection =
        tasks
            .run(
                "collect garbage",
                progress -> registry.storage().collect(options, listener, progress::isCancelled))
            .onSuccess(this::finished)
            .andFinally(
                () -> {
                  if (collection != null && collection.isCancelled()) {
                    messages.showInfo(
                        "Garbage collection cancelled. What it deleted so far stays deleted; nothing in use was touched.");
                    phase.set("Cancelled");
                  }
                  collecting.set(false);
                  progress.set(0);
                  collection = null;
                  refresh();
                })
            .start();
  }

  private void finished(GcReport report) {
    phase.set(report.cancelled() ? "Cancelled" : "Done");
    messages.showInfo(
        "Garbage collection "
            + report.outcome()
            + ": freed "
            + Formats.bytes(report.bytesFreed())
            + " ("
            + Formats.plural(report.manifestsDeleted(), "manifest")
            + ", "
            + Formats.plural(report.blobsDeleted() + report.orphansDeleted(), "blob")
            + ")."
            + heldBack(report.plan()));
    planItems.clear();
    planSummary.set(heldBack(report.plan()).strip());
  }

  public void cancel() {
    if (collection != null) {
      collection.cancel();
      phase.set("Cancelling…");
    }
  }

  /**
   * Saves the grace period (minutes; 0 collects everything unused at once) for collections from
   * this view and the schedule, which gets it at once.
   */
  public boolean saveGrace() {
    int minutes;
    try {
      minutes = Integer.parseInt(graceMinutes.get().trim());
    } catch (NumberFormatException e) {
      minutes = -1;
    }
    if (minutes < 0 || minutes > 60 * 24 * 30) {
      graceFeedback.set(
          "'" + graceMinutes.get() + "' is not a number of minutes: type 0 or more, e.g. 60.");
      return false;
    }
    int chosen = minutes;
    try {
      settings.update(s -> s.withGcGraceMinutes(chosen));
    } catch (IOException e) {
      graceFeedback.set(
          ErrorMessages.describe("save the grace period to " + settings.store().file(), e));
      return false;
    }
    RunningRegistry registry = server.registryProperty().get();
    if (registry != null) {
      registry.storage().schedule(settings.current().gcSchedule());
    }
    graceFeedback.set(
        chosen == 0
            ? "Grace period off: a collection frees everything unused at once. A push under way may then have to upload again."
            : "Blobs a client used in the last " + Formats.plural(chosen, "minute") + " are kept.");
    return true;
  }

  public StringProperty graceMinutesProperty() {
    return graceMinutes;
  }

  public ReadOnlyStringProperty graceFeedbackProperty() {
    return graceFeedback.getReadOnlyProperty();
  }

  /** Saves the schedule in the settings and hands it to the running engine at once. */
  public boolean saveSchedule() {
    int hours = 0;
    if (scheduleEnabled.get()) {
      try {
        hours = Integer.parseInt(scheduleHours.get().trim());
      } catch (NumberFormatException e) {
        hours = -1;
      }
      if (hours < 1 || hours > 24 * 365) {
        scheduleFeedback.set(
            "'" + scheduleHours.get() + "' is not a number of hours: type 1 or more, e.g. 24.");
        return false;
      }
    }
    int every = hours;
    try {
      settings.update(s -> s.withGcSchedule(every, scheduleDeleteUntagged.get()));
    } catch (IOException e) {
      scheduleFeedback.set(
          ErrorMessages.describe("save the schedule to " + settings.store().file(), e));
      return false;
    }
    RunningRegistry registry = server.registryProperty().get();
    if (registry != null) {
      registry.storage().schedule(settings.current().gcSchedule());
    }
    scheduleFeedback.set(
        every == 0
            ? "Scheduled collection is off."
            : "Collects garbage every "
                + every
                + (every == 1 ? " hour" : " hours")
                + (scheduleDeleteUntagged.get()
                    ? ", deleting untagged images."
                    : ", keeping untagged images."));
    return true;
  }

  public ObservableList<Usage> usage() {
    return usage;
  }

  public ObservableList<GcRun> history() {
    return history;
  }

  public ObservableList<String> planItems() {
    return planItems;
  }

  public ReadOnlyStringProperty totalBytesProperty() {
    return totalBytes.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty diskWarningProperty() {
    return diskWarning.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty planSummaryProperty() {
    return planSummary.getReadOnlyProperty();
  }

  public BooleanProperty deleteUntaggedProperty() {
    return deleteUntagged;
  }

  public ReadOnlyBooleanProperty collectingProperty() {
    return collecting.getReadOnlyProperty();
  }

  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty phaseProperty() {
    return phase.getReadOnlyProperty();
  }

  public BooleanProperty scheduleEnabledProperty() {
    return scheduleEnabled;
  }

  public StringProperty scheduleHoursProperty() {
    return scheduleHours;
  }

  public BooleanProperty scheduleDeleteUntaggedProperty() {
    return scheduleDeleteUntagged;
  }

  public ReadOnlyStringProperty scheduleFeedbackProperty() {
    return scheduleFeedback.getReadOnlyProperty();
  }

  public ServerViewModel server() {
    return server;
  }
}
