package dev.berth.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A real X server (Xvfb) for the installed desktop app, and the X11 facts the tests read: which
 * top-level windows exist and in which stacking order, their properties, and a screenshot. There is
 * no window manager, so what the app does to its window is exactly what X records.
 */
public final class X11Display implements AutoCloseable {
  private final Process server;
  private final String display;

  private X11Display(Process server, String display) {
    this.server = server;
    this.display = display;
  }

  /**
   * Starts Xvfb on a display number it picks itself (-displayfd), so parallel runs never collide.
   */
  public static X11Display start() throws IOException {
    Command.require("Xvfb", "xvfb");
    Command.require("xwininfo", "x11-utils");
    Process server =
        new ProcessBuilder(
                "Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
    String number = out.readLine(); // written once the server accepts connections
    if (number == null || !number.strip().matches("\\d+")) {
      server.destroyForcibly();
      throw new AssertionError("Xvfb did not start (it printed '" + number + "')");
    }
    return new X11Display(server, ":" + number.strip());
  }

  public String name() {
    return display;
  }

  /** {@code argv} as a command on this display. */
  public Command x(String... argv) {
    return Command.of(argv).env("DISPLAY", display);
  }

  /** The top-level windows, bottom to top (X's stacking order), as ids. */
  public List<String> stacking() {
    List<String> topFirst =
        x("xwininfo", "-root", "-children")
            .run()
            .lines()
            .map(String::strip)
            .filter(l -> l.startsWith("0x"))
            .map(l -> l.split("\\s+")[0])
            .collect(Collectors.toCollection(ArrayList::new));
    Collections.reverse(topFirst); // xwininfo lists the top-most window first
    return topFirst;
  }

  /** The id of the top-level window titled {@code title}, once it is mapped. */
  public Optional<String> window(String title) {
    return x("xwininfo", "-root", "-children")
        .run()
        .lines()
        .map(String::strip)
        .filter(
            l ->
                l.startsWith("0x") && l.contains("\"" + title + "\"") && !l.contains("has no name"))
        .map(l -> l.split("\\s+")[0])
        .filter(id -> x("xwininfo", "-id", id).run().contains("Map State: IsViewable"))
        .findFirst();
  }

  public String property(String window, String name) {
    return x("xprop", "-id", window, name).run().strip();
  }

  public void screenshot(Path png) {
    Command.require("import", "imagemagick");
    x("import", "-window", "root", png.toString()).run();
  }

  /** A program that opens a window on this display (e.g. xmessage). */
  public Process open(String... argv) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(Arrays.asList(argv))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("DISPLAY", display);
    return builder.start();
  }

  /** Polls {@code value} until it is present, failing after {@code timeout} with {@code what}. */
  public static <T> T await(Duration timeout, String what, Supplier<Optional<T>> value) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Optional<T> found = value.get();
      if (found.isPresent()) {
        return found.get();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.destroy();
    if (!server.waitFor(10, TimeUnit.SECONDS)) {
      server.destroyForcibly().waitFor();
    }
  }
}
