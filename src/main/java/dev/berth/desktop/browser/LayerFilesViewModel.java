package dev.berth.desktop.browser;

import dev.berth.browse.LayerEntry;
import dev.berth.browse.LayerFileTree;
import dev.berth.browse.LayerListing;
import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.Formats;
import dev.berth.desktop.server.RunningRegistry;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.oci.Descriptor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The file tree inside one layer, read by streaming the blob in the background with progress
 * against the blob size, and cancellable (layers can be gigabytes).
 */
public final class LayerFilesViewModel {
  private final ServerViewModel server;
  private final BackgroundTasks tasks;
  private final ReadOnlyObjectWrapper<LayerFileTree.Node> root = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper summary =
      new ReadOnlyStringWrapper("Pick a layer of an image to see its files.");
  private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
  private BackgroundTasks.Handle task;

  public LayerFilesViewModel(
      ServerViewModel server, BrowserSelection selection, BackgroundTasks tasks) {
    this.server = server;
    this.tasks = tasks;
    selection.layerProperty().addListener((obs, old, now) -> load(now));
  }

  private void load(Descriptor layer) {
    cancel();
    root.set(null);
    RunningRegistry registry = server.registryProperty().get();
    if (layer == null || registry == null) {
      summary.set("Pick a layer of an image to see its files.");
      return;
    }
    loading.set(true);
    summary.set(
        "Reading layer " + layer.digest().shortHex() + " (" + Formats.bytes(layer.size()) + ")…");
    long size = Math.max(1, layer.size());
    task =
        tasks
            .run(
                "read the files of layer " + layer.digest().shortHex(),
                p -> {
                  LayerListing listing =
                      registry
                          .browser()
                          .layerContents(
                              layer,
                              read -> {
                                double fraction = Math.min(1.0, (double) read / size);
                                p.update(fraction);
                              },
                              p::isCancelled);
                  return new Loaded(listing, LayerFileTree.of(listing.entries()));
                })
            .onSuccess(loaded -> show(layer, loaded))
            .onError(message -> summary.set(message))
            .andFinally(() -> loading.set(false))
            .start();
  }

  private record Loaded(LayerListing listing, LayerFileTree.Node tree) {}

  private void show(Descriptor layer, Loaded loaded) {
    root.set(loaded.tree());
    LayerListing listing = loaded.listing();
    long whiteouts =
        listing.entries().stream()
            .filter(
                e ->
                    e.kind() == LayerEntry.Kind.WHITEOUT
                        || e.kind() == LayerEntry.Kind.OPAQUE_WHITEOUT)
            .count();
    summary.set(
        "Layer "
            + layer.digest().shortHex()
            + ": "
            + Formats.count(listing.entries().size())
            + " entries, "
            + Formats.bytes(listing.unpackedBytes())
            + " unpacked from "
            + Formats.bytes(layer.size())
            + " ("
            + listing.compression().name().toLowerCase(java.util.Locale.ROOT)
            + ")"
            + (whiteouts == 0
                ? ""
                : ", " + whiteouts + (whiteouts == 1 ? " whiteout" : " whiteouts"))
            + (listing.truncated() ? ". Only the first entries are shown." : "."));
  }

  /** Stops a running read; the view says so. */
  public void cancel() {
    if (task != null && loading.get()) {
      task.cancel();
      loading.set(false);
      summary.set("Reading the layer was cancelled.");
    }
  }

  /** The text of the "kind" column: what a person should know about an entry at a glance. */
  public static String describe(LayerFileTree.Node node) {
    LayerEntry e = node.entry();
    if (e == null) {
      return "folder";
    }
    return switch (e.kind()) {
      case FILE -> "file";
      case DIRECTORY -> "folder";
      case SYMLINK -> "symlink → " + e.linkTarget();
      case HARDLINK -> "hard link → " + e.linkTarget();
      case WHITEOUT -> "deleted by this layer";
      case OPAQUE_WHITEOUT -> "folder emptied by this layer";
      case OTHER -> "special file";
    };
  }

  public ReadOnlyObjectProperty<LayerFileTree.Node> rootProperty() {
    return root.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /** Progress of the read, as a fraction of the blob's compressed bytes. */
  public ReadOnlyDoubleProperty progressProperty() {
    return tasks.progressProperty();
  }

  public ReadOnlyBooleanProperty loadingProperty() {
    return loading.getReadOnlyProperty();
  }
}
