package dev.berth.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.TlsSettings;
import dev.berth.testing.Command;
import dev.berth.testing.Command.Result;
import dev.berth.testing.TestUsers;
import dev.berth.tls.CertificateService;
import dev.berth.tls.MachineNames;
import dev.berth.tls.SubjectName;
import dev.berth.tls.TlsFiles;
import dev.berth.tls.TrustInstructions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's "Docker" trust command, run word for word, then {@code docker login} and {@code docker
 * push} through a real dockerd (REFERENCE.md: vfs, no bridge, its own folders). The registry
 * listens on this machine's first non-loopback address: dockerd treats 127.0.0.0/8 as insecure and
 * would skip certificate checks there, which would prove nothing. The command writes the real
 * {@code /etc/docker/certs.d/HOST:PORT/ca.crt}, removed afterwards (the suite runs as root).
 */
class DockerTrustCommandTest {
  @TempDir static Path temp;
  private static BerthEngine engine;
  private static Process dockerd;
  private static String hostPort;
  private static String docker;
  private static Path dockerFolder;

  @BeforeAll
  static void start() throws Exception {
    Command.require("dockerd", "docker.io");
    Command.require("docker", "docker.io");
    String address =
        MachineNames.discover().stream()
            .filter(SubjectName::ip)
            .map(SubjectName::value)
            .filter(ip -> !ip.contains(":") && !ip.startsWith("127."))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "this machine has no non-loopback IPv4 address for the registry"));
    Path data = temp.resolve("data");
    TestUsers.in(data).add("alice", "alice-password", false).create();
    TlsFiles files = new TlsFiles(data.resolve("tls"));
    CertificateService certificates =
        new CertificateService(files, new SecureRandom(), Clock.systemUTC());
    certificates.create(List.of(SubjectName.parse(address)), false);
    engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress(address, 0), data)
                .withAuth(new AuthSettings(AuthSettings.Mode.BASIC, false))
                .withTls(TlsSettings.DATA_FOLDER));
    hostPort = address + ":" + engine.port();

    Path d =
        Files.createDirectories(Path.of("/tmp", "berth-dockerd-" + ProcessHandle.current().pid()));
    dockerFolder = d;
    docker = "unix://" + d.resolve("docker.sock");
    dockerd =
        new ProcessBuilder(
                "dockerd",
                "--data-root",
                d.resolve("root").toString(),
                "--exec-root",
                d.resolve("exec").toString(),
                "--pidfile",
                d.resolve("pid").toString(),
                "--host",
                docker,
                "--storage-driver",
                "vfs",
                "--iptables=false",
                "--ip6tables=false",
                "--bridge=none")
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve("dockerd.log").toFile())
            .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Command.of("docker", "-H", docker, "version").tryRun().exitCode() != 0) {
      if (Instant.now().isAfter(deadline) || !dockerd.isAlive()) {
        throw new AssertionError(
            "dockerd did not start:\n" + Files.readString(temp.resolve("dockerd.log")));
      }
      try {
        dockerd
            .onExit()
            .get(
                200, java.util.concurrent.TimeUnit.MILLISECONDS); // polls; returns early if it died
      } catch (java.util.concurrent.TimeoutException stillStarting) {
        // ask again
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (dockerd != null) {
      dockerd.destroy();
      dockerd.waitFor();
    }
    if (engine != null) {
      engine.close();
    }
    if (dockerFolder != null) {
      Command.of("rm", "-rf", dockerFolder.toString()).run();
    }
    if (hostPort != null) {
      Path folder = Path.of("/etc/docker/certs.d", hostPort);
      Files.deleteIfExists(folder.resolve("ca.crt"));
      Files.deleteIfExists(folder);
    }
  }

  @Test
  void theOfferedDockerCommand_letsDockerLoginAndPushOverVerifiedTls() throws Exception {
    TlsFiles files = new TlsFiles(temp.resolve("data/tls"));
    String offered =
        TrustInstructions.steps(files.caCertificate(), files.trustDirectory(), hostPort).stream()
            .filter(s -> s.client().equals("Docker"))
            .findFirst()
            .orElseThrow()
            .command();
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Files.writeString(bin.resolve("sudo"), "#!/bin/sh\nexec \"$@\"\n");
    Files.setPosixFilePermissions(
        bin.resolve("sudo"), PosixFilePermissions.fromString("rwxr-xr-x"));
    String path =
        (Files.isExecutable(Path.of("/usr/bin/sudo")) ? "" : bin + File.pathSeparator)
            + System.getenv("PATH");
    Path config = Files.createDirectories(temp.resolve("docker-config"));

    // Without the CA, docker refuses the registry's certificate.
    Result untrusted =
        Command.of(
                "sh",
                "-c",
                "printf 'alice-password' | docker -H "
                    + docker
                    + " --config "
                    + config
                    + " login --username alice --password-stdin "
                    + hostPort)
            .tryRun();
    assertThat(untrusted.exitCode()).as(untrusted.toString()).isNotZero();
    assertThat(untrusted.output()).containsIgnoringCase("x509");

    Result install = Command.of("sh", "-c", offered).env("PATH", path).tryRun();
    assertThat(install.exitCode()).as(install.toString()).isZero();

    Result login =
        Command.of(
                "sh",
                "-c",
                "printf 'alice-password' | docker -H "
                    + docker
                    + " --config "
                    + config
                    + " login --username alice --password-stdin "
                    + hostPort)
            .tryRun();
    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.output()).contains("Login Succeeded");

    Path rootfs = Files.createDirectories(temp.resolve("rootfs"));
    Files.writeString(rootfs.resolve("hello.txt"), "trusted through the offered command\n");
    Command.of("tar", "-C", rootfs.toString(), "-cf", temp.resolve("r.tar").toString(), ".").run();
    String image = hostPort + "/team/docker:v1";
    Command.of("docker", "-H", docker, "import", temp.resolve("r.tar").toString(), image).run();
    Result push =
        Command.of("docker", "-H", docker, "--config", config.toString(), "push", image)
            .timeout(Duration.ofMinutes(3))
            .tryRun();
    assertThat(push.exitCode()).as(push.toString()).isZero();
    assertThat(push.output()).contains("v1: digest: sha256:");
  }
}
