package dev.berth.desktop.fx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * Loads a {@link View} with controllers made by the composition root (constructor injection), and
 * fails loudly when an FXML names a controller nobody registered.
 */
public final class ViewLoader {
  private final Map<Class<?>, Supplier<?>> controllers;

  public ViewLoader(Map<Class<?>, Supplier<?>> controllers) {
    this.controllers = Map.copyOf(controllers);
  }

  public Parent load(View view) {
    FXMLLoader loader = new FXMLLoader(view.url());
    loader.setControllerFactory(this::controller);
    try {
      return loader.load();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "The view " + view + " could not be loaded: " + e.getMessage(), e);
    }
  }

  private Object controller(Class<?> type) {
    Supplier<?> supplier = controllers.get(type);
    if (supplier == null) {
      throw new IllegalArgumentException(
          "No controller registered for "
              + type.getName()
              + "; add it to DesktopContext's controller map");
    }
    return supplier.get();
  }
}
