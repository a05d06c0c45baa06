package dev.berth.desktop.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.api.FxRobot;

/**
 * Writes a JavaFX snapshot of a scene as PNG (works headless under Monocle). Ordinary runs write to
 * {@code target/screenshots} so a build never dirties the work tree; refresh the README's pictures
 * with {@code -Dberth.screenshots=docs/screenshots}.
 */
final class Screenshots {
  static final Path FOLDER = Path.of(System.getProperty("berth.screenshots", "target/screenshots"));

  private Screenshots() {}

  static Path save(FxRobot robot, Scene scene, String name) {
    AtomicReference<WritableImage> image = new AtomicReference<>();
    robot.interact(() -> image.set(scene.snapshot(null)));
    WritableImage fx = image.get();
    int width = (int) fx.getWidth();
    int height = (int) fx.getHeight();
    BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    PixelReader pixels = fx.getPixelReader();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        png.setRGB(x, y, pixels.getArgb(x, y));
      }
    }
    try {
      Files.createDirectories(FOLDER);
      Path file = FOLDER.resolve(name + ".png");
      ImageIO.write(png, "png", file.toFile());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the screenshot " + name, e);
    }
  }
}
