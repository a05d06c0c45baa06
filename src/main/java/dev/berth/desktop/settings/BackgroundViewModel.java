package dev.berth.desktop.settings;

import dev.berth.desktop.session.LaunchCommand;
import dev.berth.desktop.session.LoginItem;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Keep serving when the window closes" and "Start Berth when I log in". Both take effect as soon
 * as they are ticked, without restarting the registry: the first is saved in the settings (the main
 * window reads it when it closes), the second writes or removes the session's login item. A login
 * item of a Berth that keeps serving starts it in the background ({@code desktop --background}),
 * one that does not starts it with its window.
 */
public final class BackgroundViewModel {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundViewModel.class);

  /** How a login item starts Berth, by whether it keeps serving without its window. */
  static List<String> loginArguments(boolean keepServing) {
    return keepServing ? List.of("desktop", "--background") : List.of("desktop");
  }

  private final SettingsModel settings;
  private final Optional<LoginItem> loginItem;
  private final java.util.function.Function<List<String>, LaunchCommand> launchCommand;
  private final BooleanProperty keepServing = new SimpleBooleanProperty();
  private final BooleanProperty startAtLogin = new SimpleBooleanProperty();
  private final ReadOnlyBooleanWrapper startAtLoginAvailable = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper feedback = new ReadOnlyStringWrapper("");
  private boolean applying;

  /**
   * @param loginItem the session's login item, empty where this system has none
   * @param launchCommand how to start this app with the given arguments (see {@link
   *     LaunchCommand#ofThisApp})
   */
  public BackgroundViewModel(
      SettingsModel settings,
      Optional<LoginItem> loginItem,
      java.util.function.Function<List<String>, LaunchCommand> launchCommand) {
    this.settings = settings;
    this.loginItem = loginItem;
    this.launchCommand = launchCommand;
    startAtLoginAvailable.set(loginItem.isPresent());
    applying = true;
    keepServing.set(settings.current().background().keepServing());
    startAtLogin.set(loginInstalled());
    applying = false;
    keepServing.addListener((obs, old, now) -> apply(() -> keepServingChanged(now)));
    startAtLogin.addListener((obs, old, now) -> apply(() -> startAtLoginChanged(now)));
  }

  /** What the session will really do, whatever was saved: the person may have removed the item. */
  private boolean loginInstalled() {
    try {
      return loginItem.isPresent() && loginItem.get().installed();
    } catch (IOException e) {
      return false;
    }
  }

  private interface Change {
    void run() throws IOException;
  }

  private void apply(Change change) {
    if (applying) {
      return;
    }
    applying = true;
    try {
      change.run();
    } catch (IOException e) {
      LOG.warn("Could not change how Berth runs in the background: {}", e.getMessage());
      feedback.set("Not changed: " + e.getMessage());
      // Show what is really in effect again.
      keepServing.set(settings.current().background().keepServing());
      startAtLogin.set(loginInstalled());
    } finally {
      applying = false;
    }
  }

  private void keepServingChanged(boolean now) throws IOException {
    BackgroundSettings next = new BackgroundSettings(now, startAtLogin.get());
    if (startAtLogin.get() && loginItem.isPresent()) {
      loginItem.get().install(launchCommand.apply(loginArguments(now)));
    }
    settings.update(s -> s.withBackground(next));
    feedback.set(
        now
            ? "Closing the window now leaves the registry serving. Berth's icon in the notification"
                + " area, or opening Berth again, brings the window back; quit with Ctrl+Q or the"
                + " icon's menu."
            : "Closing the window stops the registry again.");
  }

  private void startAtLoginChanged(boolean now) throws IOException {
    LoginItem item = loginItem.orElseThrow(() -> new IOException("not available on this system"));
    if (now) {
      item.install(launchCommand.apply(loginArguments(keepServing.get())));
    } else {
      item.remove();
    }
    settings.update(s -> s.withBackground(new BackgroundSettings(keepServing.get(), now)));
    feedback.set(
        now
            ? (keepServing.get()
                    ? "Berth starts in the background when you log in ("
                    : "Berth opens when you log in (")
                + item.location()
                + ")."
            : "Berth no longer starts when you log in.");
  }

  public BooleanProperty keepServingProperty() {
    return keepServing;
  }

  public BooleanProperty startAtLoginProperty() {
    return startAtLogin;
  }

  public ReadOnlyBooleanProperty startAtLoginAvailableProperty() {
    return startAtLoginAvailable.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty feedbackProperty() {
    return feedback.getReadOnlyProperty();
  }
}
