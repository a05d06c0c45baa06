package dev.berth.desktop.fx;

/** Puts text on the clipboard; the system clipboard in the app, a recorder in view-model tests. */
@FunctionalInterface
public interface ClipboardWriter {
  void copy(String text);
}
