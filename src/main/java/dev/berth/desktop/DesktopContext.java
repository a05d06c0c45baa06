package dev.berth.desktop;

import dev.berth.desktop.browser.BrowserController;
import dev.berth.desktop.browser.BrowserSelection;
import dev.berth.desktop.browser.LayerFilesController;
import dev.berth.desktop.browser.LayerFilesViewModel;
import dev.berth.desktop.browser.ManifestController;
import dev.berth.desktop.browser.ManifestViewModel;
import dev.berth.desktop.browser.RepositoryTreeViewModel;
import dev.berth.desktop.browser.TagsController;
import dev.berth.desktop.browser.TagsViewModel;
import dev.berth.desktop.dashboard.DashboardController;
import dev.berth.desktop.dashboard.DashboardViewModel;
import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.ClipboardWriter;
import dev.berth.desktop.fx.Confirmer;
import dev.berth.desktop.fx.UiExecutor;
import dev.berth.desktop.fx.UserMessages;
import dev.berth.desktop.fx.View;
import dev.berth.desktop.fx.ViewLoader;
import dev.berth.desktop.server.EngineHost;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.desktop.settings.SettingsController;
import dev.berth.desktop.settings.SettingsModel;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.desktop.settings.SettingsViewModel;
import dev.berth.desktop.shell.MainWindowController;
import dev.berth.desktop.shell.NavigationEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UI composition root: builds every view model and controller by hand, once per app, and owns
 * the engine host. Nothing else in the UI creates a service.
 */
public final class DesktopContext implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DesktopContext.class);

  private final SettingsModel settings;
  private final EngineHost host;
  private final ExecutorService background;
  private final UserMessages messages = new UserMessages();
  private final BackgroundTasks tasks;
  private final ServerViewModel server;
  private final BrowserSelection selection = new BrowserSelection();
  private final ViewLoader views;

  /** What the toolkit provides; the app uses the real dialogs, tests may answer for the person. */
  public record Toolkit(UiExecutor ui, Confirmer confirmer, ClipboardWriter clipboard) {}

  public DesktopContext(SettingsStore store, EngineHost.Starter starter, Toolkit toolkit) {
    this.settings = new SettingsModel(store);
    this.host = new EngineHost(starter);
    this.background = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "berth-ui-worker");
      t.setDaemon(true);
      return t;
    });
    this.tasks = new BackgroundTasks(background, toolkit.ui(), messages);
    this.server = new ServerViewModel(host, settings, tasks);

    DashboardViewModel dashboard = new DashboardViewModel(server, tasks);
    RepositoryTreeViewModel tree = new RepositoryTreeViewModel(server, selection, tasks);
    TagsViewModel tags = new TagsViewModel(server, selection, tasks, toolkit.confirmer(), toolkit.clipboard(), messages);
    ManifestViewModel manifest = new ManifestViewModel(server, selection, tasks);
    LayerFilesViewModel layerFiles = new LayerFilesViewModel(server, selection, tasks);
    SettingsViewModel settingsView = new SettingsViewModel(settings, server);

    // Holder so the main window's controller can receive the loader that creates it.
    ViewLoader[] loader = new ViewLoader[1];
    Map<Class<?>, Supplier<?>> controllers = Map.of(
        MainWindowController.class, () -> new MainWindowController(loader[0], navigation(), server, tasks, messages),
        DashboardController.class, () -> new DashboardController(dashboard),
        BrowserController.class, () -> new BrowserController(tree),
        TagsController.class, () -> new TagsController(tags),
        ManifestController.class, () -> new ManifestController(manifest),
        LayerFilesController.class, () -> new LayerFilesController(layerFiles),
        SettingsController.class, () -> new SettingsController(settingsView, store));
    this.views = new ViewLoader(controllers);
    loader[0] = views;
  }

  /** The main window's navigation; admin views of other issues add their entry here. */
  public static List<NavigationEntry> navigation() {
    return List.of(
        new NavigationEntry("nav-dashboard", "Dashboard", View.DASHBOARD),
        new NavigationEntry("nav-repositories", "Repositories", View.BROWSER),
        new NavigationEntry("nav-settings", "Settings", View.SETTINGS));
  }

  /**
   * Shows the main window on {@code stage} and starts the registry. Closing the window remembers
   * its size, stops the engine cleanly and then runs {@code onClosed}.
   */
  public void openMainWindow(Stage stage, Runnable onClosed) {
    Parent root = views.load(View.MAIN_WINDOW);
    Scene scene = new Scene(root, settings.current().windowWidth(), settings.current().windowHeight());
    scene.getStylesheets().add(DesktopContext.class.getResource("/css/berth.css").toExternalForm());
    stage.setScene(scene);
    stage.setTitle("Berth");
    stage.setMinWidth(800);
    stage.setMinHeight(560);
    icon().ifPresent(stage.getIcons()::add);
    stage.setOnHidden(e -> {
      rememberWindowSize(stage);
      close();
      onClosed.run();
    });
    stage.show();
    server.start();
  }

  private static java.util.Optional<Image> icon() {
    try (InputStream in = DesktopContext.class.getResourceAsStream("/icons/berth.png")) {
      return in == null ? java.util.Optional.empty() : java.util.Optional.of(new Image(in));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private void rememberWindowSize(Stage stage) {
    try {
      settings.update(s -> s.withWindowSize(stage.getWidth(), stage.getHeight()));
    } catch (IOException e) {
      LOG.warn("Could not remember the window size in {}: {}", settings.store().file(), e.getMessage());
    }
  }

  public ServerViewModel server() {
    return server;
  }

  public BackgroundTasks tasks() {
    return tasks;
  }

  public UserMessages messages() {
    return messages;
  }

  public ViewLoader views() {
    return views;
  }

  public SettingsModel settings() {
    return settings;
  }

  /** Stops the engine (draining requests, closing the database) and the worker threads. */
  @Override
  public void close() {
    server.shutdown();
    background.shutdownNow();
  }
}
