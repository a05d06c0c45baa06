package dev.berth.desktop.browser;

import dev.berth.browse.ImageConfig;
import dev.berth.browse.ImageDetails;
import dev.berth.browse.ImageDetails.LayerUsage;
import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.Formats;
import dev.berth.desktop.server.RunningRegistry;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The manifest view: how the image runs (entrypoint, env, labels), how it was built (history), its
 * layers with how widely each is shared, an index's platforms, and referrers.
 */
public final class ManifestViewModel {
  private final ServerViewModel server;
  private final BrowserSelection selection;
  private final BackgroundTasks tasks;

  private final ReadOnlyStringWrapper title =
      new ReadOnlyStringWrapper("Pick a tag to see its image.");
  private final ReadOnlyStringWrapper mediaType = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper sizeSummary = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper platform = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper created = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper entrypoint = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper cmd = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper workingDir = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper user = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper index = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyBooleanWrapper insideIndex = new ReadOnlyBooleanWrapper(false);
  private final ObservableList<String> env = FXCollections.observableArrayList();
  private final ObservableList<Map.Entry<String, String>> labels =
      FXCollections.observableArrayList();
  private final ObservableList<ImageConfig.HistoryStep> history =
      FXCollections.observableArrayList();
  private final ObservableList<LayerUsage> layers = FXCollections.observableArrayList();
  private final ObservableList<Descriptor> children = FXCollections.observableArrayList();
  private final ObservableList<Descriptor> referrers = FXCollections.observableArrayList();
  private Digest parentIndex;
  private boolean openingChild;
  private BackgroundTasks.Handle loading;

  public ManifestViewModel(
      ServerViewModel server, BrowserSelection selection, BackgroundTasks tasks) {
    this.server = server;
    this.selection = selection;
    this.tasks = tasks;
    selection
        .manifestProperty()
        .addListener(
            (obs, old, now) -> {
              if (!openingChild) {
                parentIndex = null;
              }
              load(now);
            });
  }

  private void load(Digest digest) {
    RunningRegistry registry = server.registryProperty().get();
    RepositoryName repository = selection.repositoryProperty().get();
    if (loading != null) {
      loading.cancel();
    }
    if (digest == null || registry == null || repository == null) {
      clear();
      return;
    }
    loading =
        tasks
            .run(
                "read the image " + repository + "@" + digest.shortHex(),
                progress -> registry.browser().details(repository, digest))
            .onSuccess(this::show)
            .start();
  }

  private void show(ImageDetails details) {
    title.set(details.repository() + "@" + details.digest());
    mediaType.set(details.mediaType());
    index.set(details.isIndex());
    insideIndex.set(parentIndex != null);
    children.setAll(details.children());
    referrers.setAll(details.referrers());
    layers.setAll(details.layers());
    ImageConfig config = details.config();
    platform.set(config.os().isEmpty() ? "" : config.os() + "/" + config.architecture());
    created.set(Formats.time(config.created()));
    entrypoint.set(String.join(" ", config.entrypoint()));
    cmd.set(String.join(" ", config.cmd()));
    workingDir.set(config.workingDir());
    user.set(config.user());
    env.setAll(config.env());
    labels.setAll(List.copyOf(config.labels().entrySet()));
    history.setAll(config.history());
    if (details.isIndex()) {
      sizeSummary.set(
          details.children().size() + " platform manifests. Pick one to see its layers.");
    } else {
      sizeSummary.set(
          details.layers().size()
              + (details.layers().size() == 1 ? " layer, " : " layers, ")
              + Formats.bytes(details.totalBytes())
              + " compressed. Deleting this image frees "
              + Formats.bytes(details.exclusiveBytes())
              + "; the rest is shared with other images.");
    }
  }

  private void clear() {
    title.set("Pick a tag to see its image.");
    for (ReadOnlyStringWrapper s :
        List.of(mediaType, sizeSummary, platform, created, entrypoint, cmd, workingDir, user)) {
      s.set("");
    }
    index.set(false);
    insideIndex.set(false);
    env.clear();
    labels.clear();
    history.clear();
    layers.clear();
    children.clear();
    referrers.clear();
  }

  /** Opens a platform manifest of the index shown now. */
  public void openChild(Descriptor child) {
    if (child == null) {
      return;
    }
    parentIndex = selection.manifestProperty().get();
    openingChild = true;
    try {
      selection.manifestProperty().set(child.digest());
    } finally {
      openingChild = false;
    }
  }

  /** Goes back from a platform manifest to its index. */
  public void backToIndex() {
    Digest back = parentIndex;
    parentIndex = null;
    if (back != null) {
      selection.manifestProperty().set(back);
    }
  }

  /** Opens a referrer (a signature or SBOM) like any other manifest. */
  public void openReferrer(Descriptor referrer) {
    if (referrer != null) {
      selection.manifestProperty().set(referrer.digest());
    }
  }

  /** Shows the layer's files in the files view. */
  public void openLayer(LayerUsage layer) {
    if (layer != null) {
      selection.showLayerFiles(layer.layer());
    }
  }

  /** "only this image" or "3 images", for the layers table. */
  public static String sharing(LayerUsage layer) {
    return layer.exclusive() ? "only this image" : layer.sharedBy() + " images";
  }

  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty mediaTypeProperty() {
    return mediaType.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty sizeSummaryProperty() {
    return sizeSummary.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty platformProperty() {
    return platform.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty createdProperty() {
    return created.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty entrypointProperty() {
    return entrypoint.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty cmdProperty() {
    return cmd.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty workingDirProperty() {
    return workingDir.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty userProperty() {
    return user.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty indexProperty() {
    return index.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty insideIndexProperty() {
    return insideIndex.getReadOnlyProperty();
  }

  public ObservableList<String> env() {
    return env;
  }

  public ObservableList<Map.Entry<String, String>> labels() {
    return labels;
  }

  public ObservableList<ImageConfig.HistoryStep> history() {
    return history;
  }

  public ObservableList<LayerUsage> layers() {
    return layers;
  }

  public ObservableList<Descriptor> children() {
    return children;
  }

  public ObservableList<Descriptor> referrers() {
    return referrers;
  }
}
