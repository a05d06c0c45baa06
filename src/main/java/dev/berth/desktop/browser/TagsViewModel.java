package dev.berth.desktop.browser;

import dev.berth.browse.CacheOrigin;
import dev.berth.browse.TagSummary;
import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.ClipboardWriter;
import dev.berth.desktop.fx.Confirmer;
import dev.berth.desktop.fx.Formats;
import dev.berth.desktop.fx.UserMessages;
import dev.berth.desktop.server.RunningRegistry;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.Page;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The tags of the selected repository, a page at a time (a repository may have thousands), with
 * pull commands to copy and deletes behind a confirmation.
 */
public final class TagsViewModel {
  static final int PAGE_SIZE = 200;

  private final ServerViewModel server;
  private final BrowserSelection selection;
  private final BackgroundTasks tasks;
  private final Confirmer confirmer;
  private final ClipboardWriter clipboard;
  private final UserMessages messages;

  private final ObservableList<TagSummary> tags = FXCollections.observableArrayList();
  private final ObjectProperty<TagSummary> selectedTag = new SimpleObjectProperty<>();

  /** " · cached from …" for a cached repository, empty for our own. */
  private String origin = "";

  private final ReadOnlyStringWrapper title =
      new ReadOnlyStringWrapper("Pick a repository on the left.");
  private final ReadOnlyStringWrapper pullByTag = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper pullByDigest = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyBooleanWrapper deleteEnabled = new ReadOnlyBooleanWrapper(false);
  private String nextAfter;
  private BackgroundTasks.Handle loading;

  public TagsViewModel(
      ServerViewModel server,
      BrowserSelection selection,
      BackgroundTasks tasks,
      Confirmer confirmer,
      ClipboardWriter clipboard,
      UserMessages messages) {
    this.server = server;
    this.selection = selection;
    this.tasks = tasks;
    this.confirmer = confirmer;
    this.clipboard = clipboard;
    this.messages = messages;
    selection.repositoryProperty().addListener((obs, old, now) -> reload());
    server
        .registryProperty()
        .addListener(
            (obs, old, now) -> {
              deleteEnabled.set(now != null && now.deletion().enabled());
              reload();
            });
    selectedTag.addListener((obs, old, now) -> showSelected(now));
  }

  /** Loads the first page of the selected repository's tags. */
  public void reload() {
    tags.clear();
    selectedTag.set(null);
    nextAfter = null;
    hasMore.set(false);
    origin = "";
    RepositoryName repository = selection.repositoryProperty().get();
    title.set(repository == null ? "Pick a repository on the left." : repository.value());
    if (repository != null) {
      loadOrigin(repository);
      loadPage(repository, null);
    }
  }

  /** A cached repository says so in its title, with its upstream and last revalidation. */
  private void loadOrigin(RepositoryName repository) {
    RunningRegistry registry = server.registryProperty().get();
    if (registry == null) {
      return;
    }
    tasks
        .run(
            "look up where " + repository + " comes from",
            progress -> registry.browser().cacheOrigin(repository))
        .onSuccess(
            found -> {
              if (repository.equals(selection.repositoryProperty().get()) && found.isPresent()) {
                origin = describe(found.get());
                title.set(titleOf(repository, hasMore.get()));
              }
            })
        .start();
  }

  static String describe(CacheOrigin origin) {
    return " · cached from "
        + origin.upstream().getHost()
        + (origin.upstream().getPort() > 0 ? ":" + origin.upstream().getPort() : "")
        + "/"
        + origin.upstreamName()
        + origin.lastRevalidation().map(at -> ", tags checked " + Formats.time(at)).orElse("");
  }

  private String titleOf(RepositoryName repository, boolean more) {
    return repository.value()
        + " · "
        + Formats.count(tags.size())
        + (more ? "+" : "")
        + (tags.size() == 1 ? " tag" : " tags")
        + origin;
  }

  /**
   * Reloads what is shown after the registry changed (a client pushed, a tag moved), keeping the
   * selected tag selected: a live update must not take the person's place away.
   */
  public void refresh() {
    RunningRegistry registry = server.registryProperty().get();
    RepositoryName repository = selection.repositoryProperty().get();
    if (registry == null || repository == null) {
      reload();
      return;
    }
    TagSummary selected = selectedTag.get();
    int shown = Math.max(PAGE_SIZE, tags.size());
    if (loading != null) {
      loading.cancel();
    }
    loading =
        tasks
            .run(
                "refresh the tags of " + repository,
                progress -> registry.browser().tags(repository, null, shown))
            .onSuccess(
                page -> {
                  if (!repository.equals(selection.repositoryProperty().get())) {
                    return;
                  }
                  if (!page.items().equals(tags)) {
                    tags.setAll(page.items());
                    selectedTag.set(
                        selected == null
                            ? null
                            : page.items().stream()
                                .filter(t -> t.row().tag().equals(selected.row().tag()))
                                .findFirst()
                                .orElse(null));
                  }
                  nextAfter = page.nextAfter();
                  hasMore.set(page.hasMore());
                  title.set(titleOf(repository, page.hasMore()));
                })
            .start();
  }

