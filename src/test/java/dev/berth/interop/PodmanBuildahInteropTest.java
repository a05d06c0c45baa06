package dev.berth.interop;

import static dev.berth.testing.RegistryClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.MediaTypes;
import dev.berth.testing.Command;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Image;
import dev.berth.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * podman and buildah (Debian packages, daemonless, vfs storage in a temp folder) push to and pull
 * from Berth. Pulling unpacks every layer and checks it against the config's diff_ids, so this also
 * proves the served bytes are intact.
 */
class PodmanBuildahInteropTest {
  @RegisterExtension final TestRegistry registry = new TestRegistry();
  @TempDir Path temp;
  private Path authFile;

  @BeforeEach
  void authFile() throws Exception {
    // Both tools insist on an auth file even for anonymous registries.
    authFile = Files.writeString(temp.resolve("auth.json"), "{}");
  }

  private String run(String tool, String... args) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                tool,
                "--root",
                temp.resolve(tool + "-root").toString(),
                "--runroot",
                temp.resolve(tool + "-run").toString(),
                "--storage-driver",
                "vfs"));
    argv.addAll(List.of(args));
    return Command.of(argv.toArray(String[]::new))
        .env("REGISTRY_AUTH_FILE", authFile.toString())
        .run()
        .trim();
  }

  @Test
  void podman_pullsMultiPlatformImage_andPushesItUnderANewName() {
    Image amd64 = TestImages.dockerImage("amd64", "podman amd64");
    Image arm64 = TestImages.dockerImage("arm64", "podman arm64");
    amd64.push(registry.client(), "podman/base", amd64.digest().toString());
    arm64.push(registry.client(), "podman/base", arm64.digest().toString());
    TestImages.index(MediaTypes.DOCKER_MANIFEST_LIST, List.of(amd64, arm64))
        .pushAsManifest(registry.client(), "podman/base", "v1");
    String source = registry.hostPort() + "/podman/base:v1";

    run("podman", "pull", "--tls-verify=false", "--arch", "amd64", source);
    String target = registry.hostPort() + "/podman/copy:v2";
    run("podman", "tag", source, target);
    run("podman", "push", "--tls-verify=false", target);

    assertThat(json(registry.client().get("/v2/podman/copy/tags/list")).path("tags").toString())
        .isEqualTo("[\"v2\"]");
    var pushed = json(registry.client().get("/v2/podman/copy/manifests/v2", "Accept", "*/*"));
    assertThat(pushed.path("layers")).hasSize(1);
    String layer = pushed.path("layers").get(0).path("digest").asText();
    assertThat(registry.client().head("/v2/podman/copy/blobs/" + layer).statusCode())
        .isEqualTo(200);
  }

  @Test
  void buildah_commitsFromScratch_pushes_andPodmanPullsItBack() {
    String container = run("buildah", "from", "scratch");
    run(
        "buildah",
        "config",
        "--entrypoint",
        "[\"/hello\"]",
        "--label",
        "made-by=berth-test",
        container);
    run("buildah", "commit", container, "berth-scratch:v1");
    String target = registry.hostPort() + "/buildah/scratch:v1";

    run("buildah", "push", "--tls-verify=false", "berth-scratch:v1", "docker://" + target);
    String pulledId = run("podman", "pull", "--tls-verify=false", "-q", target);
    String inspected = run("podman", "image", "inspect", "--format", "{{.Labels}}", pulledId);

    assertThat(inspected).contains("made-by:berth-test");
    assertThat(json(registry.client().get("/v2/_catalog")).path("repositories").toString())
        .contains("buildah/scratch");
  }
}
