package dev.berth.desktop.browser;

import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.Formats;
import dev.berth.desktop.server.RunningRegistry;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.metadata.BrowseMetadata.RepositorySummary;
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
  private final StringProperty filter = new SimpleStringProperty("");
  private final ReadOnlyObjectWrapper<NamespaceNode> root = new ReadOnlyObjectWrapper<>(NamespaceNode.of(List.of()));
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
  private BackgroundTasks.Handle loading;

  public RepositoryTreeViewModel(ServerViewModel server, BrowserSelection selection, BackgroundTasks tasks) {
    this.server = server;
    this.selection = selection;
    this.tasks = tasks;
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
      root.set(NamespaceNode.of(List.of()));
      summary.set("The registry is not running.");
      return;
    }
    String text = filter.get() == null ? "" : filter.get().trim();
    loading = tasks.run("list the repositories",
            progress -> registry.browser().repositories(text, MAX_REPOSITORIES + 1))
        .onSuccess(repositories -> show(repositories, text))
        .start();
  }

  private void show(List<RepositorySummary> repositories, String text) {
    boolean truncated = repositories.size() > MAX_REPOSITORIES;
    List<RepositorySummary> shown = truncated ? repositories.subList(0, MAX_REPOSITORIES) : repositories;
    root.set(NamespaceNode.of(shown));
    if (truncated) {
      summary.set("Showing the first " + Formats.count(MAX_REPOSITORIES) + " repositories; type to narrow down.");
    } else if (shown.isEmpty()) {
      summary.set(text.isEmpty() ? "No images yet. Push one to " + server.urlProperty().get() + "."
          : "No repository name contains '" + text + "'.");
    } else {
      summary.set(Formats.count(shown.size()) + (shown.size() == 1 ? " repository" : " repositories"));
    }
  }

  /** Opens a node's repository in the tags view; namespaces only expand. */
  public void select(NamespaceNode node) {
    if (node != null && node.repository() != null) {
      selection.repositoryProperty().set(node.repository().name());
    }
  }

  public StringProperty filterProperty() {
    return filter;
  }

  public ReadOnlyObjectProperty<NamespaceNode> rootProperty() {
    return root.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }
}
