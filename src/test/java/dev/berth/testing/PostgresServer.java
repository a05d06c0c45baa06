package dev.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PostgreSQL (Debian's {@code postgresql} package) in a temporary folder on a loopback port,
 * for tests that must know what PostgreSQL itself accepts. Started once per test class; {@link
 * #close} stops it and the folder goes with the test's temporary files.
 *
 * <p>PostgreSQL refuses to run as root, so under root the server runs as {@code nobody}.
 */
public final class PostgresServer implements AutoCloseable {
  private static final Path VERSIONS = Path.of("/usr/lib/postgresql");
  private final Path bin;
  private final Path data;
  private final int port;

  private PostgresServer(Path bin, Path data, int port) {
    this.bin = bin;
    this.data = data;
    this.port = port;
  }

  /**
   * Creates a cluster under {@code folder} and starts it; fails (never skips) if PostgreSQL is
   * missing.
   */
  public static PostgresServer start(Path folder) throws IOException {
    Path bin = newestBin();
    Path data = folder.resolve("pgdata");
    Path sockets = folder.resolve("sockets");
    Files.createDirectories(sockets);
    // The server's user (nobody, under root) must own its folders.
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setPosixFilePermissions(sockets, PosixFilePermissions.fromString("rwxrwxrwx"));
    int port = freePort();
    asServerUser(
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            "berth",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8")
        .run();
    asServerUser(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-w",
            "-t",
            "60",
            "-l",
            folder.resolve("server.log").toString(),
            "-o",
            "-p " + port + " -k " + sockets + " -c listen_addresses=127.0.0.1 -c fsync=off",
            "start")
        .run();
    return new PostgresServer(bin, data, port);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=berth";
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl());
  }

  @Override
  public void close() {
    asServerUser(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-w",
            "-m",
            "immediate",
            "stop")
        .run();
  }

  private static Command asServerUser(String... argv) {
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(
          List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
    }
    command.addAll(List.of(argv));
    return Command.of(command.get(0), command.subList(1, command.size()))
        .timeout(Duration.ofMinutes(2));
  }

  private static Path newestBin() throws IOException {
    if (!Files.isDirectory(VERSIONS)) {
      throw new AssertionError(
          "PostgreSQL is not installed, but this test needs it: apt-get install -y postgresql");
    }
    try (Stream<Path> versions = Files.list(VERSIONS)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())))
          .orElseThrow(
              () ->
                  new AssertionError(
                      "no initdb under " + VERSIONS + ": apt-get install -y postgresql"));
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
