package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.DataDirectory;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.NoUsersException;
import dev.berth.testing.ConsoleCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The user and cert commands as a person runs them, on a data folder. */
class UserAndCertCommandTest {
  @TempDir Path data;
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  private int run(String stdin, String... args) {
    console.stdin(stdin);
    return BerthCommand.run(args);
  }

  @Test
  void addListPasswdDisableRemove() {
    String d = data.toString();
    assertThat(run("alice-pw\n", "user", "add", "--data", d, "alice", "--password-stdin")).isZero();
    assertThat(
            run(
                "bob-pw\n",
                "user",
                "add",
                "--data",
                d,
                "bob",
                "--password-stdin",
                "--read-only",
                "--namespace",
                "team-a"))
        .isZero();
    assertThat(run("", "user", "list", "--data", d)).isZero();
    assertThat(console.out())
        .contains("alice\tread-write\tall repositories")
        .contains("bob\tread-only\t[team-a/*]");
    assertThat(console.out()).doesNotContain("alice-pw").doesNotContain("$2y$");

    assertThat(run("x\n", "user", "add", "--data", d, "alice", "--password-stdin")).isEqualTo(1);
    assertThat(console.err()).contains("exists already");
    assertThat(run("new-pw\n", "user", "passwd", "--data", d, "alice", "--password-stdin"))
        .isZero();
    assertThat(run("", "user", "disable", "--data", d, "bob")).isZero();
    assertThat(run("", "user", "remove", "--data", d, "nobody")).isEqualTo(1);
    assertThat(console.err()).contains("no user named 'nobody'");
    assertThat(run("", "user", "remove", "--data", d, "alice")).isZero();
    console.reset();
    run("", "user", "list", "--data", d);
    assertThat(console.out())
        .doesNotContain("alice")
        .contains("bob\tread-only\t[team-a/*]\tdisabled");
  }

  @Test
  void access_changesReadOnlyAndNamespacesOfAnExistingUser() {
    String d = data.toString();
    assertThat(
            run(
                "ci-pw\n",
                "user",
                "add",
                "--data",
                d,
                "ci",
                "--password-stdin",
                "--read-only",
                "--namespace",
                "team-a"))
        .isZero();

    assertThat(run("", "user", "access", "--data", d, "ci", "--read-write")).isZero();
    assertThat(console.out()).contains("Changed ci\tread-write\tall repositories");
    // ci is now the only administrator: limiting it would leave nobody to administer.
    assertThat(run("", "user", "access", "--data", d, "ci", "--read-only")).isEqualTo(1);
    assertThat(console.err())
        .contains("berth access: ci is the last enabled administrator")
        .doesNotContain("LastAdministratorException");
    assertThat(run("root-pw\n", "user", "add", "--data", d, "root", "--password-stdin")).isZero();
    assertThat(
            run(
                "",
                "user",
                "access",
                "--data",
                d,
                "ci",
                "--read-only",
                "--namespace",
                "team-b",
                "--namespace",
                "tools"))
        .isZero();
    console.reset();
    run("", "user", "list", "--data", d);
    assertThat(console.out()).contains("ci\tread-only\t[team-b/*, tools/*]");

    assertThat(run("", "user", "access", "--data", d, "ci"))
        .isEqualTo(2); // --read-only or --read-write is required
    assertThat(run("", "user", "access", "--data", d, "nobody", "--read-write")).isEqualTo(1);
    assertThat(console.err()).contains("no user named 'nobody'");
  }

  @Test
  void userCommands_refuseADataFolderARegistryIsUsing() throws Exception {
    try (DataDirectory held = DataDirectory.open(data)) {
      assertThat(run("pw\n", "user", "add", "--data", data.toString(), "alice", "--password-stdin"))
          .isEqualTo(1);
      assertThat(console.err()).contains("already running with the data folder");
    }
  }

  @Test
  void authWithoutUsers_refusesToStart_andSaysHowToAddOne() {
    assertThatThrownBy(
            () ->
                BerthEngine.start(
                    EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                        .withAuth(new AuthSettings(AuthSettings.Mode.TOKEN, false))))
        .isInstanceOf(NoUsersException.class)
        .hasMessageContaining(
            "berth user add --data " + data.toAbsolutePath() + " admin --password-stdin");
    // The data folder was released again.
    assertThat(run("pw\n", "user", "add", "--data", data.toString(), "admin", "--password-stdin"))
        .isZero();
    // A disabled user does not count.
    assertThat(run("", "user", "disable", "--data", data.toString(), "admin")).isZero();
    assertThatThrownBy(
            () ->
                BerthEngine.start(
                    EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                        .withAuth(new AuthSettings(AuthSettings.Mode.BASIC, false))))
        .isInstanceOf(NoUsersException.class);
  }

  @Test
  void serveOptions_areValidated() {
    assertThat(run("", "serve", "--data", data.toString(), "--auth", "kerberos")).isEqualTo(2);
    assertThat(console.err()).contains("--auth must be none, basic or token");
    assertThat(run("", "serve", "--data", data.toString(), "--anonymous-pull")).isEqualTo(2);
    assertThat(console.err()).contains("--anonymous-pull needs --auth basic or --auth token");
    assertThat(run("", "serve", "--data", data.toString(), "--tls-cert", "a.pem")).isEqualTo(2);
    assertThat(console.err()).contains("--tls-cert and --tls-key go together");
  }

