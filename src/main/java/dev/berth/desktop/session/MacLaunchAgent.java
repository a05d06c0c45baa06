package dev.berth.desktop.session;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Starting at login on macOS: a launch agent in {@code ~/Library/LaunchAgents}, which launchd loads
 * at every login and runs once ({@code RunAtLoad}, no {@code KeepAlive}: quitting Berth stays quit
 * until the next login).
 */
public final class MacLaunchAgent extends FileLoginItem {
  static final String LABEL = "dev.berth.desktop";

  public MacLaunchAgent(Path launchAgentsFolder) {
    super(launchAgentsFolder.resolve(LABEL + ".plist"));
  }

  @Override
  String content(LaunchCommand command) throws IOException {
    StringBuilder plist = new StringBuilder();
    plist.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    plist.append(
        "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\""
            + " \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n");
    plist.append("<plist version=\"1.0\">\n<dict>\n");
    plist.append("  <key>Label</key>\n  <string>").append(LABEL).append("</string>\n");
    plist.append("  <key>ProgramArguments</key>\n  <array>\n");
    for (String argument : command.argv()) {
      plist.append("    <string>").append(xml(argument)).append("</string>\n");
    }
    plist.append("  </array>\n");
    plist.append("  <key>RunAtLoad</key>\n  <true/>\n");
    plist.append("  <key>ProcessType</key>\n  <string>Interactive</string>\n");
    plist.append("</dict>\n</plist>\n");
    return plist.toString();
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
