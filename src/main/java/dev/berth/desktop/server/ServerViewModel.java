package dev.berth.desktop.server;

import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.ErrorMessages;
import dev.berth.desktop.settings.SettingsModel;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.NoUsersException;
import dev.berth.engine.PortInUseException;
import java.io.IOException;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Start, stop and restart of the embedded registry, and what the window shows about it. When the
 * port is taken it says so and offers a port field to try another; when another Berth holds the
 * data folder it says that Berth is already running.
 */
public final class ServerViewModel {
  private final EngineHost host;
  private final SettingsModel settings;
  private final BackgroundTasks tasks;

  private final ReadOnlyObjectWrapper<ServerState> state =
      new ReadOnlyObjectWrapper<>(ServerState.STOPPED);
  private final ReadOnlyObjectWrapper<RunningRegistry> registry = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper url = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper portInUse = new ReadOnlyBooleanWrapper(false);
  private final StringProperty alternativePort = new SimpleStringProperty("");
  private java.util.function.Consumer<EngineConfig> onNoUsers = config -> {};

  public ServerViewModel(EngineHost host, SettingsModel settings, BackgroundTasks tasks) {
    this.host = host;
    this.settings = settings;
    this.tasks = tasks;
  }

  /** Starts with the saved settings. */
  public void start() {
    EngineConfig config;
    try {
      config = settings.current().engineConfig();
    } catch (IllegalArgumentException e) {
      fail(
          "The saved address '"
              + settings.current().address()
              + "' is not HOST:PORT ("
              + e.getMessage()
              + "). Fix it in Settings.",
          false);
      return;
    }
    state.set(ServerState.STARTING);
    problem.set("");
    portInUse.set(false);
    tasks
        .run("start the registry on " + config.address(), progress -> host.start(config))
        .onSuccess(this::started)
        .onFailure(
            (failure, message) -> {
              fail(message, failure instanceof PortInUseException);
              if (failure instanceof NoUsersException) {
                onNoUsers.accept(config);
              }
            })
        .start();
  }

  /**
   * What to do when authentication is on but nobody can log in, so the registry did not start: the
   * app asks for the first administrator (Berth has no default password) and starts again.
   */
  public void setOnNoUsers(java.util.function.Consumer<EngineConfig> handler) {
    this.onNoUsers = handler;
  }

  public void stop() {
    if (registry.get() == null) {
      return;
    }
    state.set(ServerState.STOPPING);
    tasks
        .run(
            "stop the registry",
            progress -> {
              host.stop();
              return null;
            })
        .onSuccess(ignored -> stopped())
        .onError(message -> fail(message, false))
        .start();
  }

  /** Stops and starts again, e.g. after the settings changed. */
  public void restart() {
    state.set(ServerState.STOPPING);
    registry.set(null);
    tasks
        .run(
            "restart the registry",
            progress -> {
              host.stop();
              return null;
            })
        .onSuccess(ignored -> start())
        .onError(message -> fail(message, false))
        .start();
  }

  /** Saves the port typed after a "port in use" report and starts on it. */
  public void startOnAlternativePort() {
    ListenAddress current;
    int port;
    try {
      current = ListenAddress.parse(settings.current().address());
      port = Integer.parseInt(alternativePort.get().trim());
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
    } catch (IllegalArgumentException e) {
      problem.set(
          "'"
              + alternativePort.get()
              + "' is not a port: type a number from 1 to 65535, e.g. 5001.");
      return;
    }
    String address = new ListenAddress(current.host(), port).toString();
    try {
      settings.update(s -> s.withAddress(address));
    } catch (IOException e) {
      problem.set(ErrorMessages.describe("save the new port", e));
      return;
    }
    start();
  }

  private void started(RunningRegistry running) {
    registry.set(running);
    url.set(running.url().toString());
    state.set(ServerState.RUNNING);
  }

  private void stopped() {
    registry.set(null);
    url.set("");
    state.set(ServerState.STOPPED);
  }

  private void fail(String message, boolean isPortInUse) {
    registry.set(host.running().orElse(null));
    url.set(registry.get() == null ? "" : registry.get().url().toString());
    // The reason first: whoever watches the state reads it when the state turns FAILED.
    problem.set(message);
    portInUse.set(isPortInUse);
    state.set(registry.get() == null ? ServerState.FAILED : ServerState.RUNNING);
    if (isPortInUse) {
      try {
        alternativePort.set(
            Integer.toString(ListenAddress.parse(settings.current().address()).port() + 1));
      } catch (IllegalArgumentException ignored) {
        alternativePort.set("5001");
      }
    }
  }

  public ReadOnlyObjectProperty<ServerState> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** The running registry, or null while stopped. */
  public ReadOnlyObjectProperty<RunningRegistry> registryProperty() {
    return registry.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty urlProperty() {
    return url.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty portInUseProperty() {
    return portInUse.getReadOnlyProperty();
  }

  public StringProperty alternativePortProperty() {
    return alternativePort;
  }

  public BooleanBinding runningBinding() {
    return Bindings.equal(state, ServerState.RUNNING);
  }

  /**
   * Stops the engine off the FX thread — draining requests and closing the database can take
   * seconds — showing "Stopping…" meanwhile, then runs {@code after} on the FX thread.
   */
  public void stopThen(Runnable after) {
    state.set(ServerState.STOPPING);
    registry.set(null);
    url.set("");
    tasks
        .run(
            "stop the registry",
            progress -> {
              host.stop();
              return null;
            })
        .andFinally(
            () -> {
              state.set(ServerState.STOPPED);
              after.run();
            })
        .start();
  }

  /** Stops the engine on the calling thread (a no-op once stopped); for the app's last clean-up. */
  public void shutdown() {
    host.stop();
  }
}
