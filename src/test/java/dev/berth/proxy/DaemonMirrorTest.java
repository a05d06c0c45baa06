package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.Command;
import dev.berth.testing.DockerDaemon;
import dev.berth.testing.Registry2Upstream;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.ServerProcess;
import dev.berth.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real daemons pulling through {@code berth serve}: dockerd with {@code --registry-mirror} (Docker
 * Hub style names, no prefix, the default mirror) and containerd's {@code ctr} with a {@code
 * hosts.toml} mirror for two registries at once, told apart by {@code ?ns=}. Upstreams are two
 * registry:2 on loopback.
 */
class DaemonMirrorTest {
  @TempDir static Path shared;
  static Registry2Upstream hub;
  static Registry2Upstream other;
  static ServerProcess berth;
  static DockerDaemon daemon;
  static int port;
  static TestImages.Image alpine;
  static TestImages.Image tool;

  @BeforeAll
  static void start() throws Exception {
    hub = Registry2Upstream.start(shared.resolve("hub"), null, false);
    other = Registry2Upstream.start(shared.resolve("other"), null, false);
    alpine = TestImages.dockerImage("amd64", "alpine-style 3.20");
    alpine.push(hub.client(), "library/alpine", "3.20");
    tool = TestImages.dockerImage("amd64", "a tool from the other registry");
    tool.push(other.client(), "team/tool", "1");
    port = ServerProcess.freePort();
    berth =
        ServerProcess.serve(
            port,
            shared.resolve("berth"),
            "--proxy",
            "hub=" + hub.url(),
            "--proxy",
            "other=" + other.url(),
            "--proxy-default",
            "hub",
            "--proxy-ttl",
            "1m");
    daemon =
        DockerDaemon.start(
            Files.createTempDirectory("bd"), "--registry-mirror", "http://127.0.0.1:" + port);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {daemon, berth, other, hub}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void dockerdWithRegistryMirror_pullsADockerHubStyleNameThroughBerth() throws Exception {
    Command.Result pull = daemon.docker("pull", "alpine:3.20");
    assertThat(pull.exitCode()).as(pull + "\n" + daemon.log()).isZero();
    Command.Result id =
        daemon.docker(
            "image", "inspect", "--format", "{{.Id}} {{index .RepoDigests 0}}", "alpine:3.20");
    assertThat(id.stdout().trim())
        .isEqualTo(alpine.config().digest() + " alpine@" + alpine.digest());
    RegistryClient client = new RegistryClient(java.net.URI.create("http://127.0.0.1:" + port));
    assertThat(new String(client.get("/v2/_catalog").body())).contains("hub/library/alpine");
    assertThat(berth.log())
        .contains("Pull-through cache: ", "hub/ → " + hub.url() + " (default mirror)");
  }

  @Test
  void ctrWithHostsToml_pullsFromTwoUpstreamsThroughOneMirror_byNs() throws Exception {
    Path hosts = shared.resolve("certs.d");
    for (Registry2Upstream upstream : new Registry2Upstream[] {hub, other}) {
      Path dir = Files.createDirectories(hosts.resolve(upstream.hostPort()));
      Files.writeString(
          dir.resolve("hosts.toml"),
          """
          server = "%s"

          [host."http://127.0.0.1:%d"]
            capabilities = ["pull", "resolve"]
          """
              .formatted(upstream.url(), port));
    }
    for (String ref :
        new String[] {hub.hostPort() + "/library/alpine:3.20", other.hostPort() + "/team/tool:1"}) {
      Command.Result pull =
          daemon.ctr(
              "--namespace", "berth-test", "images", "pull", "--hosts-dir", hosts.toString(), ref);
      assertThat(pull.exitCode()).as(ref + ": " + pull).isZero();
    }
    Command.Result list = daemon.ctr("--namespace", "berth-test", "images", "list", "--quiet");
    assertThat(list.stdout())
        .contains(hub.hostPort() + "/library/alpine:3.20", other.hostPort() + "/team/tool:1");
    RegistryClient client = new RegistryClient(java.net.URI.create("http://127.0.0.1:" + port));
    // Both came through Berth, each into its own rule's cache (the upstreams were asked by Berth
    // only).
    assertThat(new String(client.get("/v2/_catalog").body()))
        .contains("hub/library/alpine", "other/team/tool");
    assertThat(other.log()).contains("Berth pull-through cache");
  }
}