  /** Appends the next page. */
  public void loadMore() {
    RepositoryName repository = selection.repositoryProperty().get();
    if (repository != null && nextAfter != null) {
      loadPage(repository, nextAfter);
    }
  }

  private void loadPage(RepositoryName repository, String after) {
    RunningRegistry registry = server.registryProperty().get();
    if (registry == null) {
      return;
    }
    if (loading != null) {
      loading.cancel();
    }
    loading =
        tasks
            .run(
                "load the tags of " + repository,
                progress -> registry.browser().tags(repository, after, PAGE_SIZE))
            .onSuccess(page -> show(repository, page))
            .start();
  }

  private void show(RepositoryName repository, Page<TagSummary> page) {
    if (!repository.equals(selection.repositoryProperty().get())) {
      return; // the person moved on while this page loaded
    }
    tags.addAll(page.items());
    nextAfter = page.nextAfter();
    hasMore.set(page.hasMore());
    title.set(titleOf(repository, page.hasMore()));
  }

  private void showSelected(TagSummary tag) {
    RunningRegistry registry = server.registryProperty().get();
    RepositoryName repository = selection.repositoryProperty().get();
    if (tag == null || registry == null || repository == null) {
      pullByTag.set("");
      pullByDigest.set("");
      return;
    }
    pullByTag.set(PullCommands.byTag(registry.pullHost(), repository, tag.row().tag()));
    pullByDigest.set(PullCommands.byDigest(registry.pullHost(), repository, tag.row().digest()));
    selection.manifestProperty().set(tag.row().digest());
  }

  public void copyPullByTag() {
    copy(pullByTag.get());
  }

  public void copyPullByDigest() {
    copy(pullByDigest.get());
  }

  private void copy(String command) {
    if (!command.isEmpty()) {
      clipboard.copy(command);
      messages.showInfo("Copied: " + command);
    }
  }

  /**
   * Deletes the selected tag after confirmation; the manifest stays if other tags or digests use
   * it.
   */
  public void deleteSelectedTag() {
    TagSummary tag = selectedTag.get();
    RepositoryName repository = selection.repositoryProperty().get();
    RunningRegistry registry = server.registryProperty().get();
    if (tag == null || repository == null || registry == null) {
      return;
    }
    String name = repository + ":" + tag.row().tag();
    if (!confirmer.confirm(
        "Delete tag",
        "Delete the tag "
            + name
            + "?\n\nThe image stays reachable by its digest "
            + "and through any other tags.",
        "Delete tag")) {
      return;
    }
    tasks
        .run(
            "delete the tag " + name,
            progress -> {
              registry.deletion().deleteTag(repository, new Tag(tag.row().tag()));
              return null;
            })
        .onSuccess(ignored -> deleted("Deleted the tag " + name + "."))
        .start();
  }

  /** Deletes the selected tag's manifest and every tag on it, after confirmation. */
  public void deleteSelectedManifest() {
    TagSummary tag = selectedTag.get();
    RepositoryName repository = selection.repositoryProperty().get();
    RunningRegistry registry = server.registryProperty().get();
    if (tag == null || repository == null || registry == null) {
      return;
    }
    String name = repository + "@" + tag.row().digest();
    if (!confirmer.confirm(
        "Delete image",
        "Delete the image "
            + name
            + " and every tag pointing at it?\n\n"
            + "Clients can no longer pull it. Its layers are freed by the next garbage collection.",
        "Delete image")) {
      return;
    }
    tasks
        .run(
            "delete the image " + name,
            progress -> {
              registry.deletion().deleteManifest(repository, tag.row().digest());
              return null;
            })
        .onSuccess(ignored -> deleted("Deleted the image " + name + "."))
        .start();
  }

  private void deleted(String message) {
    messages.showInfo(message);
    selection.contentChanged();
    reload();
  }

  public ObservableList<TagSummary> tags() {
    return tags;
  }

  public ObjectProperty<TagSummary> selectedTagProperty() {
    return selectedTag;
  }

  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty pullByTagProperty() {
    return pullByTag.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty pullByDigestProperty() {
    return pullByDigest.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty hasMoreProperty() {
    return hasMore.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty deleteEnabledProperty() {
    return deleteEnabled.getReadOnlyProperty();
  }
}
