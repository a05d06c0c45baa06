package dev.berth.engine;

import java.io.IOException;
import java.nio.file.Path;

/** Another Berth process is using the data folder. */
public final class DataDirectoryLockedException extends IOException {
  public DataDirectoryLockedException(Path root) {
    super(
        "Berth is already running with the data folder "
            + root
            + " (stop that instance, or choose another folder with --data)");
  }
}
