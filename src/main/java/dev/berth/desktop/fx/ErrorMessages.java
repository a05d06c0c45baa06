package dev.berth.desktop.fx;

import dev.berth.engine.DataDirectoryLockedException;
import dev.berth.engine.NoUsersException;
import dev.berth.engine.PortInUseException;
import dev.berth.metadata.MetadataException;
import dev.berth.registry.error.RegistryException;
import java.io.FileNotFoundException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Turns a failure into a sentence a person can act on: what Berth tried, and why it did not work.
 * The full exception still goes to the log.
 */
public final class ErrorMessages {
  private ErrorMessages() {}

  /**
   * @param action what was being done, e.g. "load the tags of team/api"
   */
  public static String describe(String action, Throwable failure) {
    return "Could not " + action + ": " + reason(failure);
  }

  static String reason(Throwable failure) {
    if (failure instanceof PortInUseException busy) {
      // The engine's message suggests a command-line flag; here the person types a port instead.
      return "port "
          + busy.address().port()
          + " is already in use by another program."
          + " Type another port below and start again, or stop the other program.";
    }
    if (failure instanceof DataDirectoryLockedException) {
      // Opening the same database twice would corrupt it, so the lock is the single-instance check.
      return "Berth is already running with this data folder (in another window or as 'berth serve')."
          + " Close that one, or choose another data folder in Settings.";
    }
    if (failure instanceof NoUsersException) {
      // The engine's message suggests a command; the app asks for the first administrator instead.
      return "authentication is on but nobody can log in yet. Add the first administrator when asked,"
          + " or turn authentication off in Settings.";
    }
    Throwable root = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || t instanceof RegistryException
          || t instanceof AccessDeniedException
          || t instanceof NoSuchFileException) {
        root = t;
        break;
      }
      root = t;
    }
    if (root instanceof BindException) {
      return "the port is already used by another program. Choose another port.";
    }
    if (root instanceof RegistryException registry) {
      return String.valueOf(registry.detail());
    }
    if (root instanceof AccessDeniedException denied) {
      return "Berth may not access " + denied.getFile() + ". Check the folder's permissions.";
    }
    if (root instanceof NoSuchFileException | root instanceof FileNotFoundException) {
      return "the file " + root.getMessage() + " does not exist.";
    }
    if (failure instanceof MetadataException) {
      return "the registry database failed (" + root.getMessage() + ").";
    }
    String message = root.getMessage();
    return message == null || message.isBlank()
        ? "an unexpected " + root.getClass().getSimpleName() + " occurred."
        : message;
  }
}
