package dev.berth.desktop.fx;

import java.net.URL;

/**
 * Every FXML file of the app, so a renamed file breaks the build and a test, not the demo. Views of
 * other issues (users, certificates, storage, proxy) add their entry here.
 */
public enum View {
  MAIN_WINDOW("main_window.fxml"),
  DASHBOARD("dashboard.fxml"),
  BROWSER("browser.fxml"),
  TAGS("tags.fxml"),
  MANIFEST("manifest.fxml"),
  LAYER_FILES("layer_files.fxml"),
  SETTINGS("settings.fxml"),
  USERS("users.fxml"),
  CERTIFICATES("certificates.fxml"),
  STORAGE("storage.fxml"),
  REGISTRY2_IMPORT("registry2_import.fxml"),
  PROXY_CACHE("proxy_cache.fxml");

  private final String file;

  View(String file) {
    this.file = file;
  }

  public URL url() {
    URL url = View.class.getResource("/fxml/" + file);
    if (url == null) {
      throw new IllegalStateException("The view " + name() + " has no FXML file /fxml/" + file);
    }
    return url;
  }
}
