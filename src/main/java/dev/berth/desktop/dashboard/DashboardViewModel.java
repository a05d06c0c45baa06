package dev.berth.desktop.dashboard;

import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.Formats;
import dev.berth.desktop.server.RunningRegistry;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.desktop.services.BrowseService;
import dev.berth.metadata.BrowseMetadata.Activity;
import dev.berth.metadata.BrowseMetadata.Totals;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The dashboard's numbers and recent activity, read from the running registry. */
public final class DashboardViewModel {
  static final int RECENT = 10;

  private final ServerViewModel server;
  private final BackgroundTasks tasks;
  private final ReadOnlyStringWrapper storageUsed = new ReadOnlyStringWrapper("–");
  private final ReadOnlyStringWrapper repositories = new ReadOnlyStringWrapper("–");
  private final ReadOnlyStringWrapper tags = new ReadOnlyStringWrapper("–");
  private final ReadOnlyStringWrapper blobs = new ReadOnlyStringWrapper("–");
  private final ObservableList<String> recentPushes = FXCollections.observableArrayList();
  private final ObservableList<String> recentPulls = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper teammates = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper teammateCommands = new ReadOnlyStringWrapper("");
  private final Supplier<List<String>> lanAddresses;
  private boolean refreshing;

  public DashboardViewModel(ServerViewModel server, BackgroundTasks tasks) {
    this(server, tasks, LanAddresses::current);
  }

  /**
   * @param lanAddresses this machine's addresses on the local network, best first
   */
  DashboardViewModel(
      ServerViewModel server, BackgroundTasks tasks, Supplier<List<String>> lanAddresses) {
    this.server = server;
    this.tasks = tasks;
    this.lanAddresses = lanAddresses;
    server.registryProperty().addListener((obs, old, now) -> refresh());
  }

  private record Snapshot(
      Totals totals, List<Activity> pushes, List<Activity> pulls, TeammateAccess teammates) {}

  /** Reloads the numbers; skipped while a reload is still running. */
  public void refresh() {
    RunningRegistry registry = server.registryProperty().get();
    if (registry == null) {
      clear();
      return;
    }
    if (refreshing) {
      return;
    }
    refreshing = true;
    BrowseService browser = registry.browser();
    tasks
        .run(
            "read the registry statistics",
            progress ->
                new Snapshot(
                    browser.totals(),
                    browser.recentPushes(RECENT),
                    browser.recentPulls(RECENT),
                    TeammateAccess.of(
                        registry.address(),
                        registry.url().getPort(),
                        registry.https(),
                        registry.loginRequired(),
                        lanAddresses.get())))
        .onSuccess(this::show)
        .andFinally(() -> refreshing = false)
        .start();
  }

  private void show(Snapshot s) {
    teammates.set(s.teammates().advice());
    teammateCommands.set(s.teammates().commands());
    storageUsed.set(Formats.bytes(s.totals().blobBytes()));
    repositories.set(Formats.count(s.totals().repositories()));
    tags.set(Formats.count(s.totals().tags()));
    blobs.set(Formats.count(s.totals().blobs()));
    recentPushes.setAll(
        s.pushes().stream()
            .map(a -> describe(a) + "   pushed " + Formats.time(a.at()) + who(a.pushedBy()))
            .toList());
    recentPulls.setAll(
        s.pulls().stream()
            .map(
                a ->
                    describe(a)
                        + "   "
                        + a.pullCount()
                        + (a.pullCount() == 1 ? " pull" : " pulls")
                        + ", last "
                        + Formats.time(a.at()))
            .toList());
  }

  /**
   * Who pushed, short enough for the list: a user by name ({@code alice@10.0.0.5} → "by alice"), an
   * anonymous client by its address ("from 10.0.0.7"), the app or Berth itself by what it was.
   */
  static String who(String pushedBy) {
    if (pushedBy == null) {
      return "";
    }
    if (pushedBy.equals("app")) {
      return " from this app";
    }
    if (pushedBy.startsWith("anonymous@")) {
      return " from " + pushedBy.substring("anonymous@".length());
    }
    int at = pushedBy.lastIndexOf('@');
    return " by " + (at > 0 ? pushedBy.substring(0, at) : pushedBy);
  }

  static String describe(Activity a) {
    String name = a.repository().value();
    return a.tags().isEmpty()
        ? name + "@" + a.digest().algorithm().prefix() + ":" + a.digest().shortHex()
        : name + ":" + String.join(", ", a.tags());
  }

  private void clear() {
    teammates.set("");
    teammateCommands.set("");
    storageUsed.set("–");
    repositories.set("–");
    tags.set("–");
    blobs.set("–");
    recentPushes.clear();
    recentPulls.clear();
  }

  /** How teammates reach the registry from their machines, or why they cannot. */
  public ReadOnlyStringProperty teammatesProperty() {
    return teammates.getReadOnlyProperty();
  }

  /** The commands to send a teammate; empty when nobody else can reach the registry. */
  public ReadOnlyStringProperty teammateCommandsProperty() {
    return teammateCommands.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty storageUsedProperty() {
    return storageUsed.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty repositoriesProperty() {
    return repositories.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty tagsProperty() {
    return tags.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty blobsProperty() {
    return blobs.getReadOnlyProperty();
  }

  public ObservableList<String> recentPushes() {
    return recentPushes;
  }

  public ObservableList<String> recentPulls() {
    return recentPulls;
  }

  public ServerViewModel server() {
    return server;
  }
}
