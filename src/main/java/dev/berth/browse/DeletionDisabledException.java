package dev.berth.browse;

/** Deleting was asked for while the registry runs with deletion turned off. */
public final class DeletionDisabledException extends RuntimeException {
  public DeletionDisabledException(String what) {
    super(
        "Cannot delete "
            + what
            + ": deletion is turned off for this registry. Turn it on in the settings and restart.");
  }
}
