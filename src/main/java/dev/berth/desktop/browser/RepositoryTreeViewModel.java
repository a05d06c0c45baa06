package dev.berth.desktop.browser;

import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.Confirmer;
import dev.berth.desktop.fx.Formats;
import dev.berth.desktop.fx.UserMessages;
import dev.berth.desktop.server.RunningRegistry;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.metadata.BrowseMetadata.RepositorySummary;
import dev.berth.registry.DeletionDisabledException;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The filterable namespace tree. Filtering runs as a query off the FX thread; a newer filter
 * cancels the older query so typing stays smooth with 10,000 repositories.
 */
public final class RepositoryTreeViewModel {
  /** The tree holds this many repositories at most; more are reached by filtering. */
  static final int MAX_REPOSITORIES = 20_000;

  private final ServerViewModel server;
  private final BrowserSelection selection;
  private final BackgroundTasks tasks;
  private final Confirmer confirmer;
  private final UserMessages messages;
  private final StringProperty filter = new SimpleStringProperty("");
  private final ReadOnlyObjectWrapper<NamespaceNode> root =
      new ReadOnlyObjectWrapper<>(NamespaceNode.of(List.of()));
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
  private BackgroundTasks.Handle loading;

  /** What the tree shows, so that a refresh finding the same repositories leaves it alone. */
  private List<RepositorySummary> shownRepositories = List.of();

  /** The filter of the last listing shown (whether or not it changed the tree). */
  private String shownFilter;

  /** Whether the current root came from a refresh under the same filter as the tree before it. */
  private boolean rootIsARefresh;

  public RepositoryTreeViewModel(
      ServerViewModel server,
      BrowserSelection selection,
      BackgroundTasks tasks,
      Confirmer confirmer,
      UserMessages messages) {
    this.server = server;
    this.selection = selection;
    this.tasks = tasks;
    this.confirmer = confirmer;
    this.messages = messages;
    filter.addListener((obs, old, now) -> reload());
    server.registryProperty().addListener((obs, old, now) -> reload());
    selection.contentVersionProperty().addListener((obs, old, now) -> reload());
  }

  public void reload() {
    RunningRegistry registry = server.registryProperty().get();
    if (loading != null) {
      loading.cancel();
    }
    if (registry == null) {
      shownRepositories = List.of();
      shownFilter = null;
      rootIsARefresh = false;
      root.set(NamespaceNode.of(List.of()));
      summary.set("The registry is not running.");
      return;
    }
    String text = filter.get() == null ? "" : filter.get().trim();
    loading =
        tasks
            .run(
                "list the repositories",
                progress -> registry.browser().repositories(text, MAX_REPOSITORIES + 1))
            .onSuccess(repositories -> show(repositories, text))
            .start();
  }

  private void show(List<RepositorySummary> repositories, String text) {
    boolean truncated = repositories.size() > MAX_REPOSITORIES;
    List<RepositorySummary> shown =
        truncated ? repositories.subList(0, MAX_REPOSITORIES) : repositories;
    boolean sameFilter = text.equals(shownFilter);
    shownFilter = text;
    if (!shown.equals(shownRepositories)) {
      shownRepositories = List.copyOf(shown);
      rootIsARefresh = sameFilter;
      root.set(NamespaceNode.of(shown));
    }
    if (truncated) {
      summary.set(
          "Showing the first "
              + Formats.count(MAX_REPOSITORIES)
              + " repositories; type to narrow down.");
    } else if (shown.isEmpty()) {
      summary.set(
          text.isEmpty()
              ? "No images yet. Push one to " + server.urlProperty().get() + "."
              : "No repository name contains '" + text + "'.");
    } else {
      summary.set(
          Formats.count(shown.size()) + (shown.size() == 1 ? " repository" : " repositories"));
    }
  }

  /** Opens a node's repository in the tags view; namespaces only expand. */
  public void select(NamespaceNode node) {
    if (node != null && node.repository() != null) {
      selection.repositoryProperty().set(node.repository().name());
    }
  }

  /** Whether the running registry allows deletes (the browser's delete menu follows it). */
  public boolean deleteEnabled() {
    RunningRegistry registry = server.registryProperty().get();
    return registry != null && registry.deletion().enabled();
  }

  /**
   * Deletes a whole repository (its manifests, tags and blob links) after confirmation, honouring
   * the delete setting; its bytes come back with the next garbage collection.
   */
  public void deleteRepository(NamespaceNode node) {
    RunningRegistry registry = server.registryProperty().get();
    if (node == null || node.repository() == null || registry == null) {
      return;
    }
    dev.berth.oci.RepositoryName name = node.repository().name();
    try {
      registry.deletion().require("the repository " + name);
    } catch (DeletionDisabledException e) {
      messages.showProblem(e.getMessage());
      return;
    }
    if (!confirmer.confirm(
        "Delete repository",
        "Delete the repository "
            + name
            + " with its "
            + node.repository().tagCount()
            + (node.repository().tagCount() == 1 ? " tag and " : " tags and ")
            + node.repository().manifestCount()
            + (node.repository().manifestCount() == 1 ? " image" : " images")
            + "?\n\nClients can no longer pull from it. Its "
            + Formats.bytes(node.repository().totalBytes())
            + " of layers are freed by the next garbage collection, unless other repositories share them.",
        "Delete repository")) {
      return;
    }
    tasks
        .run(
            "delete the repository " + name,
            progress -> {
              registry.deletion().deleteRepository(name);
              return null;
            })
        .onSuccess(
            ignored -> {
              messages.showInfo(
                  "Deleted the repository "
                      + name
                      + ". Collect garbage in Storage to free its space.");
              if (name.equals(selection.repositoryProperty().get())) {
                selection.repositoryProperty().set(null);
              }
              selection.contentChanged();
            })
        .start();
  }

  /** The repository the tags view shows, so a rebuilt tree can select it again. */
  public dev.berth.oci.RepositoryName selectedRepository() {
    return selection.repositoryProperty().get();
  }

  /** Goes up each time a layer's files are asked for ("Show files in layer", a double-click). */
  public javafx.beans.property.ReadOnlyIntegerProperty layerFilesRequestsProperty() {
    return selection.layerFilesRequestsProperty();
  }

  public StringProperty filterProperty() {
    return filter;
  }

  /**
   * Whether the tree now shown replaces one listed under the same filter (a live update or F5), so
   * the window keeps what the person opened and closed; false after a new filter.
   */
  public boolean rootIsARefresh() {
    return rootIsARefresh;
  }

  public ReadOnlyObjectProperty<NamespaceNode> rootProperty() {
    return root.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }
}
