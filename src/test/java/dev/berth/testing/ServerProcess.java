package dev.berth.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code berth serve} in a child JVM, as an operator runs it, so tests can send it real signals
 * (SIGTERM, SIGKILL) and read its log.
 */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;

  private ServerProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Launches {@code berth <args>} without waiting for anything. */
  public static ServerProcess launch(int port, String... args) throws IOException {
    return launchCommand(port, berth(args), java.util.Map.of());
  }

  /** The command line that runs {@code berth <args>} from the test class path. */
  public static List<String> berth(String... args) {
    return java("dev.berth.Main", args);
  }

  /**
   * The command line that runs {@code mainClass} from the test class path with the launcher's
   * memory options.
   */
  public static List<String> java(String mainClass, String... args) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path")));
    argv.addAll(LauncherOptions.memory());
    argv.add(mainClass);
    argv.addAll(List.of(args));
    return argv;
  }

  /**
   * Launches any command that serves the registry API on 127.0.0.1:{@code port}, e.g. an installed
   * package's launcher, without waiting for anything.
   */
  public static ServerProcess launchCommand(
      int port, List<String> command, java.util.Map<String, String> environment)
      throws IOException {
    Path log = Files.createTempFile("berth-serve", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return new ServerProcess(builder.start(), log, port);
  }

  /**
   * Runs {@code serve} on 127.0.0.1:port with {@code data}, and waits until {@code GET /v2/}
   * answers (200, or 401 when authentication is on).
   */
  public static ServerProcess serve(int port, Path data, String... extraArgs) throws IOException {
    List<String> args =
        new ArrayList<>(List.of("serve", "--addr", "127.0.0.1:" + port, "--data", data.toString()));
    args.addAll(List.of(extraArgs));
    ServerProcess server = launch(port, args.toArray(String[]::new));
    server.awaitReady(Duration.ofSeconds(60));
    return server;
  }

  public void awaitReady(Duration timeout) {
    RegistryClient client = client();
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError("server exited with " + process.exitValue() + ": " + log());
      }
      try {
        int status = client.get("/v2/").statusCode();
        if (status == 200 || status == 401) {
          return;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("server not ready within " + timeout + ": " + log());
      }
      sleep(50);
    }
  }

  public RegistryClient client() {
    return new RegistryClient(URI.create("http://127.0.0.1:" + port));
  }

  public Process process() {
    return process;
  }

  /** The process's peak resident memory so far ({@code VmHWM} in {@code /proc/PID/status}). */
  public long peakResidentBytes() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmHWM for process " + process.pid());
  }

  /** SIGKILL: no shutdown hook runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM, then waits for the exit code. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("server still running " + timeout + " after SIGTERM: " + log());
    }
    return process.exitValue();
  }

  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("process still running after " + timeout + ": " + log());
    }
    return process.exitValue();
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** The last {@code lines} lines of the log, for an assertion's message. */
  public String logTail(int lines) {
    List<String> all = log().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(log);
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
