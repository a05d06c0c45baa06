package dev.berth.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.Digest;
import dev.berth.testing.Command;
import dev.berth.testing.ServerProcess;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Blob;
import dev.berth.testing.TestImages.Image;
import dev.berth.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Berth's own container image (target/berth-image.tar from {@code mvn -Pimage package}): pushed
 * into Berth with skopeo, its config read back from there, then unpacked with umoci and its entry
 * point run the way a container runtime runs it: read-only root file system, the volume writable,
 * the image's user, its environment. Clients then push and pull through it.
 */
class ImageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension final TestRegistry registry = new TestRegistry();
  @TempDir Path temp;

  private static String skopeo(String... args) {
    return Command.of("skopeo", List.of(args)).timeout(Duration.ofMinutes(5)).run();
  }

  private String pushImageIntoBerth() {
    Command.require("skopeo", "skopeo");
    Path tar = Path.of(System.getProperty("berth.image.tar"));
    assertThat(tar).as("the OCI archive jib built").isRegularFile();
    String ref = "docker://" + registry.hostPort() + "/berth/berth:test";
    skopeo("copy", "--dest-tls-verify=false", "oci-archive:" + tar, ref);
    return ref;
  }

  @Test
  void configRunsServeAsNonRoot_onPort5000_withTheDataAsVolume() throws Exception {
    String ref = pushImageIntoBerth();

    JsonNode config =
        JSON.readTree(skopeo("inspect", "--config", "--tls-verify=false", ref)).path("config");

    String user = config.path("User").asText();
    assertThat(user).isNotEmpty();
    assertThat(user.split(":")[0]).isNotIn("0", "root");
    assertThat(config.path("ExposedPorts").has("5000/tcp")).isTrue();
    assertThat(config.path("Volumes").has("/var/lib/berth")).isTrue();
    assertThat(JSON.convertValue(config.path("Cmd"), List.class))
        .containsExactly("serve", "--addr", ":5000", "--data", "/var/lib/berth");
    assertThat(config.path("Entrypoint").get(0).asText()).isEqualTo("/opt/java/bin/java");
  }

  @Test
  void entryPointFromTheUnpackedRootFs_readOnly_asItsUser_servesPushesAndPulls() throws Exception {
    String ref = pushImageIntoBerth();
    // Out of Berth again, then unpacked as a container runtime would.
    Path layout = temp.resolve("layout");
    skopeo("copy", "--src-tls-verify=false", ref, "oci:" + layout + ":test");
    Command.require("umoci", "umoci");
    Path bundle = temp.resolve("bundle");
    Command.of("umoci", "unpack", "--image", layout + ":test", bundle.toString())
        .timeout(Duration.ofMinutes(2))
        .run();
    Path rootfs = bundle.resolve("rootfs");
    // umoci keeps the bundle to root (0700); the image's user must reach its root file system.
    Files.setPosixFilePermissions(
        bundle, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    JsonNode runtime = JSON.readTree(bundle.resolve("config.json").toFile()).path("process");
    int uid = runtime.path("user").path("uid").asInt();
    int gid = runtime.path("user").path("gid").asInt();
    assertThat(uid).isNotZero();

    // The volume: writable for the image's user, as /var/lib/berth in the image (mode 770, group
    // 0).
    Path volume = temp.resolve("volume");
    Files.createDirectories(volume);
    Command.of("chown", uid + ":" + gid, volume.toString()).run();
    Files.setPosixFilePermissions(
        volume, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwx---"));
    Files.setPosixFilePermissions(
        temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

    int port = ServerProcess.freePort();
    List<String> argv =
        new ArrayList<>(
            List.of(
                "setpriv",
                "--reuid=" + uid,
                "--regid=" + gid,
                "--clear-groups",
                "bwrap",
                "--ro-bind",
                rootfs.toString(),
                "/",
                "--bind",
                volume.toString(),
                "/var/lib/berth",
                "--proc",
                "/proc",
                "--dev",
                "/dev",
                "--unshare-pid",
                "--die-with-parent",
                "--clearenv",
                "--chdir",
                runtime.path("cwd").asText("/")));
    for (JsonNode env : runtime.path("env")) {
      String[] pair = env.asText().split("=", 2);
      argv.addAll(List.of("--setenv", pair[0], pair[1]));
    }
    // The image's entry point and arguments, but on a free loopback port instead of :5000: other
    // builds share this machine (the image's own port is checked above).
    List<String> command = new ArrayList<>();
    runtime.path("args").forEach(a -> command.add(a.asText()));
    int addr = command.indexOf("--addr");
    assertThat(command.get(addr + 1)).isEqualTo(":5000");
    command.set(addr + 1, "127.0.0.1:" + port);
    argv.addAll(command);
    Command.require("bwrap", "bubblewrap");

    Instant launched = Instant.now();
    try (ServerProcess server = ServerProcess.launchCommand(port, argv, Map.of())) {
      server.awaitReady(Duration.ofSeconds(60));
      System.out.printf(
          "container image: serve answered GET /v2/ %d ms after launch%n",
          Duration.between(launched, Instant.now()).toMillis());

      Image image = TestImages.ociImage("amd64", "pushed through the image", "second layer");
      Path source = temp.resolve("source");
      TestImages.writeOciLayout(source, "1.0", image.manifest(), List.of(image));
      String target = "docker://127.0.0.1:" + port + "/team/app:1.0";
      skopeo("copy", "--dest-tls-verify=false", "oci:" + source + ":1.0", target);
      Path pulled = temp.resolve("pulled");
      skopeo("copy", "--src-tls-verify=false", target, "oci:" + pulled + ":1.0");
      for (Blob blob : image.blobs()) {
        assertThat(
                Digest.sha256(
                    Files.readAllBytes(pulled.resolve("blobs/sha256/" + blob.digest().hex()))))
            .isEqualTo(blob.digest());
      }
      // Everything it wrote is on the volume, owned by the image's user.
      assertThat(volume.resolve("metadata")).isDirectory();
      assertThat(Files.getAttribute(volume.resolve("metadata"), "unix:uid")).isEqualTo(uid);
      assertThat(server.terminate(Duration.ofSeconds(30))).as(server.log()).isIn(0, 143);
      assertThat(server.log()).doesNotContain("Read-only file system");
    }
  }
}
