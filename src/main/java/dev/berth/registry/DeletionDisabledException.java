package dev.berth.registry;

/**
 * Deleting was asked for while the registry runs with deletion turned off ({@link DeletionPolicy}).
 * The one exception every deleting path throws: the HTTP layer answers it with 405 UNSUPPORTED, the
 * app shows its message.
 */
public final class DeletionDisabledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DeletionDisabledException(String what) {
    super(
        "Cannot delete "
            + what
            + ": deletion is turned off for this registry. Turn it on in the app's Settings, or"
            + " serve without --no-delete.");
  }
}
