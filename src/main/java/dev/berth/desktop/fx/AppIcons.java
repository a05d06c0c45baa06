package dev.berth.desktop.fx;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;

/**
 * The window's icon in the sizes a window manager asks for (16 px in a title bar, 48 px or more in
 * a task switcher), so it picks one that fits instead of scaling one down. Not the 256 and 512 px
 * renderings of icons/generate.sh: launchers and docks take those from the installed icon theme,
 * and a window holding them keeps 1.3 MB of pixels in the heap for nothing.
 */
public final class AppIcons {
  private static final int[] SIZES = {16, 24, 32, 48, 64, 128};

  private AppIcons() {}

  /**
   * The icons found on the class path; none is not an error (a window without icon still works).
   */
  public static List<Image> load() {
    List<Image> icons = new ArrayList<>();
    for (int size : SIZES) {
      try (InputStream in = AppIcons.class.getResourceAsStream("/icons/berth-" + size + ".png")) {
        if (in != null) {
          icons.add(new Image(in));
        }
      } catch (IOException e) {
        // A missing size only means the window manager scales another one.
      }
    }
    return icons;
  }
}
