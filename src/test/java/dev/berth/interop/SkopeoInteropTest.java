package dev.berth.interop;

import static dev.berth.testing.RegistryClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.metadata.BrowseMetadata;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.testing.Command;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Blob;
import dev.berth.testing.TestImages.Image;
import dev.berth.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** skopeo (the Debian package) copies a multi-platform OCI layout into Berth and back out. */
class SkopeoInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final TestRegistry registry = new TestRegistry();
  @TempDir Path temp;

  private final Image amd64 = TestImages.ociImage("amd64", "amd64 layer");
  private final Image arm64 = TestImages.ociImage("arm64", "arm64 layer");
  private final Blob index = TestImages.index(MediaTypes.OCI_INDEX, List.of(amd64, arm64));

  private String ref(String repositoryAndTag) {
    return "docker://" + registry.hostPort() + "/" + repositoryAndTag;
  }

  private static String skopeo(String... args) {
    return Command.of("skopeo", List.of(args)).run();
  }

  private void pushLayout(String repositoryAndTag) {
    Path layout = temp.resolve("layout");
    TestImages.writeOciLayout(layout, "v1", index, List.of(amd64, arm64));
    skopeo(
        "copy", "--all", "--dest-tls-verify=false", "oci:" + layout + ":v1", ref(repositoryAndTag));
  }

  @Test
  void copyIndexIn_inspect_listTags_copyOut_digestsRoundTrip() throws Exception {
    pushLayout("skopeo/multi:v1");

    String raw = skopeo("inspect", "--raw", "--tls-verify=false", ref("skopeo/multi:v1"));
    assertThat(raw.getBytes(StandardCharsets.UTF_8)).isEqualTo(index.bytes());
    String armRaw =
        skopeo("inspect", "--raw", "--tls-verify=false", ref("skopeo/multi@" + arm64.digest()));
    assertThat(Digest.sha256(armRaw.getBytes(StandardCharsets.UTF_8))).isEqualTo(arm64.digest());

    JsonNode inspect =
        JSON.readTree(
            skopeo(
                "inspect",
                "--tls-verify=false",
                "--override-arch",
                "arm64",
                ref("skopeo/multi:v1")));
    assertThat(inspect.path("Architecture").asText()).isEqualTo("arm64");
    // skopeo reports the digest of what the tag names (the index), and the chosen platform's
    // config.
    assertThat(inspect.path("Digest").asText()).isEqualTo(index.digest().toString());

    JsonNode tags =
        JSON.readTree(
            skopeo(
                "list-tags",
                "--tls-verify=false",
                "docker://" + registry.hostPort() + "/skopeo/multi"));
    assertThat(tags.path("Tags").toString()).isEqualTo("[\"v1\"]");

    Path out = temp.resolve("out");
    skopeo("copy", "--all", "--src-tls-verify=false", ref("skopeo/multi:v1"), "oci:" + out + ":v1");
    JsonNode outIndex = JSON.readTree(out.resolve("index.json").toFile());
    assertThat(outIndex.path("manifests").get(0).path("digest").asText())
        .isEqualTo(index.digest().toString());
    for (Image image : List.of(amd64, arm64)) {
      for (Blob blob : image.blobs()) {
        Path copied = out.resolve("blobs/sha256/" + blob.digest().hex());
        assertThat(Digest.sha256(Files.readAllBytes(copied))).isEqualTo(blob.digest());
      }
    }
  }

  @Test
  void copyBetweenRepositories_thenDelete() {
    pushLayout("skopeo/source:v1");

    skopeo(
        "copy",
        "--all",
        "--src-tls-verify=false",
        "--dest-tls-verify=false",
        ref("skopeo/source:v1"),
        ref("skopeo/target:v2"));

    var manifest =
        registry.client().get("/v2/skopeo/target/manifests/v2", "Accept", MediaTypes.OCI_INDEX);
    assertThat(manifest.body()).isEqualTo(index.bytes());
    for (Blob blob : amd64.blobs()) {
      assertThat(registry.client().head("/v2/skopeo/target/blobs/" + blob.digest()).statusCode())
          .isEqualTo(200);
    }

    skopeo("delete", "--tls-verify=false", ref("skopeo/target:v2"));

    assertThat(registry.client().get("/v2/skopeo/target/manifests/v2").statusCode()).isEqualTo(404);
    assertThat(json(registry.client().get("/v2/skopeo/target/tags/list")).path("tags")).isEmpty();
    assertThat(
            registry.client().get("/v2/skopeo/source/manifests/v1", "Accept", "*/*").statusCode())
        .isEqualTo(200);
  }

  @Test
  void inspectingIsNoPull_copyingOnePlatformOutPullsItAndTheIndex() throws Exception {
    pushLayout("skopeo/counted:v1");

    skopeo("inspect", "--tls-verify=false", "--override-arch", "arm64", ref("skopeo/counted:v1"));
    skopeo("inspect", "--raw", "--tls-verify=false", ref("skopeo/counted:v1"));
    assertThat(countedPulls()).isEmpty();

    skopeo(
        "copy",
        "--src-tls-verify=false",
        "--override-arch",
        "arm64",
        ref("skopeo/counted:v1"),
        "oci:" + temp.resolve("arm64") + ":v1");
    assertThat(countedPulls())
        .extracting(a -> a.digest(), a -> a.pullCount())
        .containsExactlyInAnyOrder(
            Tuple.tuple(index.digest(), 1L), Tuple.tuple(arm64.digest(), 1L));
  }

  /** Pull counts as stored; restarting the registry flushes the batched counts. */
  private List<BrowseMetadata.Activity> countedPulls() throws Exception {
    registry.stop();
    registry.start();
    return registry.engine().metadata().browse().recentPulls(10);
  }
}
