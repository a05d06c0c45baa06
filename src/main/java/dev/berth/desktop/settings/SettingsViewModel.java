package dev.berth.desktop.settings;

import dev.berth.desktop.fx.ErrorMessages;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.engine.ListenAddress;
import java.io.IOException;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** Edits the server settings; saving restarts the registry so they take effect. */
public final class SettingsViewModel {
  private final SettingsModel settings;
  private final ServerViewModel server;
  private final StringProperty address = new SimpleStringProperty();
  private final StringProperty dataDirectory = new SimpleStringProperty();
  private final BooleanProperty deleteEnabled = new SimpleBooleanProperty();
  private final ReadOnlyStringWrapper feedback = new ReadOnlyStringWrapper("");

  public SettingsViewModel(SettingsModel settings, ServerViewModel server) {
    this.settings = settings;
    this.server = server;
    reset();
  }

  /** Shows the saved values again, dropping edits. */
  public void reset() {
    DesktopSettings s = settings.current();
    address.set(s.address());
    dataDirectory.set(s.dataDirectory());
    deleteEnabled.set(s.deleteEnabled());
    feedback.set("");
  }

  /** Validates, saves and restarts the registry; returns false (with feedback) when invalid. */
  public boolean saveAndRestart() {
    String newAddress = address.get() == null ? "" : address.get().trim();
    try {
      ListenAddress.parse(newAddress);
    } catch (IllegalArgumentException e) {
      feedback.set("The address must be HOST:PORT, for example localhost:5000 or 0.0.0.0:5000 (" + e.getMessage() + ").");
      return false;
    }
    String folder = dataDirectory.get() == null ? "" : dataDirectory.get().trim();
    if (folder.isEmpty()) {
      feedback.set("Choose a data folder: it holds the images and the registry database.");
      return false;
    }
    try {
      settings.update(s -> s.withServer(newAddress, folder, deleteEnabled.get()));
    } catch (IOException e) {
      feedback.set(ErrorMessages.describe("save the settings to " + settings.store().file(), e));
      return false;
    }
    feedback.set("Saved to " + settings.store().file() + ". The registry restarts with the new settings.");
    server.restart();
    return true;
  }

  public StringProperty addressProperty() {
    return address;
  }

  public StringProperty dataDirectoryProperty() {
    return dataDirectory;
  }

  public BooleanProperty deleteEnabledProperty() {
    return deleteEnabled;
  }

  public ReadOnlyStringProperty feedbackProperty() {
    return feedback.getReadOnlyProperty();
  }
}
