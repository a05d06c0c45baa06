package dev.berth.desktop.settings;

/**
 * Whether the registry outlives its window, and whether Berth starts when the person logs in.
 *
 * @param keepServing closing the window hides it and the registry goes on serving; quitting is then
 *     an explicit action (the tray's menu, {@code Ctrl+Q}, or Settings)
 * @param startAtLogin the desktop session starts Berth at login: in the background when {@code
 *     keepServing} is on, with its window otherwise
 */
public record BackgroundSettings(boolean keepServing, boolean startAtLogin) {
  /** What older settings files mean: closing the window stops the registry. */
  public static final BackgroundSettings OFF = new BackgroundSettings(false, false);
}
