package dev.berth.api;

import static dev.berth.testing.RegistryClient.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Blob;
import dev.berth.testing.TestImages.Image;
import dev.berth.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Manifest push, pull and delete over real HTTP, for all four manifest types. */
class ManifestApiTest {
  @RegisterExtension final TestRegistry registry = new TestRegistry();

  private RegistryClient client() {
    return registry.client();
  }

  @Test
  void ociManifest_roundTripsByTagAndDigest_byteForByte() {
    Image image = TestImages.ociImage("amd64", "hello");
    Digest digest = image.push(client(), "team/app", "1.0");

    assertThat(digest).isEqualTo(image.digest());
    for (String reference : List.of("1.0", digest.toString())) {
      HttpResponse<byte[]> get =
          client().get("/v2/team/app/manifests/" + reference, "Accept", MediaTypes.OCI_MANIFEST);
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo(image.manifest().bytes());
      assertThat(get.headers().firstValue("Content-Type")).contains(MediaTypes.OCI_MANIFEST);
      assertThat(get.headers().firstValue("Docker-Content-Digest")).contains(digest.toString());
      assertThat(Digest.sha256(get.body())).isEqualTo(digest);
    }
  }

  @Test
  void pushResponse_hasLocationAndDigest() {
    Image image = TestImages.dockerImage("amd64", "x");
    image.blobs().forEach(b -> client().pushBlob("app", b.bytes()));

    HttpResponse<byte[]> put =
        client()
            .put(
                "/v2/app/manifests/latest",
                image.manifest().bytes(),
                "Content-Type",
                MediaTypes.DOCKER_MANIFEST);

    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.headers().firstValue("Location").orElseThrow())
        .endsWith("/v2/app/manifests/" + image.digest());
    assertThat(put.headers().firstValue("Docker-Content-Digest"))
        .contains(image.digest().toString());
  }

  @Test
  void head_returnsTypeDigestAndLength_withoutBody() {
    Image image = TestImages.dockerImage("amd64", "x");
    image.push(client(), "app", "v1");

    HttpResponse<byte[]> head =
        client().head("/v2/app/manifests/v1", "Accept", MediaTypes.DOCKER_MANIFEST);

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Type")).contains(MediaTypes.DOCKER_MANIFEST);
    assertThat(head.headers().firstValueAsLong("Content-Length"))
        .hasValue(image.manifest().bytes().length);
    assertThat(head.headers().firstValue("Docker-Content-Digest"))
        .contains(image.digest().toString());
  }

  @Test
  void ociIndexAndDockerList_needTheirChildren_andRoundTrip() {
    Image amd64 = TestImages.ociImage("amd64", "a");
    Image arm64 = TestImages.ociImage("arm64", "b");
    Blob index = TestImages.index(MediaTypes.OCI_INDEX, List.of(amd64, arm64));

    HttpResponse<byte[]> early =
        client()
            .put("/v2/multi/manifests/latest", index.bytes(), "Content-Type", MediaTypes.OCI_INDEX);
    assertThat(early.statusCode()).isEqualTo(400);
    assertThat(errorCode(early)).isEqualTo("MANIFEST_BLOB_UNKNOWN");

    amd64.push(client(), "multi", amd64.digest().toString());
    arm64.push(client(), "multi", arm64.digest().toString());
    Digest indexDigest =
        client().pushManifest("multi", "latest", MediaTypes.OCI_INDEX, index.bytes());

    HttpResponse<byte[]> get =
        client().get("/v2/multi/manifests/latest", "Accept", MediaTypes.OCI_INDEX);
    assertThat(get.body()).isEqualTo(index.bytes());
    assertThat(get.headers().firstValue("Content-Type")).contains(MediaTypes.OCI_INDEX);
    assertThat(indexDigest).isEqualTo(index.digest());
  }

  @Test
  void dockerList_servesAmd64ImageToClientsThatCannotReadLists() {
    Image amd64 = TestImages.dockerImage("amd64", "a");
    Image arm64 = TestImages.dockerImage("arm64", "b");
    amd64.push(client(), "legacy", amd64.digest().toString());
    arm64.push(client(), "legacy", arm64.digest().toString());
    Blob list = TestImages.index(MediaTypes.DOCKER_MANIFEST_LIST, List.of(amd64, arm64));
    client().pushManifest("legacy", "latest", MediaTypes.DOCKER_MANIFEST_LIST, list.bytes());

    HttpResponse<byte[]> listAware =
        client()
            .get(
                "/v2/legacy/manifests/latest",
                "Accept",
                MediaTypes.DOCKER_MANIFEST_LIST + ", " + MediaTypes.DOCKER_MANIFEST);
    HttpResponse<byte[]> imageOnly =
        client().get("/v2/legacy/manifests/latest", "Accept", MediaTypes.DOCKER_MANIFEST);

    assertThat(listAware.body()).isEqualTo(list.bytes());
    assertThat(imageOnly.body()).isEqualTo(amd64.manifest().bytes());
    assertThat(imageOnly.headers().firstValue("Docker-Content-Digest"))
        .contains(amd64.digest().toString());
  }

  @Test
  void ociManifest_isNotServedToClientsThatRejectIt() {
    Image image = TestImages.ociImage("amd64", "x");
    image.push(client(), "app", "v1");

    HttpResponse<byte[]> dockerOnly =
        client().get("/v2/app/manifests/v1", "Accept", MediaTypes.DOCKER_MANIFEST);
    HttpResponse<byte[]> wildcard = client().get("/v2/app/manifests/v1", "Accept", "*/*");

    assertThat(dockerOnly.statusCode()).isEqualTo(404);
    assertThat(errorCode(dockerOnly)).isEqualTo("MANIFEST_UNKNOWN");
    assertThat(wildcard.statusCode()).isEqualTo(200);
  }

  @Test
  void missingLayer_isManifestBlobUnknown_andNothingIsStored() {
    Image image = TestImages.ociImage("amd64", "x", "y");
    client().pushBlob("app", image.config().bytes());
    client().pushBlob("app", image.layers().get(0).bytes());

    HttpResponse<byte[]> put =
        client()
            .put(
                "/v2/app/manifests/v1",
                image.manifest().bytes(),
                "Content-Type",
                MediaTypes.OCI_MANIFEST);

    assertThat(put.statusCode()).isEqualTo(400); // registry:2 and the Docker API say 400
    assertThat(errorCode(put)).isEqualTo("MANIFEST_BLOB_UNKNOWN");
    assertThat(
            RegistryClient.json(put)
                .path("errors")
                .path(0)
                .path("detail")
                .path("missing")
                .get(0)
                .asText())
        .isEqualTo(image.layers().get(1).digest().toString());
    assertThat(client().get("/v2/app/manifests/v1").statusCode()).isEqualTo(404);
  }

  @Test
  void malformedManifests_areManifestInvalid() {
    String[] bodies = {
      "not json",
      "[1,2]",
      "{\"schemaVersion\":1}",
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}",
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
          + "\"config\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:nothex\",\"size\":1},\"layers\":[]}",
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
          + "\"config\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:"
          + "a".repeat(64)
          + "\",\"size\":-1},\"layers\":[]}",
      "{\"schemaVersion\":2,\"mediaType\":\"application/x-unknown\",\"layers\":[]}",
    };
    for (String body : bodies) {
      HttpResponse<byte[]> put =
          client()
              .put(
                  "/v2/app/manifests/bad",
                  body.getBytes(StandardCharsets.UTF_8),
                  "Content-Type",
                  MediaTypes.OCI_MANIFEST);
      assertThat(put.statusCode()).as(body).isEqualTo(400);
      assertThat(errorCode(put)).as(body).isEqualTo("MANIFEST_INVALID");
    }
    assertThat(client().get("/v2/_catalog").body()).asString().doesNotContain("app");
  }

  @Test
  void contentTypeContradictingMediaType_isManifestInvalid() {
    Image image = TestImages.ociImage("amd64", "x");
    image.blobs().forEach(b -> client().pushBlob("app", b.bytes()));

    HttpResponse<byte[]> put =
        client()
            .put(
                "/v2/app/manifests/v1",
                image.manifest().bytes(),
                "Content-Type",
                MediaTypes.DOCKER_MANIFEST);

    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(errorCode(put)).isEqualTo("MANIFEST_INVALID");
  }

  @Test
  void oversizeManifest_is413ManifestInvalid() {
    byte[] huge = new byte[4 * 1024 * 1024 + 1];
    java.util.Arrays.fill(huge, (byte) ' ');

    HttpResponse<byte[]> put =
        client().put("/v2/app/manifests/big", huge, "Content-Type", MediaTypes.OCI_MANIFEST);

    assertThat(put.statusCode()).isEqualTo(413);
    assertThat(errorCode(put)).isEqualTo("MANIFEST_INVALID");
  }

  @Test
  void pushByDigest_mustMatchContent() {
    Image image = TestImages.ociImage("amd64", "x");
    image.blobs().forEach(b -> client().pushBlob("app", b.bytes()));
    Digest other = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));

    HttpResponse<byte[]> wrong =
        client()
            .put(
                "/v2/app/manifests/" + other,
                image.manifest().bytes(),
                "Content-Type",
                MediaTypes.OCI_MANIFEST);
    HttpResponse<byte[]> right =
        client()
            .put(
                "/v2/app/manifests/" + image.digest(),
                image.manifest().bytes(),
                "Content-Type",
                MediaTypes.OCI_MANIFEST);

    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(errorCode(wrong)).isEqualTo("DIGEST_INVALID");
    assertThat(right.statusCode()).isEqualTo(201);
  }

  @Test
  void
      pushToAReferenceThatIsNeitherTagNorDigest_isManifestInvalid_butAMalformedDigestIsDigestInvalid() {
    Image image = TestImages.ociImage("amd64", "x");
    image.blobs().forEach(b -> client().pushBlob("app", b.bytes()));

    HttpResponse<byte[]> colon =
        client()
            .put(
                "/v2/app/manifests/has%3Acolon",
                image.manifest().bytes(), "Content-Type", MediaTypes.OCI_MANIFEST);
    HttpResponse<byte[]> shortDigest =
        client()
            .put(
                "/v2/app/manifests/sha256:abc",
                image.manifest().bytes(),
                "Content-Type",
                MediaTypes.OCI_MANIFEST);

    assertThat(colon.statusCode()).isEqualTo(400);
    assertThat(errorCode(colon)).isEqualTo("MANIFEST_INVALID");
    assertThat(shortDigest.statusCode()).isEqualTo(400);
    assertThat(errorCode(shortDigest)).isEqualTo("DIGEST_INVALID");
  }

  @Test
  void unknownManifest_isManifestUnknown() {
    TestImages.ociImage("amd64", "x").push(client(), "app", "v1");

    HttpResponse<byte[]> byTag = client().get("/v2/app/manifests/v2");
    HttpResponse<byte[]> byDigest = client().get("/v2/app/manifests/sha256:" + "1".repeat(64));
    HttpResponse<byte[]> badTag = client().get("/v2/app/manifests/-bad");

    assertThat(byTag.statusCode()).isEqualTo(404);
    assertThat(errorCode(byTag)).isEqualTo("MANIFEST_UNKNOWN");
    assertThat(errorCode(byDigest)).isEqualTo("MANIFEST_UNKNOWN");
    assertThat(errorCode(badTag)).isEqualTo("MANIFEST_UNKNOWN");
  }

  @Test
  void deleteByTag_removesOnlyThatTag() {
    Image image = TestImages.ociImage("amd64", "x");
    image.push(client(), "app", "v1");
    client().pushManifest("app", "stable", MediaTypes.OCI_MANIFEST, image.manifest().bytes());

    HttpResponse<byte[]> delete = client().delete("/v2/app/manifests/v1");

    assertThat(delete.statusCode()).isEqualTo(202);
    assertThat(client().get("/v2/app/manifests/v1").statusCode()).isEqualTo(404);
    assertThat(client().get("/v2/app/manifests/stable").statusCode()).isEqualTo(200);
    assertThat(client().get("/v2/app/manifests/" + image.digest()).statusCode()).isEqualTo(200);
  }

  @Test
  void deleteByDigest_removesManifestAndAllItsTags() {
    Image image = TestImages.ociImage("amd64", "x");
    image.push(client(), "app", "v1");
    client().pushManifest("app", "stable", MediaTypes.OCI_MANIFEST, image.manifest().bytes());

    HttpResponse<byte[]> delete = client().delete("/v2/app/manifests/" + image.digest());

    assertThat(delete.statusCode()).isEqualTo(202);
    assertThat(client().get("/v2/app/manifests/" + image.digest()).statusCode()).isEqualTo(404);
    assertThat(client().get("/v2/app/manifests/stable").statusCode()).isEqualTo(404);
    assertThat(RegistryClient.json(client().get("/v2/app/tags/list")).path("tags")).isEmpty();
    assertThat(errorCode(client().delete("/v2/app/manifests/" + image.digest())))
        .isEqualTo("MANIFEST_UNKNOWN");
  }

  @Test
  void retag_movesTagToNewManifest() {
    Image first = TestImages.ociImage("amd64", "one");
    Image second = TestImages.ociImage("amd64", "two");
    first.push(client(), "app", "latest");
    second.push(client(), "app", "latest");

    HttpResponse<byte[]> get = client().get("/v2/app/manifests/latest");

    assertThat(get.headers().firstValue("Docker-Content-Digest"))
        .contains(second.digest().toString());
    assertThat(client().get("/v2/app/manifests/" + first.digest()).statusCode()).isEqualTo(200);
  }

  @Test
  void manifestIsAlsoReadableAsBlob_likeRegistry2() {
    Image image = TestImages.ociImage("amd64", "x");
    image.push(client(), "app", "v1");

    HttpResponse<byte[]> get = client().get("/v2/app/blobs/" + image.digest());

    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(image.manifest().bytes());
  }

  @Test
  void aPullIsAManifestFetchFollowedByALayerFetch_inspectingIsNot() throws Exception {
    Image pulled = TestImages.ociImage("amd64", "pulled layer");
    Image inspected = TestImages.ociImage("amd64", "inspected layer");
    pulled.push(client(), "app", "v1");
    inspected.push(client(), "app", "v2");
    String layer = "/v2/app/blobs/" + pulled.layers().get(0).digest();

    // As `docker pull` does: the manifest, the config, the layers. Twice: two pulls.
    for (String reference : List.of("v1", pulled.digest().toString())) {
      client().get("/v2/app/manifests/" + reference);
      client().get("/v2/app/blobs/" + pulled.config().digest());
      client().get(layer);
    }
    // As `skopeo inspect` does: the manifest and the config, no layer. Not a pull.
    client().get("/v2/app/manifests/v2");
    client().get("/v2/app/blobs/" + inspected.config().digest());
    // A HEAD is no fetch, so the layer after it confirms nothing either.
    client().head("/v2/app/manifests/v1");
    client().get(layer);

    registry.stop(); // flushes the batched counts
    registry.start();

    var counted = registry.engine().metadata().browse().recentPulls(10);
    assertThat(counted)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.digest()).isEqualTo(pulled.digest());
              assertThat(p.pullCount()).isEqualTo(2);
              assertThat(p.at()).isNotNull();
            });
  }
}
