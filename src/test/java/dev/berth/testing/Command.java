package dev.berth.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program (skopeo, podman, buildah, htpasswd…) and fails the test with its output
 * when it fails. A missing program fails too, naming the package to install: interop tests must
 * never pass by not running.
 */
public final class Command {
  private final List<String> argv = new ArrayList<>();
  private final Map<String, String> environment = new java.util.HashMap<>();
  private Duration timeout = Duration.ofMinutes(2);

  private Command(List<String> argv) {
    this.argv.addAll(argv);
  }

  public static Command of(String... argv) {
    return new Command(List.of(argv));
  }

  /** {@code program} followed by {@code args}, for helpers that prepend their tool's name. */
  public static Command of(String program, List<String> args) {
    List<String> argv = new ArrayList<>(List.of(program));
    argv.addAll(args);
    return new Command(argv);
  }

  /**
   * Fails (never skips) when {@code program} is not on the PATH, naming the Debian package to
   * install.
   */
  public static Path require(String program, String debianPackage) {
    for (String dir :
        System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError(
        program + " is not installed, but this test needs it: apt-get install -y " + debianPackage);
  }

  public Command env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  public Command timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** Runs the command and returns its standard output; fails on a non-zero exit. */
  public String run() {
    Result result = tryRun();
    if (result.exitCode() != 0) {
      throw new AssertionError(
          String.join(" ", argv) + " exited with " + result.exitCode() + ":\n" + result.output());
    }
    return result.stdout();
  }

  /** What a run printed and returned. */
  public record Result(int exitCode, String stdout, String stderr) {
    /** Standard output followed by standard error. */
    public String output() {
      return stdout + stderr;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
    }
  }

  /** Runs the command and returns whatever happened. */
  public Result tryRun() {
    try {
      Path out = Files.createTempFile("cmd", ".out");
      Path err = Files.createTempFile("cmd", ".err");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process;
        try {
          process = builder.start();
        } catch (IOException e) {
          throw new AssertionError(
              "cannot run "
                  + argv.get(0)
                  + " (is it installed? .ci/run installs it): "
                  + e.getMessage(),
              e);
        }
        process.getOutputStream().close(); // no input: a tool that reads stdin sees its end at once
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(String.join(" ", argv) + " did not finish within " + timeout);
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        return new Result(process.exitValue(), stdout, stderr);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
