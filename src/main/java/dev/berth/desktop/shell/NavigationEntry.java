package dev.berth.desktop.shell;

import dev.berth.desktop.fx.View;

/**
 * A place in the main window's navigation. Admin views of other issues (Users, Certificates,
 * Storage, Proxy) are one more entry in {@code DesktopContext#navigation()}.
 *
 * @param id a stable id for tests and styling, e.g. {@code nav-dashboard}
 */
public record NavigationEntry(String id, String label, View view) {}
