package dev.berth.desktop.browser;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * What the browser window is looking at, shared by its view models: picking a repository loads its
 * tags, picking a tag opens its manifest, picking a layer lists its files.
 */
public final class BrowserSelection {
  private final ObjectProperty<RepositoryName> repository = new SimpleObjectProperty<>();
  private final ObjectProperty<Digest> manifest = new SimpleObjectProperty<>();
  private final ObjectProperty<Descriptor> layer = new SimpleObjectProperty<>();
  private final IntegerProperty contentVersion = new SimpleIntegerProperty();
  private final IntegerProperty layerFilesRequests = new SimpleIntegerProperty();

  public BrowserSelection() {
    repository.addListener((obs, old, now) -> manifest.set(null));
    manifest.addListener((obs, old, now) -> layer.set(null));
  }

  public ObjectProperty<RepositoryName> repositoryProperty() {
    return repository;
  }

  public ObjectProperty<Digest> manifestProperty() {
    return manifest;
  }

  public ObjectProperty<Descriptor> layerProperty() {
    return layer;
  }

  /**
   * Opens {@code layer}'s files: selects it and asks for the files view, even when the layer was
   * selected already (the person may have gone back to the image since).
   */
  public void showLayerFiles(Descriptor layer) {
    this.layer.set(layer);
    layerFilesRequests.set(layerFilesRequests.get() + 1);
  }

  /** Goes up with each {@link #showLayerFiles} request, so the window brings the files to front. */
  public ReadOnlyIntegerProperty layerFilesRequestsProperty() {
    return layerFilesRequests;
  }

  /** Goes up whenever the browser changed the registry (a delete), so lists reload. */
  public IntegerProperty contentVersionProperty() {
    return contentVersion;
  }

  void contentChanged() {
    contentVersion.set(contentVersion.get() + 1);
  }
}
