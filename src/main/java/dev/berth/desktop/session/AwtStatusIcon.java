package dev.berth.desktop.session;

import java.awt.AWTException;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Image;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification-area icon through AWT's {@link SystemTray}, which speaks the freedesktop
 * system-tray protocol on X11 (KDE, Xfce, Cinnamon, MATE, LXQt; GNOME with its AppIndicator
 * extension). AWT is loaded only when an icon is first asked for: its toolkit costs memory that an
 * app whose window stays open should not pay. Used on Linux only: on macOS, AWT's tray and JavaFX
 * compete for the main thread, and the Dock brings the window back anyway.
 */
public final class AwtStatusIcon implements StatusIcon {
  private static final Logger LOG = LoggerFactory.getLogger(AwtStatusIcon.class);

  private final Executor actions;
  private final AtomicReference<TrayIcon> icon = new AtomicReference<>();

  /**
   * @param actions where the menu's actions run (the JavaFX thread): AWT calls them on its own
   */
  public AwtStatusIcon(Executor actions) {
    this.actions = actions;
  }

  /** An AWT icon on Linux and BSD, none elsewhere. */
  public static StatusIcon forThisSystem(Executor actions) {
    String os = System.getProperty("os.name", "");
    return os.startsWith("Linux") || os.contains("BSD") ? new AwtStatusIcon(actions) : NONE;
  }

  @Override
  public boolean show(String tooltip, Runnable open, Runnable quit) {
    if (icon.get() != null) {
      tooltip(tooltip);
      return true;
    }
    if (GraphicsEnvironment.isHeadless()) {
      return false;
    }
    AtomicBoolean shown = new AtomicBoolean();
    onAwtThread(
        () -> {
          if (!SystemTray.isSupported()) {
            return;
          }
          SystemTray tray = SystemTray.getSystemTray();
          Image image = image(tray.getTrayIconSize().height);
          if (image == null) {
            return;
          }
          PopupMenu menu = new PopupMenu();
          MenuItem openItem = new MenuItem("Open Berth");
          openItem.addActionListener(e -> actions.execute(open));
          MenuItem quitItem = new MenuItem("Quit Berth (stops the registry)");
          quitItem.addActionListener(e -> actions.execute(quit));
          menu.add(openItem);
          menu.addSeparator();
          menu.add(quitItem);
          TrayIcon trayIcon = new TrayIcon(image, tooltip, menu);
          trayIcon.setImageAutoSize(true);
          // A left click opens the window, as in every tray; the menu is on the right button.
          trayIcon.addMouseListener(
              new MouseAdapter() {
                @Override
                public void mouseClicked(MouseEvent e) {
                  if (e.getButton() == MouseEvent.BUTTON1) {
                    actions.execute(open);
                  }
                }
              });
          try {
            tray.add(trayIcon);
            icon.set(trayIcon);
            shown.set(true);
          } catch (AWTException e) {
            LOG.info("No notification area to put Berth's icon in: {}", e.getMessage());
          }
        });
    return shown.get();
  }

  @Override
  public void tooltip(String text) {
    TrayIcon current = icon.get();
    if (current != null) {
      EventQueue.invokeLater(() -> current.setToolTip(text));
    }
  }

  @Override
  public void remove() {
    TrayIcon current = icon.getAndSet(null);
    if (current != null) {
      onAwtThread(() -> SystemTray.getSystemTray().remove(current));
    }
  }

  /** The packaged icon closest above the tray's size (AWT scales it down to fit). */
  private static Image image(int traySize) {
    for (int size : new int[] {16, 24, 32, 48, 64}) {
      if (size >= traySize || size == 64) {
        try (InputStream in =
            AwtStatusIcon.class.getResourceAsStream("/icons/berth-" + size + ".png")) {
          if (in != null) {
            return ImageIO.read(in);
          }
        } catch (IOException e) {
          LOG.debug("Icon of {} px unreadable: {}", size, e.getMessage());
        }
      }
    }
    return null;
  }

  private static void onAwtThread(Runnable work) {
    if (EventQueue.isDispatchThread()) {
      work.run();
      return;
    }
    try {
      EventQueue.invokeAndWait(work);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (InvocationTargetException e) {
      LOG.warn("The notification-area icon failed: {}", e.getCause().toString());
    }
  }
}
