package dev.berth.desktop.fx;

/** Asks the person to confirm a destructive action; a dialog in the app, an answer in tests. */
@FunctionalInterface
public interface Confirmer {
  /**
   * @param action the button text, e.g. "Delete tag"
   * @return true only when the person confirmed
   */
  boolean confirm(String title, String message, String action);
}
