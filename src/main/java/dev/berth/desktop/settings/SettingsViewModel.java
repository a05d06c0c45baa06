package dev.berth.desktop.settings;

import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.ErrorMessages;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.desktop.services.UserAccounts;
import dev.berth.desktop.users.FirstAdministrator;
import dev.berth.engine.AuthSettings;
import dev.berth.engine.ListenAddress;
import dev.berth.tls.CertificateService;
import dev.berth.tls.TlsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Edits the server settings; saving restarts the registry so they take effect. Turning
 * authentication on while nobody can log in asks for the first administrator first, and turning
 * HTTPS on without a certificate creates one from the data folder's local CA.
 */
public final class SettingsViewModel {
  private final SettingsModel settings;
  private final ServerViewModel server;
  private final BackgroundTasks tasks;
  private final UserAccounts accounts;
  private final FirstAdministrator firstAdministrator;
  private final StringProperty address = new SimpleStringProperty();
  private final StringProperty dataDirectory = new SimpleStringProperty();
  private final BooleanProperty deleteEnabled = new SimpleBooleanProperty();
  private final ObjectProperty<AuthSettings.Mode> authMode =
      new SimpleObjectProperty<>(AuthSettings.Mode.NONE);
  private final BooleanProperty anonymousPull = new SimpleBooleanProperty();
  private final BooleanProperty https = new SimpleBooleanProperty();
  private final ReadOnlyStringWrapper feedback = new ReadOnlyStringWrapper("");
  private final javafx.beans.property.ReadOnlyBooleanWrapper revertAvailable =
      new javafx.beans.property.ReadOnlyBooleanWrapper(false);

  /** The settings the registry last ran with, while a restart with new ones is tried. */
  private DesktopSettings previous;

  public SettingsViewModel(
      SettingsModel settings,
      ServerViewModel server,
      BackgroundTasks tasks,
      UserAccounts accounts,
      FirstAdministrator firstAdministrator) {
    this.settings = settings;
    this.server = server;
    this.tasks = tasks;
    this.accounts = accounts;
    this.firstAdministrator = firstAdministrator;
    authMode.addListener(
        (obs, old, now) -> {
          if (now == AuthSettings.Mode.NONE) {
            anonymousPull.set(false);
          }
        });
    reset();
  }

  /** Shows the saved values again, dropping edits. */
  public void reset() {
    DesktopSettings s = settings.current();
    address.set(s.address());
    dataDirectory.set(s.dataDirectory());
    deleteEnabled.set(s.deleteEnabled());
    authMode.set(s.authMode());
    anonymousPull.set(s.anonymousPull());
    https.set(s.https());
    feedback.set("");
  }

