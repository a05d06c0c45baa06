package dev.berth.desktop.settings;

import java.io.IOException;
import java.util.function.UnaryOperator;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** The settings in use, shared by the views that read or change them; every change is saved. */
public final class SettingsModel {
  private final SettingsStore store;
  private final ReadOnlyObjectWrapper<DesktopSettings> current;

  public SettingsModel(SettingsStore store) {
    this.store = store;
    this.current = new ReadOnlyObjectWrapper<>(store.load());
  }

  public DesktopSettings current() {
    return current.get();
  }

  public ReadOnlyObjectProperty<DesktopSettings> currentProperty() {
    return current.getReadOnlyProperty();
  }

  /**
   * Applies and saves a change. The change is kept in memory even when saving fails, so the app
   * goes on working; the caller tells the user.
   *
   * @throws IOException when the settings file cannot be written
   */
  public void update(UnaryOperator<DesktopSettings> change) throws IOException {
    current.set(change.apply(current.get()));
    store.save(current.get());
  }

  public SettingsStore store() {
    return store;
  }
}