  @Test
  void certCreateAndShow() throws Exception {
    assertThat(
            run(
                "",
                "cert",
                "create",
                "--data",
                data.toString(),
                "--host",
                "registry.lan",
                "--host",
                "10.0.0.5",
                "--port",
                "5443"))
        .isZero();
    String created = console.out();
    assertThat(created)
        .contains("Created a new local CA")
        .contains("DNS:registry.lan")
        .contains("IP:10.0.0.5")
        .contains("DNS:localhost")
        .contains("Clients must trust: " + data.resolve("tls/ca.crt").toAbsolutePath())
        .contains("/etc/docker/certs.d/registry.lan:5443/ca.crt")
        .contains("/etc/containers/certs.d/registry.lan:5443/ca.crt");
    assertThat(Files.readString(data.resolve("tls/server.key")))
        .startsWith("-----BEGIN PRIVATE KEY-----");
    console.reset();
    assertThat(run("", "cert", "show", "--data", data.toString())).isZero();
    assertThat(console.out())
        .contains("CA certificate")
        .contains("Server certificate")
        .contains("SHA-256:")
        .contains("DNS:registry.lan");
    // The commands with the real folder that holds only ca.crt, not a placeholder (issue 15, item
    // 1).
    Path trust = data.resolve("tls/trust").toAbsolutePath();
    assertThat(console.out())
        .doesNotContain("DIR_WITH_CA_CRT")
        .contains(
            "skopeo copy --dest-cert-dir "
                + trust
                + " SOURCE docker://localhost:5000/REPOSITORY:TAG")
        .contains("podman login --cert-dir " + trust + " localhost:5000");
    try (var files = Files.list(trust)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("ca.crt");
    }
    assertThat(Files.readString(trust.resolve("ca.crt")))
        .isEqualTo(Files.readString(data.resolve("tls/ca.crt")));
    assertThat(run("", "cert", "create", "--data", data.toString(), "--host", "bad host!"))
        .isEqualTo(1);
    assertThat(console.err()).contains("neither a host name nor an IP address");
  }

  @Test
  void certCreate_makesANameConstrainedCa_andAnUnconstrainedOneOnlyWhenAskedWithTheRiskSaid()
      throws Exception {
    String d = data.toString();
    assertThat(run("", "cert", "create", "--data", d, "--host", "registry.lan")).isZero();
    assertThat(console.out())
        .contains("It may only sign for: registry.lan, localhost")
        .contains("renewed automatically 30 days before");
    console.reset();
    assertThat(run("", "cert", "show", "--data", d)).isZero();
    assertThat(console.out())
        .contains("may sign for: registry.lan, localhost")
        .contains("renewal:     automatic, from ");

    assertThat(run("", "cert", "create", "--data", d, "--host", "elsewhere.lan")).isEqualTo(1);
    assertThat(console.err())
        .contains("the local CA may only sign for")
        .contains("elsewhere.lan")
        .contains("--new-ca");
    assertThat(run("", "cert", "create", "--data", d, "--unconstrained-ca")).isEqualTo(1);
    assertThat(console.err()).contains("can only be made as a new CA");

    console.reset();
    assertThat(
            run(
                "",
                "cert",
                "create",
                "--data",
                d,
                "--new-ca",
                "--unconstrained-ca",
                "--host",
                "elsewhere.lan"))
        .isZero();
    assertThat(console.out())
        .contains("WARNING: this CA has no name constraints")
        .contains("impersonate any web site");
    assertThat(
            dev.berth.tls.NameLimits.of(
                    dev.berth.security.Pem.readCertificates(data.resolve("tls/ca.crt")).get(0))
                .constrained())
        .isFalse();
    console.reset();
    assertThat(run("", "cert", "create", "--help")).isZero();
    assertThat(console.out().replaceAll("\\s+", " "))
        .contains("RISKY: anyone who gets ca.key can then issue certificates for ANY web site");
  }

  @Test
  void certImport_installsACertificateFromOwnCa_andRefusesAMismatchedKey(@TempDir Path own)
      throws Exception {
    dev.berth.testing.TeamCertificate team =
        dev.berth.testing.TeamCertificate.issue(own, "team", "registry.team");
    Path chain = team.chain();
    Path key = team.key();
    String d = data.toString();

    assertThat(
            run(
                "",
                "cert",
                "import",
                "--data",
                d,
                "--cert",
                chain.toString(),
                "--key",
                chain.toString()))
        .isEqualTo(1);
    assertThat(console.err()).contains("team-chain.pem");
    assertThat(
            run(
                "",
                "cert",
                "import",
                "--data",
                d,
                "--cert",
                chain.toString(),
                "--key",
                key.toString()))
        .isZero();
    assertThat(console.out())
        .contains("DNS:registry.team")
        .contains("Clients must trust its issuer: CN=Team root")
        .contains("berth serve --data " + data.toAbsolutePath() + " --tls");
    console.reset();
    assertThat(run("", "cert", "show", "--data", d)).isZero();
    assertThat(console.out())
        .contains("not issued by the local CA")
        .contains("issuer:      CN=Team root");
  }
}
