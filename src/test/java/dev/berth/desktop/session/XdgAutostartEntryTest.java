package dev.berth.desktop.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The autostart entry as the desktop reads it: validated by the freedesktop tools, and started by
 * GLib's own launcher ({@code gio launch}, what GNOME's session and most others use for autostart),
 * whose program records the arguments it really received.
 */
class XdgAutostartEntryTest {
  @TempDir Path temp;

  /** Arguments with every character the Desktop Entry specification treats specially. */
  private static final List<String> AWKWARD =
      List.of(
          "--data",
          "/home/a user/My Registry",
          "back\\slash",
          "quote\"d",
          "single'quoted",
          "$HOME",
          "100%",
          "semi;colon",
          "back`tick",
          "a|b&c>d<e~f*g?h#i(j)k",
          "");

  @Test
  void entryStartsTheCommand_withEveryArgumentExactlyAsGiven() throws Exception {
    Command.require("desktop-file-validate", "desktop-file-utils");
    Command.require("gio", "libglib2.0-bin");
    Path received = temp.resolve("received.txt");
    Path program = temp.resolve("dir with space/record-args.sh");
    Files.createDirectories(program.getParent());
    Files.writeString(
        program,
        "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '"
            + received
            + ".tmp'\n"
            + "mv '"
            + received
            + ".tmp' '"
            + received
            + "'\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    List<String> argv = new java.util.ArrayList<>(List.of(program.toString()));
    argv.addAll(AWKWARD);
    XdgAutostartEntry entry = new XdgAutostartEntry(temp.resolve("autostart"));

    entry.install(new LaunchCommand(argv));

    assertThat(entry.installed()).isTrue();
    Command.Result validation =
        Command.of("desktop-file-validate", entry.file().toString()).tryRun();
    assertThat(validation.exitCode()).as(validation.toString()).isZero();
    assertThat(validation.output()).as("no warnings either").isBlank();
    Command.of("gio", "launch", entry.file().toString()).run();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!Files.exists(received) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(Files.readAllLines(received)).containsExactlyElementsOf(AWKWARD);
  }

  @Test
  void installReplacesTheEntry_andRemoveDeletesIt() throws Exception {
    XdgAutostartEntry entry = new XdgAutostartEntry(temp.resolve("autostart"));
    entry.install(new LaunchCommand(List.of("/opt/berth/bin/berth", "desktop")));
    entry.install(new LaunchCommand(List.of("/opt/berth/bin/berth", "desktop", "--background")));

    assertThat(Files.readString(entry.file()))
        .contains("Exec=/opt/berth/bin/berth desktop --background\n", "Name=Berth\n")
        .containsOnlyOnce("Exec=");
    try (var files = Files.list(entry.file().getParent())) {
      assertThat(files).containsExactly(entry.file()); // no temporary file left behind
    }

    entry.remove();
    entry.remove(); // nothing there: still fine

    assertThat(entry.installed()).isFalse();
  }

  @Test
  void anArgumentWithALineBreak_isRefused_andNothingIsWritten() {
    XdgAutostartEntry entry = new XdgAutostartEntry(temp.resolve("autostart"));

    assertThatThrownBy(() -> entry.install(new LaunchCommand(List.of("/bin/berth", "a\nb"))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("line break");
    assertThat(entry.installed()).isFalse();
  }
}
