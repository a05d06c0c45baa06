package dev.berth.desktop.fx;

import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names the app's windows for the desktop, so that docks and task bars match them to the menu
 * entry: on X11 this is WM_CLASS, whose instance name must equal {@code StartupWMClass} in
 * berth.desktop.
 *
 * <p>JavaFX names windows after its internal glass application, which only {@code
 * Application.launch} sets (to the class name); Berth starts the toolkit with {@code
 * Platform.startup}, so without this a window is called "java" (seen under Xvfb even from the
 * installed launcher named berth, where GTK's own default "berth", "Berth" won only some of the
 * time). There is no public API for it, hence the reflective call. Where JavaFX runs as a named
 * module, the packaged launcher opens the package ({@code --add-exports
 * javafx.graphics/com.sun.glass.ui=ALL-UNNAMED}); where nobody did (e.g. {@code mvn javafx:run}),
 * the windows keep the name "java" and the app works as before.
 */
public final class WindowClass {
  /** The name in berth.desktop's {@code StartupWMClass} and the desktop file's own name. */
  public static final String NAME = "berth";

  private static final Logger LOG = LoggerFactory.getLogger(WindowClass.class);

  private WindowClass() {}

  /** Call on the FX thread before the first window is shown: glass reads it when it creates one. */
  public static void apply() {
    try {
      Class<?> glass = Class.forName("com.sun.glass.ui.Application");
      Object application = glass.getMethod("GetApplication").invoke(null);
      Method setName = glass.getMethod("setName", String.class);
      setName.invoke(application, NAME);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("Windows keep the toolkit's default class name: {}", e.toString());
    }
  }
}
