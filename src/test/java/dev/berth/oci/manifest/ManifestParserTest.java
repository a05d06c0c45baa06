package dev.berth.oci.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.MediaTypes;
import dev.berth.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
  private final ManifestParser parser = new ManifestParser(new ObjectMapper());

  @Test
  void imageManifest_listsConfigAndLayersAsBlobReferences() {
    var image = TestImages.ociImage("amd64", "one", "two");

    ParsedManifest parsed = parser.parse(image.manifest().bytes(), MediaTypes.OCI_MANIFEST);

    assertThat(parsed.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(parsed.isIndex()).isFalse();
    assertThat(parsed.blobReferences())
        .extracting(d -> d.digest())
        .containsExactly(
            image.config().digest(),
            image.layers().get(0).digest(),
            image.layers().get(1).digest());
    assertThat(parsed.effectiveArtifactType())
        .isEqualTo("application/vnd.oci.image.config.v1+json");
  }

  @Test
  void index_listsChildManifestsWithPlatforms() {
    var amd = TestImages.ociImage("amd64", "a");
    var arm = TestImages.ociImage("arm64", "b");

    ParsedManifest parsed =
        parser.parse(TestImages.index(MediaTypes.OCI_INDEX, List.of(amd, arm)).bytes(), null);

    assertThat(parsed.isIndex()).isTrue();
    assertThat(parsed.blobReferences()).isEmpty();
    assertThat(parsed.manifests())
        .extracting(d -> d.platform().toString())
        .containsExactly("linux/amd64", "linux/arm64");
  }

  @Test
  void artifactWithSubject_reportsSubjectAndArtifactType() {
    var subject = TestImages.ociImage("amd64", "a");
    var signature = TestImages.referrer(subject, "application/vnd.example.sig", "s");

    ParsedManifest parsed = parser.parse(signature.manifest().bytes(), MediaTypes.OCI_MANIFEST);

    assertThat(parsed.subject().digest()).isEqualTo(subject.digest());
    assertThat(parsed.effectiveArtifactType()).isEqualTo("application/vnd.example.sig");
    assertThat(parsed.annotations()).containsKey("org.opencontainers.image.created");
  }

  @Test
  void mediaTypeMissingEverywhere_isInferredFromShape() {
    String index = "{\"schemaVersion\":2,\"manifests\":[]}";

    assertThat(parser.parse(index.getBytes(StandardCharsets.UTF_8), "application/json").mediaType())
        .isEqualTo(MediaTypes.OCI_INDEX);
  }

  @Test
  void contentTypeParametersAreIgnored() {
    var image = TestImages.dockerImage("amd64", "x");

    assertThat(
            parser
                .parse(image.manifest().bytes(), MediaTypes.DOCKER_MANIFEST + "; charset=utf-8")
                .mediaType())
        .isEqualTo(MediaTypes.DOCKER_MANIFEST);
  }

  @Test
  void schema1_isRefused() {
    String schema1 = "{\"schemaVersion\":1,\"name\":\"a\",\"tag\":\"b\",\"fsLayers\":[]}";

    assertThatThrownBy(
            () ->
                parser.parse(
                    schema1.getBytes(StandardCharsets.UTF_8),
                    "application/vnd.docker.distribution.manifest.v1+prettyjws"))
        .isInstanceOf(InvalidManifestException.class);
  }

  @Test
  void aKeyTwice_atAnyDepth_orTextAfterTheJson_isRefused() {
    var image = TestImages.ociImage("amd64", "x");
    String manifest = new String(image.manifest().bytes(), StandardCharsets.UTF_8);
    String nestedTwice = manifest.replaceFirst("\"size\":", "\"size\":1,\"size\":");

    assertThatThrownBy(
            () ->
                parser.parse(nestedTwice.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("key twice")
        .hasMessageContaining("size");
    assertThatThrownBy(
            () ->
                parser.parse(
                    (manifest + "{\"schemaVersion\":2}").getBytes(StandardCharsets.UTF_8),
                    MediaTypes.OCI_MANIFEST))
        .isInstanceOf(InvalidManifestException.class);
    assertThatThrownBy(() -> parser.parse(new byte[0], MediaTypes.OCI_MANIFEST))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void shapeMustMatchTheMediaType() {
    String indexWithoutManifests =
        "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\"}";
    String imageWithManifests = "{\"schemaVersion\":2,\"manifests\":[]}";

    assertThatThrownBy(
            () -> parser.parse(indexWithoutManifests.getBytes(StandardCharsets.UTF_8), null))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("needs a 'manifests' array");
    assertThatThrownBy(
            () ->
                parser.parse(
                    imageWithManifests.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("must not list 'manifests'");
  }
}
