package dev.berth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Docker daemon (Debian's docker.io, dockerd 20.10) with folders of its own, the vfs driver
 * and no networking set-up (see REFERENCE.md): it cannot run containers, but it pulls, loads and
 * pushes. Its containerd is reachable for {@code ctr}. Stopped by its own PID.
 */
public final class DockerDaemon implements AutoCloseable {
  public static final String DOCKER = "/usr/bin/docker"; // Debian's client, matching the daemon

  private final Path folder;
  private final Process process;

  private DockerDaemon(Path folder, Process process) {
    this.folder = folder;
    this.process = process;
  }

  /**
   * @param extraFlags e.g. {@code --registry-mirror http://127.0.0.1:5000}
   */
  public static DockerDaemon start(Path folder, String... extraFlags) throws Exception {
    Command.require("dockerd", "docker.io");
    Command.require("ctr", "containerd");
    Files.createDirectories(folder);
    List<String> argv =
        new ArrayList<>(
            List.of(
                "dockerd",
                "--data-root",
                folder.resolve("root").toString(),
                "--exec-root",
                folder.resolve("exec").toString(),
                "--pidfile",
                folder.resolve("docker.pid").toString(),
                "--host",
                "unix://" + folder.resolve("docker.sock"),
                "--storage-driver",
                "vfs",
                "--iptables=false",
                "--ip6tables=false",
                "--bridge=none"));
    argv.addAll(List.of(extraFlags));
    Process process =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("dockerd.log").toFile())
            .start();
    DockerDaemon daemon = new DockerDaemon(folder, process);
    try {
      daemon.awaitReady();
    } catch (Exception | AssertionError e) {
      daemon.close();
      throw e;
    }
    return daemon;
  }

  private void awaitReady() throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError("dockerd exited: " + log());
      }
      if (Files.exists(folder.resolve("docker.sock")) && docker("version").exitCode() == 0) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("dockerd did not answer within 90 s: " + log());
      }
      Thread.sleep(100); // polling a starting daemon: nothing to wait on but its socket
    }
  }

  public Command.Result docker(String... args) {
    List<String> argv =
        new ArrayList<>(List.of(DOCKER, "--host", "unix://" + folder.resolve("docker.sock")));
    argv.addAll(List.of(args));
    return Command.of(argv.get(0), argv.subList(1, argv.size()))
        .timeout(Duration.ofMinutes(3))
        .tryRun();
  }

  /** {@code ctr} against the containerd this daemon started. */
  public Command.Result ctr(String... args) {
    List<String> argv =
        new ArrayList<>(
            List.of("--address", folder.resolve("exec/containerd/containerd.sock").toString()));
    argv.addAll(List.of(args));
    return Command.of("ctr", argv).timeout(Duration.ofMinutes(3)).tryRun();
  }

  public String log() throws IOException {
    Path log = folder.resolve("dockerd.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /**
   * SIGTERM to this daemon's PID (it stops its containerd), SIGKILL if it does not go within 30 s.
   */
  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    // Its folders hold vfs layers with read-only directories and devices: rm copes, Java's walk may
    // not.
    Command.of("rm", "-rf", folder.toString()).tryRun();
  }
}
