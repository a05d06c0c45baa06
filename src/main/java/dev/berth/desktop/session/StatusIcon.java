package dev.berth.desktop.session;

/**
 * An icon in the desktop's notification area (the "tray") while the registry serves with its window
 * closed: clicking it opens the window, its menu also quits.
 */
public interface StatusIcon {
  /**
   * Shows the icon. The actions run on the toolkit's thread of the caller's choosing (see {@link
   * AwtStatusIcon}).
   *
   * @return false when this desktop has no notification area; the window then comes back by opening
   *     Berth again
   */
  boolean show(String tooltip, Runnable open, Runnable quit);

  /** Changes the icon's tooltip, e.g. when the registry's address changes. */
  void tooltip(String text);

  /** Takes the icon away; nothing happens when it is not shown. */
  void remove();

  /** For desktops and tests without a notification area. */
  StatusIcon NONE =
      new StatusIcon() {
        @Override
        public boolean show(String tooltip, Runnable open, Runnable quit) {
          return false;
        }

        @Override
        public void tooltip(String text) {}

        @Override
        public void remove() {}
      };
}
