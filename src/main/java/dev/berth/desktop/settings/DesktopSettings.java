package dev.berth.desktop.settings;

import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import java.nio.file.Path;

/**
 * What the app remembers between runs.
 *
 * @param address where the registry listens, {@code HOST:PORT}
 * @param dataDirectory the data folder
 * @param deleteEnabled whether tags and manifests may be deleted (from the API and the browser)
 */
public record DesktopSettings(
    String address, String dataDirectory, boolean deleteEnabled, double windowWidth, double windowHeight) {

  public static final double DEFAULT_WIDTH = 1200;
  public static final double DEFAULT_HEIGHT = 800;
  private static final double MIN_SIZE = 400;

  public DesktopSettings {
    if (address == null || address.isBlank()) {
      address = ListenAddress.DEFAULT.toString();
    }
    if (dataDirectory == null || dataDirectory.isBlank()) {
      dataDirectory = EngineConfig.defaultDataDirectory().toString();
    }
    windowWidth = windowWidth < MIN_SIZE ? DEFAULT_WIDTH : windowWidth;
    windowHeight = windowHeight < MIN_SIZE ? DEFAULT_HEIGHT : windowHeight;
  }

  public static DesktopSettings defaults() {
    return new DesktopSettings(null, null, true, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  }

  /**
   * The engine configuration these settings describe.
   *
   * @throws IllegalArgumentException when the address is not {@code HOST:PORT}
   */
  public EngineConfig engineConfig() {
    return EngineConfig.of(ListenAddress.parse(address), Path.of(dataDirectory)).withDeleteEnabled(deleteEnabled);
  }

  public DesktopSettings withAddress(String newAddress) {
    return new DesktopSettings(newAddress, dataDirectory, deleteEnabled, windowWidth, windowHeight);
  }

  public DesktopSettings withServer(String newAddress, String newDataDirectory, boolean newDeleteEnabled) {
    return new DesktopSettings(newAddress, newDataDirectory, newDeleteEnabled, windowWidth, windowHeight);
  }

  public DesktopSettings withWindowSize(double width, double height) {
    return new DesktopSettings(address, dataDirectory, deleteEnabled, width, height);
  }
}
