package dev.berth.desktop.session;

import dev.berth.security.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starting at login on macOS: a launch agent in {@code ~/Library/LaunchAgents}, which launchd loads
 * at every login and runs once ({@code RunAtLoad}, no {@code KeepAlive}: quitting Berth stays quit
 * until the next login).
 */
public final class MacLaunchAgent implements LoginItem {
  static final String LABEL = "dev.berth.desktop";

  private final Path file;

  public MacLaunchAgent(Path launchAgentsFolder) {
    this.file = launchAgentsFolder.resolve(LABEL + ".plist");
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public void install(LaunchCommand command) throws IOException {
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
    // Replaced atomically: the session never reads half an entry.
    PrivateFiles.write(file, plist.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void remove() throws IOException {
    Files.deleteIfExists(file);
  }

  @Override
  public boolean installed() {
    return Files.isRegularFile(file);
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
