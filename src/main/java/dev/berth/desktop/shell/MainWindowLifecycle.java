package dev.berth.desktop.shell;

import dev.berth.desktop.server.ServerState;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.desktop.session.StatusIcon;
import dev.berth.desktop.settings.BackgroundSettings;
import dev.berth.desktop.settings.DesktopSettings;
import dev.berth.desktop.settings.SettingsModel;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.stage.Stage;

/**
 * What closing, reopening and quitting the main window do. By default closing the window quits: the
 * registry stops (the window shows "Stopping…" while requests drain), then the app ends. With
 * {@link BackgroundSettings#keepServing()} on, closing only hides the window and the registry goes
 * on serving; a notification-area icon (where the desktop has one), a second launch of Berth or
 * {@link #showWindow()} bring it back, and {@link #quit()} (Ctrl+Q, the icon's menu) ends it all.
 *
 * <p>The app must not end the toolkit when its last window hides ({@code
 * Platform.setImplicitExit(false)}, set by the launcher), or hiding would end everything anyway.
 */
public final class MainWindowLifecycle {
  private final Stage stage;
  private final SettingsModel settings;
  private final ServerViewModel server;
  private final StatusIcon icon;
  private final Runnable rememberWindowSize;
  private final Runnable onEnded;
  private boolean ending;
  private boolean hidingToBackground;
  private boolean iconShown;

  /**
   * @param rememberWindowSize saves the window's size, called before the window hides
   * @param onEnded runs on the FX thread once the registry has stopped and the window is gone
   */
  public MainWindowLifecycle(
      Stage stage,
      SettingsModel settings,
      ServerViewModel server,
      StatusIcon icon,
      Runnable rememberWindowSize,
      Runnable onEnded) {
    this.stage = stage;
    this.settings = settings;
    this.server = server;
    this.icon = icon;
    this.rememberWindowSize = rememberWindowSize;
    this.onEnded = onEnded;
  }

  /** Takes over the window's close and hide events and follows the background setting. */
  public void install() {
    stage.setOnCloseRequest(
        e -> {
          e.consume();
          closeRequested();
        });
    stage.setOnHidden(
        e -> {
          if (!hidingToBackground && !ending) {
            quit(); // hidden some other way: end as if the window had been closed
          }
        });
    settings.currentProperty().addListener((obs, old, now) -> followIcon(now));
    server.urlProperty().addListener((obs, old, now) -> icon.tooltip(tooltip()));
    followIcon(settings.current());
  }

  /**
   * Shows the window, unless the app starts in the background (at login) and keeps serving: then
   * only the registry and its icon come up.
   */
  public void open(boolean inBackground) {
    if (inBackground && keepsServing()) {
      showIfTheStartFails();
    } else {
      stage.show();
    }
  }

  /**
   * A registry started in the background that cannot start (a port taken, nobody to log in) must
   * not fail unseen: the window comes up and says why, as it would have at a normal start.
   */
  private void showIfTheStartFails() {
    server
        .stateProperty()
        .addListener(
            new ChangeListener<ServerState>() {
              @Override
              public void changed(
                  ObservableValue<? extends ServerState> state, ServerState old, ServerState now) {
                if (now == ServerState.RUNNING || now == ServerState.FAILED) {
                  state.removeListener(this);
                }
                if (now == ServerState.FAILED) {
                  showWindow();
                }
              }
            });
  }

  /** The window's close button (or the window manager's close). */
  public void closeRequested() {
    if (ending) {
      return;
    }
    if (keepsServing()) {
      rememberWindowSize.run();
      hidingToBackground = true;
      try {
        stage.hide();
      } finally {
        hidingToBackground = false;
      }
    } else {
      quit();
    }
  }

  /** Stops the registry and ends the app, whatever the background setting says. */
  public void quit() {
    if (ending) {
      return;
    }
    ending = true;
    if (stage.isShowing()) {
      rememberWindowSize.run();
    }
    if (iconShown) {
      icon.remove();
      iconShown = false;
    }
    server.stopThen(
        () -> {
          stage.hide();
          onEnded.run();
        });
  }

  /** Brings the window back: restored if minimised, shown if hidden, in front and focused. */
  public void showWindow() {
    if (ending) {
      return;
    }
    stage.setIconified(false);
    stage.show();
    stage.toFront();
    stage.requestFocus();
  }

  private boolean keepsServing() {
    return settings.current().background().keepServing();
  }

  private void followIcon(DesktopSettings now) {
    if (ending) {
      return;
    }
    boolean wanted = now.background().keepServing();
    if (wanted && !iconShown) {
      iconShown = icon.show(tooltip(), this::showWindow, this::quit);
    } else if (!wanted && iconShown) {
      icon.remove();
      iconShown = false;
    }
  }

  private String tooltip() {
    String url = server.urlProperty().get();
    return url == null || url.isBlank() ? "Berth" : "Berth: serving " + url;
  }
}
