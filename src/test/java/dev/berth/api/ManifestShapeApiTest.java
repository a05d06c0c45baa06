package dev.berth.api;

import static dev.berth.testing.RegistryClient.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifests that lie about their kind, over real HTTP: JSON with a key twice (a parser that keeps
 * the first and one that keeps the last see different references) and a body whose shape does not
 * match its media type are refused with MANIFEST_INVALID, and nothing is stored.
 */
class ManifestShapeApiTest {
  private static final String REPO = "team/app";

  @TempDir static Path data;
  static BerthEngine engine;
  static RegistryClient client;
  static TestImages.Image image;
  static TestImages.Image other;

  @BeforeAll
  static void start() throws Exception {
    engine = BerthEngine.start(EngineConfig.of(new ListenAddress("127.0.0.1", 0), data));
    client = new RegistryClient(engine.url());
    image = TestImages.ociImage("amd64", "one");
    other = TestImages.ociImage("arm64", "two");
    image.push(client, REPO, "image");
    other.push(client, REPO, "other");
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Test
  void indexWithoutManifests_butWithConfigAndLayers_isRefused() {
    String body =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_INDEX
            + "\",\"config\":"
            + descriptor(image.config())
            + ",\"layers\":["
            + descriptor(image.layers().get(0))
            + "]}";

    assertRefused(MediaTypes.OCI_INDEX, body, "manifests");
  }

  @Test
  void dockerManifestListWithoutManifests_isRefused() {
    String body =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.DOCKER_MANIFEST_LIST
            + "\",\"layers\":[]}";

    assertRefused(MediaTypes.DOCKER_MANIFEST_LIST, body, "manifests");
  }

  @Test
  void indexThatAlsoCarriesLayers_isRefused() {
    String body =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_INDEX
            + "\",\"manifests\":["
            + descriptor(image.manifest())
            + "],\"layers\":["
            + descriptor(image.layers().get(0))
            + "]}";

    assertRefused(MediaTypes.OCI_INDEX, body, "layers");
  }

  @Test
  void imageManifestThatAlsoListsManifests_isRefused() {
    String body =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"config\":"
            + descriptor(image.config())
            + ",\"layers\":[],\"manifests\":["
            + descriptor(other.manifest())
            + "]}";

    assertRefused(MediaTypes.OCI_MANIFEST, body, "manifests");
  }

  @Test
  void configTwice_isRefused() {
    String body =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"config\":"
            + descriptor(image.config())
            + ",\"layers\":[],\"config\":"
            + descriptor(other.config())
            + "}";

    assertRefused(MediaTypes.OCI_MANIFEST, body, "config");
  }

  @Test
  void mediaTypeTwice_isRefused() {
    String body =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_INDEX
            + "\",\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"config\":"
            + descriptor(image.config())
            + ",\"layers\":[]}";

    assertRefused(MediaTypes.OCI_MANIFEST, body, "mediaType");
  }

  @Test
  void aKeyTwiceInsideADescriptor_isRefused() {
    String layer = descriptor(image.layers().get(0));
    String twice =
        layer.substring(0, layer.length() - 1)
            + ",\"digest\":\""
            + other.layers().get(0).digest()
            + "\"}";
    String body =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"config\":"
            + descriptor(image.config())
            + ",\"layers\":["
            + twice
            + "]}";

    assertRefused(MediaTypes.OCI_MANIFEST, body, "digest");
  }

  @Test
  void noMediaTypeAnywhere_withTheShapeOfBoth_isRefused() {
    String body =
        "{\"schemaVersion\":2,\"config\":"
            + descriptor(image.config())
            + ",\"layers\":[],\"manifests\":["
            + descriptor(other.manifest())
            + "]}";

    assertRefused("application/json", body, "manifests");
  }

  @Test
  void honestManifestsAndIndexes_areStillStored() {
    assertThat(
            client
                .putManifest(
                    REPO, "honest-image", MediaTypes.OCI_MANIFEST, image.manifest().bytes())
                .statusCode())
        .isEqualTo(201);
    byte[] index = TestImages.index(MediaTypes.OCI_INDEX, java.util.List.of(image, other)).bytes();
    assertThat(client.putManifest(REPO, "honest-index", MediaTypes.OCI_INDEX, index).statusCode())
        .isEqualTo(201);
    String emptyIndex = "{\"schemaVersion\":2,\"manifests\":[]}";
    assertThat(
            client
                .putManifest(
                    REPO,
                    "empty-index",
                    "application/json",
                    emptyIndex.getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(201);
  }

  private static void assertRefused(String contentType, String body, String detail) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> put = client.putManifest(REPO, "liar", contentType, bytes);

    assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(400);
    assertThat(errorCode(put)).isEqualTo("MANIFEST_INVALID");
    assertThat(RegistryClient.json(put).path("errors").path(0).path("detail").asText())
        .contains(detail);
    assertThat(client.get("/v2/" + REPO + "/manifests/" + Digest.sha256(bytes)).statusCode())
        .as("nothing stored")
        .isEqualTo(404);
  }

  private static String descriptor(TestImages.Blob blob) {
    return new String(TestImages.json(blob.descriptor()), StandardCharsets.UTF_8);
  }
}
