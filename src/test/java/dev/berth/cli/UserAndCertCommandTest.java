package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.DataDirectory;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.NoUsersException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user and cert commands as a person runs them, on a data folder. */
class UserAndCertCommandTest {
  @TempDir Path data;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  PrintStream oldOut;
  PrintStream oldErr;
  InputStream oldIn;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    oldIn = System.in;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
    System.setIn(oldIn);
  }

  private int run(String stdin, String... args) {
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    return BerthCommand.run(args);
  }

  @Test
  void addListPasswdDisableRemove() {
    String d = data.toString();
    assertThat(run("alice-pw\n", "user", "add", "--data", d, "alice", "--password-stdin")).isZero();
    assertThat(run("bob-pw\n", "user", "add", "--data", d, "bob", "--password-stdin", "--read-only", "--namespace", "team-a")).isZero();
    assertThat(run("", "user", "list", "--data", d)).isZero();
    assertThat(out.toString()).contains("alice\tread-write\tall repositories").contains("bob\tread-only\t[team-a/*]");
    assertThat(out.toString()).doesNotContain("alice-pw").doesNotContain("$2y$");

    assertThat(run("x\n", "user", "add", "--data", d, "alice", "--password-stdin")).isEqualTo(1);
    assertThat(err.toString()).contains("exists already");
    assertThat(run("new-pw\n", "user", "passwd", "--data", d, "alice", "--password-stdin")).isZero();
    assertThat(run("", "user", "disable", "--data", d, "bob")).isZero();
    assertThat(run("", "user", "remove", "--data", d, "nobody")).isEqualTo(1);
    assertThat(err.toString()).contains("no user named 'nobody'");
    assertThat(run("", "user", "remove", "--data", d, "alice")).isZero();
    out.reset();
    run("", "user", "list", "--data", d);
    assertThat(out.toString()).doesNotContain("alice").contains("bob\tread-only\t[team-a/*]\tdisabled");
  }

  @Test
  void userCommands_refuseADataFolderARegistryIsUsing() throws Exception {
    try (DataDirectory held = DataDirectory.open(data)) {
      assertThat(run("pw\n", "user", "add", "--data", data.toString(), "alice", "--password-stdin")).isEqualTo(1);
      assertThat(err.toString()).contains("already running with the data folder");
    }
  }

  @Test
  void authWithoutUsers_refusesToStart_andSaysHowToAddOne() {
    assertThatThrownBy(() -> BerthEngine.start(EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
        .withAuth(new AuthSettings(AuthSettings.Mode.TOKEN, false))))
        .isInstanceOf(NoUsersException.class)
        .hasMessageContaining("berth user add --data " + data.toAbsolutePath() + " admin --password-stdin");
    // The data folder was released again.
    assertThat(run("pw\n", "user", "add", "--data", data.toString(), "admin", "--password-stdin")).isZero();
    // A disabled user does not count.
    assertThat(run("", "user", "disable", "--data", data.toString(), "admin")).isZero();
    assertThatThrownBy(() -> BerthEngine.start(EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
        .withAuth(new AuthSettings(AuthSettings.Mode.BASIC, false)))).isInstanceOf(NoUsersException.class);
  }

  @Test
  void serveOptions_areValidated() {
    assertThat(run("", "serve", "--data", data.toString(), "--auth", "kerberos")).isEqualTo(2);
    assertThat(err.toString()).contains("--auth must be none, basic or token");
    assertThat(run("", "serve", "--data", data.toString(), "--anonymous-pull")).isEqualTo(2);
    assertThat(err.toString()).contains("--anonymous-pull needs --auth basic or --auth token");
    assertThat(run("", "serve", "--data", data.toString(), "--tls-cert", "a.pem")).isEqualTo(2);
    assertThat(err.toString()).contains("--tls-cert and --tls-key go together");
  }

  @Test
  void certCreateAndShow() throws Exception {
    assertThat(run("", "cert", "create", "--data", data.toString(), "--host", "registry.lan", "--host", "10.0.0.5", "--port", "5443")).isZero();
    String created = out.toString();
    assertThat(created).contains("Created a new local CA").contains("DNS:registry.lan").contains("IP:10.0.0.5").contains("DNS:localhost")
        .contains("Clients must trust: " + data.resolve("tls/ca.crt").toAbsolutePath())
        .contains("/etc/docker/certs.d/registry.lan:5443/ca.crt")
        .contains("/etc/containers/certs.d/registry.lan:5443/ca.crt");
    assertThat(Files.readString(data.resolve("tls/server.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    out.reset();
    assertThat(run("", "cert", "show", "--data", data.toString())).isZero();
    assertThat(out.toString()).contains("CA certificate").contains("Server certificate").contains("SHA-256:").contains("DNS:registry.lan");
    assertThat(run("", "cert", "create", "--data", data.toString(), "--host", "bad host!")).isEqualTo(1);
    assertThat(err.toString()).contains("neither a host name nor an IP address");
  }
}
