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
import dev.berth.desktop.certificates.CertificatesController;
import dev.berth.desktop.certificates.CertificatesViewModel;
import dev.berth.desktop.dashboard.DashboardController;
import dev.berth.desktop.dashboard.DashboardViewModel;
import dev.berth.desktop.fx.AccountPrompt;
import dev.berth.desktop.fx.AppIcons;
import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.ClipboardWriter;
import dev.berth.desktop.fx.Confirmer;
import dev.berth.desktop.fx.FilePicker;
import dev.berth.desktop.fx.FxDialogs;
import dev.berth.desktop.fx.UiExecutor;
import dev.berth.desktop.fx.UserMessages;
import dev.berth.desktop.fx.View;
import dev.berth.desktop.fx.ViewLoader;
import dev.berth.desktop.proxy.ProxyCacheController;
import dev.berth.desktop.proxy.ProxyCacheViewModel;
import dev.berth.desktop.registry2.Registry2ImportController;
import dev.berth.desktop.registry2.Registry2ImportViewModel;
import dev.berth.desktop.registry2.Registry2ImportWindow;
import dev.berth.desktop.server.EngineHost;
import dev.berth.desktop.server.RegistryChanges;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.desktop.services.UserAccounts;
import dev.berth.desktop.session.AwtStatusIcon;
import dev.berth.desktop.session.LaunchCommand;
import dev.berth.desktop.session.LoginItem;
import dev.berth.desktop.session.StatusIcon;
import dev.berth.desktop.settings.BackgroundViewModel;
import dev.berth.desktop.settings.SettingsController;
import dev.berth.desktop.settings.SettingsModel;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.desktop.settings.SettingsViewModel;
import dev.berth.desktop.shell.MainWindowController;
import dev.berth.desktop.shell.MainWindowLifecycle;
import dev.berth.desktop.shell.NavigationEntry;
import dev.berth.desktop.storage.StorageCheckViewModel;
import dev.berth.desktop.storage.StorageController;
import dev.berth.desktop.storage.StorageViewModel;
import dev.berth.desktop.users.FirstAdministrator;
import dev.berth.desktop.users.UsersController;
import dev.berth.desktop.users.UsersViewModel;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
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
  private final RegistryChanges changes;
  private final BrowserSelection selection = new BrowserSelection();
  private final ViewLoader views;
  private final Session session;
  private MainWindowLifecycle window;

  /** What the toolkit provides; the app uses the real dialogs, tests may answer for the person. */
  public record Toolkit(
      UiExecutor ui,
      Confirmer confirmer,
      ClipboardWriter clipboard,
      FilePicker files,
      AccountPrompt accounts,
      Session session) {

    /** With the app's file choosers and account dialog, and no login item or tray icon. */
    public Toolkit(UiExecutor ui, Confirmer confirmer, ClipboardWriter clipboard) {
      this(
          ui,
          confirmer,
          clipboard,
          FxDialogs.filePicker(),
          FxDialogs.accountPrompt(),
          Session.NONE);
    }

    /** With the given dialogs, and no login item or tray icon. */
    public Toolkit(
        UiExecutor ui,
        Confirmer confirmer,
        ClipboardWriter clipboard,
        FilePicker files,
        AccountPrompt accounts) {
      this(ui, confirmer, clipboard, files, accounts, Session.NONE);
    }

    public Toolkit withSession(Session newSession) {
      return new Toolkit(ui, confirmer, clipboard, files, accounts, newSession);
    }
  }

  /**
   * What the desktop session offers an app that keeps serving without its window.
   *
   * @param loginItem starts Berth at login; empty where this system has none Berth knows
   * @param icon the notification-area icon, {@link StatusIcon#NONE} where there is none
   * @param launchCommand how the login item starts this app with the given arguments
   */
  public record Session(
      Optional<LoginItem> loginItem,
      StatusIcon icon,
      Function<List<String>, LaunchCommand> launchCommand) {
    public static final Session NONE =
        new Session(Optional.empty(), StatusIcon.NONE, LaunchCommand::ofThisApp);

    /** This system's login item and tray, with this app's own launch command. */
    public static Session ofThisSystem(UiExecutor ui) {
      return new Session(
          LoginItem.forThisSystem(),
          AwtStatusIcon.forThisSystem(ui::execute),
          LaunchCommand::ofThisApp);
    }
  }

  public DesktopContext(SettingsStore store, EngineHost.Starter starter, Toolkit toolkit) {
    this.settings = new SettingsModel(store);
    this.session = toolkit.session();
    this.host = new EngineHost(starter);
    this.background =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "berth-ui-worker");
              t.setDaemon(true);
              return t;
            });
    this.tasks = new BackgroundTasks(background, toolkit.ui(), messages);
    this.server = new ServerViewModel(host, settings, tasks);
    this.changes = new RegistryChanges(server, toolkit.ui());

    DashboardViewModel dashboard = new DashboardViewModel(server, tasks);
    RepositoryTreeViewModel tree =
        new RepositoryTreeViewModel(server, selection, tasks, toolkit.confirmer(), messages);
    TagsViewModel tags =
        new TagsViewModel(
            server, selection, tasks, toolkit.confirmer(), toolkit.clipboard(), messages);
    ManifestViewModel manifest = new ManifestViewModel(server, selection, tasks);
    LayerFilesViewModel layerFiles = new LayerFilesViewModel(server, selection, tasks);
    UserAccounts accounts = new UserAccounts(host);
    FirstAdministrator firstAdministrator =
        new FirstAdministrator(accounts, toolkit.accounts(), tasks, messages);
    // Authentication found on at start-up with nobody to log in: ask for the first administrator.
    server.setOnNoUsers(
        config ->
            firstAdministrator.ask(
                config.dataDirectory(),
                "Authentication is on, but nobody can log in yet and Berth has no default password. Choose the name and"
                    + " password of the first administrator (read-write, all repositories).",
                server::start));
    SettingsViewModel settingsView =
        new SettingsViewModel(settings, server, tasks, accounts, firstAdministrator);
    BackgroundViewModel backgroundView =
        new BackgroundViewModel(settings, session.loginItem(), session.launchCommand());
    UsersViewModel users =
        new UsersViewModel(
            accounts,
            settings,
            server,
            tasks,
            toolkit.confirmer(),
            toolkit.accounts(),
            toolkit.files(),
            messages);
    CertificatesViewModel certificates =
        new CertificatesViewModel(
            settings,
            server,
            tasks,
            toolkit.clipboard(),
            toolkit.files(),
            messages,
            Clock.systemUTC());
    StorageViewModel storage =
        new StorageViewModel(settings, server, tasks, toolkit.ui(), toolkit.confirmer(), messages);
    StorageCheckViewModel storageCheck =
        new StorageCheckViewModel(server, tasks, toolkit.ui(), toolkit.confirmer());
    Registry2ImportViewModel registry2Import = new Registry2ImportViewModel(server, tasks);
    ProxyCacheViewModel proxyCache =
        new ProxyCacheViewModel(server, tasks, toolkit.confirmer(), toolkit.clipboard(), messages);
    // Live views: what clients push or delete shows up without a click (and F5 does the same).
    changes.onChange(tree::reload);
    changes.onChange(tags::refresh);
    changes.onChange(dashboard::refresh);
    changes.onChange(
        () -> {
          if (!storage.collectingProperty().get()) {
            storage.refresh();
          }
        });
    Registry2ImportWindow[] registry2Window = new Registry2ImportWindow[1];
    java.util.function.Consumer<javafx.stage.Window> openRegistry2Import =
        owner -> registry2Window[0].open(owner);

    // Holder so the main window's controller can receive the loader that creates it.
    ViewLoader[] loader = new ViewLoader[1];
    Map<Class<?>, Supplier<?>> controllers =
        Map.ofEntries(
            Map.entry(
                MainWindowController.class,
                () -> new MainWindowController(loader[0], navigation(), server, tasks, messages)),
            Map.entry(
                DashboardController.class,
                () -> new DashboardController(dashboard, openRegistry2Import, toolkit.clipboard())),
            Map.entry(BrowserController.class, () -> new BrowserController(tree)),
            Map.entry(TagsController.class, () -> new TagsController(tags)),
            Map.entry(ManifestController.class, () -> new ManifestController(manifest)),
            Map.entry(LayerFilesController.class, () -> new LayerFilesController(layerFiles)),
            Map.entry(
                SettingsController.class,
                () ->
                    new SettingsController(
                        settingsView, backgroundView, store, openRegistry2Import, this::quit)),
            Map.entry(UsersController.class, () -> new UsersController(users)),
            Map.entry(CertificatesController.class, () -> new CertificatesController(certificates)),
            Map.entry(StorageController.class, () -> new StorageController(storage, storageCheck)),
            Map.entry(
                Registry2ImportController.class,
                () -> new Registry2ImportController(registry2Import, toolkit.files())),
            Map.entry(ProxyCacheController.class, () -> new ProxyCacheController(proxyCache)));
    this.views = new ViewLoader(controllers);
    loader[0] = views;
    registry2Window[0] = new Registry2ImportWindow(views);
  }

  /** The main window's navigation; admin views of other issues add their entry here. */
  public static List<NavigationEntry> navigation() {
    return List.of(
        new NavigationEntry("nav-dashboard", "Dashboard", View.DASHBOARD),
        new NavigationEntry("nav-repositories", "Repositories", View.BROWSER),
        new NavigationEntry("nav-storage", "Storage", View.STORAGE),
        new NavigationEntry("nav-users", "Users", View.USERS),
        new NavigationEntry("nav-certificates", "Certificates", View.CERTIFICATES),
        new NavigationEntry("nav-proxy", "Proxy cache", View.PROXY_CACHE),
        new NavigationEntry("nav-settings", "Settings", View.SETTINGS));
  }

  /**
   * Shows the main window on {@code stage} and starts the registry. Closing the window remembers
   * its size, stops the engine cleanly and then runs {@code onClosed}, unless the settings keep the
   * registry serving without its window (see {@link MainWindowLifecycle}).
   */
  public void openMainWindow(Stage stage, Runnable onClosed) {
    openMainWindow(stage, onClosed, false);
  }

  /**
   * As {@link #openMainWindow(Stage, Runnable)}; with {@code inBackground} (a start at login) and
   * the registry kept serving without its window, the window stays hidden until asked for.
   */
  public void openMainWindow(Stage stage, Runnable onClosed, boolean inBackground) {
    Parent root = views.load(View.MAIN_WINDOW);
    Scene scene =
        new Scene(root, settings.current().windowWidth(), settings.current().windowHeight());
    scene.getStylesheets().add(DesktopContext.class.getResource("/css/berth.css").toExternalForm());
    stage.setScene(scene);
    stage.setTitle("Berth");
    stage.setMinWidth(800);
    stage.setMinHeight(560);
    stage.getIcons().setAll(AppIcons.load());
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), changes::refreshNow);
    scene
        .getAccelerators()
        .put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), changes::refreshNow);
    window =
        new MainWindowLifecycle(
            stage,
            settings,
            server,
            session.icon(),
            () -> rememberWindowSize(stage),
            () -> {
              close();
              onClosed.run();
            });
    scene
        .getAccelerators()
        .put(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), window::quit);
    window.install();
    window.open(inBackground);
    server.start();
  }

  /** Brings the main window back (a second launch, the tray icon); nothing before it opened. */
  public void showWindow() {
    if (window != null) {
      window.showWindow();
    }
  }

  /** Stops the registry and ends the app, even when it keeps serving without its window. */
  public void quit() {
    if (window != null) {
      window.quit();
    }
  }

  private void rememberWindowSize(Stage stage) {
    try {
      settings.update(s -> s.withWindowSize(stage.getWidth(), stage.getHeight()));
    } catch (IOException e) {
      LOG.warn(
          "Could not remember the window size in {}: {}", settings.store().file(), e.getMessage());
    }
  }

  public ServerViewModel server() {
    return server;
  }

  public RegistryChanges changes() {
    return changes;
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
    changes.close();
    server.shutdown();
    // shutdown(), not shutdownNow(): an interrupt reaching a task inside the database would close
    // it (h2database #1076). Tasks still running are daemons and end with the process.
    background.shutdown();
  }
}
