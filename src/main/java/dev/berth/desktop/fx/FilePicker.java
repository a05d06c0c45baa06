package dev.berth.desktop.fx;

import java.nio.file.Path;
import java.util.Optional;

/** Asks for a file to read or write; a file chooser in the app, a prepared answer in tests. */
public interface FilePicker {
  /**
   * @return the chosen existing file, or empty when the person cancelled
   */
  Optional<Path> open(String title);

  /**
   * @return where to write, or empty when the person cancelled
   */
  Optional<Path> save(String title, String suggestedName);
}