  /**
   * A port another program holds makes the restart fail; say so before saving anything. The port
   * the running registry holds itself is free for it whatever the host (moving from {@code
   * localhost:5000} to {@code 0.0.0.0:5000} must not be refused; a real conflict still shows when
   * the restart fails), and port 0 always is.
   */
  static String portProblem(ListenAddress wanted, String runningAddress) {
    if (wanted.port() == 0
        || (runningAddress != null
            && wanted.port() == ListenAddress.parse(runningAddress).port())) {
      return null;
    }
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new java.net.InetSocketAddress(wanted.host(), wanted.port()));
      return null;
    } catch (java.net.BindException e) {
      return "Port "
          + wanted.port()
          + " on "
          + wanted.host()
          + " is already in use by another program. Choose another"
          + " port (e.g. "
          + (wanted.port() + 1)
          + "). Nothing was saved; the registry keeps running as it is.";
    } catch (IOException | SecurityException e) {
      return "Cannot listen on " + wanted + " (" + e.getMessage() + "). Nothing was saved.";
    }
  }

  /** Puts back the settings the registry last ran with and restarts on them. */
  public void revert() {
    DesktopSettings back = previous;
    if (back == null) {
      return;
    }
    try {
      settings.update(s -> back);
    } catch (IOException e) {
      feedback.set(ErrorMessages.describe("save the settings to " + settings.store().file(), e));
      return;
    }
    previous = null;
    revertAvailable.set(false);
    reset();
    feedback.set("Back to the previous settings; the registry restarts with them.");
    server.restart();
  }

  public javafx.beans.property.ReadOnlyBooleanProperty revertAvailableProperty() {
    return revertAvailable.getReadOnlyProperty();
  }

  /**
   * Validates, saves and restarts the registry; returns false (with feedback) when the form is
   * invalid. A new address's port is checked off the FX thread before anything is saved (a port in
   * use is refused in the feedback). With authentication on and no administrator, the save waits
   * for the first administrator (or is dropped when the person cancels).
   */
  public boolean saveAndRestart() {
    String newAddress = address.get() == null ? "" : address.get().trim();
    ListenAddress wanted;
    try {
      wanted = ListenAddress.parse(newAddress);
    } catch (IllegalArgumentException e) {
      feedback.set(
          "The address must be HOST:PORT, for example localhost:5000 or 0.0.0.0:5000 ("
              + e.getMessage()
              + ").");
      return false;
    }
    String folder = dataDirectory.get() == null ? "" : dataDirectory.get().trim();
    if (folder.isEmpty()) {
      feedback.set("Choose a data folder: it holds the images and the registry database.");
      return false;
    }
    AuthSettings.Mode mode = authMode.get() == null ? AuthSettings.Mode.NONE : authMode.get();
    boolean anonymous = anonymousPull.get() && mode != AuthSettings.Mode.NONE;
    boolean tls = https.get();
    boolean delete = deleteEnabled.get();
    Runnable save = () -> save(newAddress, folder, delete, mode, anonymous, tls);
    var running = server.registryProperty().get();
    String runningAddress = running == null ? null : running.address().toString();
    boolean addressChanged = !wanted.toString().equals(settings.current().address());
    Runnable afterPortCheck =
        () -> {
          if (mode == AuthSettings.Mode.NONE) {
            save.run();
          } else {
            saveOnceSomeoneCanAdminister(Path.of(folder), save);
          }
        };
    if (!addressChanged) {
      afterPortCheck.run();
      return true;
    }
    // Off the FX thread: binding resolves the host name, which may wait for DNS.
    tasks
        .run(
            "check that " + wanted + " is free",
            progress -> Optional.ofNullable(portProblem(wanted, runningAddress)))
        .onSuccess(
            problem -> {
              if (problem.isPresent()) {
                feedback.set(problem.get());
              } else {
                afterPortCheck.run();
              }
            })
        .onError(feedback::set)
        .start();
    return true;
  }

  /**
   * With authentication on, saves only once an administrator exists: asks for the first one when
   * nobody could push everywhere or collect garbage.
   */
  private void saveOnceSomeoneCanAdminister(Path data, Runnable save) {
    tasks
        .run(
            "check who can log in to " + data,
            progress -> new boolean[] {accounts.anyEnabled(data), accounts.anyAdministrator(data)})
        .onSuccess(
            found -> {
              boolean anyone = found[0];
              boolean administrator = found[1];
              // Issue 15, item 8: read-only or namespace-limited users alone could not push
              // everywhere or collect garbage once authentication is on; ask for an administrator
              // then too.
              String why =
                  anyone
                      ? "Authentication would leave nobody able to push to every repository or collect garbage: every user is"
                          + " read-only, limited to namespaces or disabled. Choose the name and password of an administrator"
                          + " (read-write, all repositories)."
                      : "Authentication needs at least one user, and Berth has no default password. Choose the name and"
                          + " password of the first administrator (read-write, all repositories).";
              if (administrator) {
                save.run();
              } else if (!firstAdministrator.ask(data, why, save)) {
                feedback.set(
                    "Not saved: authentication needs a first administrator. Nothing was changed.");
              }
            })
        .onError(feedback::set)
        .start();
  }

  private void save(
      String newAddress,
      String folder,
      boolean delete,
      AuthSettings.Mode mode,
      boolean anonymous,
      boolean tls) {
    TlsFiles files = TlsFiles.ofDataFolder(Path.of(folder));
    boolean createCertificate = tls && !Files.exists(files.serverCertificate());
    tasks
        .run(
            "create a certificate for HTTPS",
            progress -> {
              if (createCertificate) {
                new CertificateService(files, new SecureRandom(), Clock.systemUTC())
                    .create(List.of(), false);
              }
              return null;
            })
        .onSuccess(
            ignored -> {
              DesktopSettings before = settings.current();
              try {
                settings.update(
                    s -> s.withServer(newAddress, folder, delete).withAccess(mode, anonymous, tls));
              } catch (IOException e) {
                feedback.set(
                    ErrorMessages.describe("save the settings to " + settings.store().file(), e));
                return;
              }
              String saved =
                  "Saved to "
                      + settings.store().file()
                      + ". The registry restarts with the new settings."
                      + (createCertificate
                          ? " Created a certificate for HTTPS: see Certificates for how clients trust it."
                          : "");
              feedback.set(saved);
              previous = server.registryProperty().get() != null ? before : null;
              revertAvailable.set(false);
              watchRestart(saved);
              server.restart();
            })
        .onError(feedback::set)
        .start();
  }

  /**
   * When the restart with the new settings fails, says why here, where the person is, and offers
   * the previous (working) settings one click away.
   */
  private void watchRestart(String saved) {
    javafx.beans.value.ChangeListener<dev.berth.desktop.server.ServerState> watcher =
        new javafx.beans.value.ChangeListener<>() {
          @Override
          public void changed(
              javafx.beans.value.ObservableValue<? extends dev.berth.desktop.server.ServerState>
                  obs,
              dev.berth.desktop.server.ServerState old,
              dev.berth.desktop.server.ServerState now) {
            if (now == dev.berth.desktop.server.ServerState.RUNNING) {
              obs.removeListener(this);
              feedback.set(
                  saved.replace(
                      "The registry restarts with the new settings.",
                      "The registry runs with them."));
              previous = null;
            } else if (now == dev.berth.desktop.server.ServerState.FAILED) {
              obs.removeListener(this);
              feedback.set(
                  "Saved, but the registry did not start with the new settings: "
                      + server.problemProperty().get()
                      + (previous != null
                          ? " Go back to the previous settings, or change them and save again."
                          : ""));
              revertAvailable.set(previous != null);
            }
          }
        };
    server.stateProperty().addListener(watcher);
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

  public ObjectProperty<AuthSettings.Mode> authModeProperty() {
    return authMode;
  }

  public BooleanProperty anonymousPullProperty() {
    return anonymousPull;
  }

  public BooleanProperty httpsProperty() {
    return https;
  }

  public ReadOnlyStringProperty feedbackProperty() {
    return feedback.getReadOnlyProperty();
  }
}
