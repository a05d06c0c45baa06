package dev.berth.api;

import static dev.berth.testing.RegistryClient.errorCode;
import static dev.berth.testing.RegistryClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.MediaTypes;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Image;
import dev.berth.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Catalog, tag list and referrers: sorting, pagination and filters. */
class ListingApiTest {
  @RegisterExtension final TestRegistry registry = new TestRegistry();

  private RegistryClient client() {
    return registry.client();
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asText()));
    return values;
  }

  @Test
  void catalog_isSortedAndPaginatedWithLink() {
    Image image = TestImages.ociImage("amd64", "x");
    for (String repo : List.of("zeta", "alpha", "team/beta", "team/alpha", "gamma")) {
      image.push(client(), repo, "v1");
    }
    client().pushBlob("blobs-only", new byte[] {1}); // no manifest: not listed

    HttpResponse<byte[]> all = client().get("/v2/_catalog");
    assertThat(texts(json(all).path("repositories")))
        .containsExactly("alpha", "gamma", "team/alpha", "team/beta", "zeta");

    HttpResponse<byte[]> first = client().get("/v2/_catalog?n=2");
    assertThat(texts(json(first).path("repositories"))).containsExactly("alpha", "gamma");
    String link = first.headers().firstValue("Link").orElseThrow();
    assertThat(link).isEqualTo("</v2/_catalog?n=2&last=gamma>; rel=\"next\"");

    HttpResponse<byte[]> second = client().get("/v2/_catalog?n=2&last=gamma");
    assertThat(texts(json(second).path("repositories"))).containsExactly("team/alpha", "team/beta");
    HttpResponse<byte[]> third = client().get("/v2/_catalog?n=2&last=team%2Fbeta");
    assertThat(texts(json(third).path("repositories"))).containsExactly("zeta");
    assertThat(third.headers().firstValue("Link")).isEmpty();
  }

  @Test
  void tags_areSortedAndPaginated() {
    Image image = TestImages.ociImage("amd64", "x");
    for (String tag : List.of("v3", "latest", "v1", "v2")) {
      image.push(client(), "app", tag);
    }

    HttpResponse<byte[]> all = client().get("/v2/app/tags/list");
    assertThat(json(all).path("name").asText()).isEqualTo("app");
    assertThat(texts(json(all).path("tags"))).containsExactly("latest", "v1", "v2", "v3");

    HttpResponse<byte[]> page = client().get("/v2/app/tags/list?n=2&last=latest");
    assertThat(texts(json(page).path("tags"))).containsExactly("v1", "v2");
    assertThat(page.headers().firstValue("Link"))
        .contains("</v2/app/tags/list?n=2&last=v2>; rel=\"next\"");
  }

  /** Listings are served from memory between changes; each kind of change must show at once. */
  @Test
  void tags_showEveryChangeInTheVeryNextListing() {
    Image one = TestImages.ociImage("amd64", "one");
    Image two = TestImages.ociImage("arm64", "two");
    one.push(client(), "app", "v1");
    assertThat(tagsOf("app")).containsExactly("v1");

    two.push(client(), "app", "v2");
    assertThat(tagsOf("app")).containsExactly("v1", "v2");
    assertThat(texts(json(client().get("/v2/app/tags/list?n=1&last=v1")).path("tags")))
        .containsExactly("v2");

    assertThat(client().delete("/v2/app/manifests/v1").statusCode()).isEqualTo(202); // untag only
    assertThat(tagsOf("app")).containsExactly("v2");

    one.push(client(), "app", "v3");
    assertThat(tagsOf("app")).containsExactly("v2", "v3");
    assertThat(client().delete("/v2/app/manifests/" + one.digest()).statusCode())
        .isEqualTo(202); // tags cascade
    assertThat(tagsOf("app")).containsExactly("v2");

    assertThat(client().delete("/berth/v1/repositories/app").statusCode()).isEqualTo(202);
    assertThat(errorCode(client().get("/v2/app/tags/list"))).isEqualTo("NAME_UNKNOWN");
    one.push(client(), "app", "again");
    assertThat(tagsOf("app")).containsExactly("again");
  }

  private List<String> tagsOf(String repository) {
    HttpResponse<byte[]> response = client().get("/v2/" + repository + "/tags/list");
    assertThat(response.statusCode()).isEqualTo(200);
    return texts(json(response).path("tags"));
  }

  @Test
  void tagsOfUnknownRepository_isNameUnknown() {
    HttpResponse<byte[]> response = client().get("/v2/nothing/here/tags/list");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(errorCode(response)).isEqualTo("NAME_UNKNOWN");
  }

  @Test
  void invalidPageSize_isPaginationNumberInvalid() {
    assertThat(client().get("/v2/_catalog?n=abc").statusCode()).isEqualTo(400);
    assertThat(errorCode(client().get("/v2/_catalog?n=-1"))).isEqualTo("PAGINATION_NUMBER_INVALID");
    assertThat(json(client().get("/v2/_catalog?n=0")).path("repositories")).isEmpty();
  }

  @Test
  void referrers_listSubjectsArtifacts_withFilter() {
    Image subject = TestImages.ociImage("amd64", "app");
    subject.push(client(), "app", "v1");
    Image signature = TestImages.referrer(subject, "application/vnd.example.signature", "sig");
    Image sbom = TestImages.referrer(subject, "application/spdx+json", "sbom");

    HttpResponse<byte[]> push =
        client()
            .put(
                "/v2/app/manifests/" + signature.digest(),
                signature.manifest().bytes(),
                "Content-Type",
                MediaTypes.OCI_MANIFEST);
    assertThat(push.statusCode())
        .isEqualTo(400); // MANIFEST_BLOB_UNKNOWN: its blobs are not uploaded yet
    signature.blobs().forEach(b -> client().pushBlob("app", b.bytes()));
    push =
        client()
            .put(
                "/v2/app/manifests/" + signature.digest(),
                signature.manifest().bytes(),
                "Content-Type",
                MediaTypes.OCI_MANIFEST);
    assertThat(push.headers().firstValue("OCI-Subject")).contains(subject.digest().toString());
    sbom.push(client(), "app", sbom.digest().toString());

    HttpResponse<byte[]> all = client().get("/v2/app/referrers/" + subject.digest());
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.headers().firstValue("Content-Type")).contains(MediaTypes.OCI_INDEX);
    JsonNode index = json(all);
    assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
    assertThat(index.path("manifests")).hasSize(2);
    JsonNode first = index.path("manifests").get(0);
    assertThat(first.path("digest").asText()).isEqualTo(signature.digest().toString());
    assertThat(first.path("artifactType").asText()).isEqualTo("application/vnd.example.signature");
    assertThat(first.path("size").asLong()).isEqualTo(signature.manifest().bytes().length);
    assertThat(first.path("annotations").path("org.opencontainers.image.created").asText())
        .isNotEmpty();

    HttpResponse<byte[]> filtered =
        client()
            .get("/v2/app/referrers/" + subject.digest() + "?artifactType=application/spdx%2Bjson");
    assertThat(filtered.headers().firstValue("OCI-Filters-Applied")).contains("artifactType");
    assertThat(json(filtered).path("manifests")).hasSize(1);
    assertThat(json(filtered).path("manifests").get(0).path("digest").asText())
        .isEqualTo(sbom.digest().toString());

    HttpResponse<byte[]> none = client().get("/v2/app/referrers/sha256:" + "2".repeat(64));
    assertThat(json(none).path("manifests")).isEmpty();
    assertThat(errorCode(client().get("/v2/app/referrers/sha256:zz"))).isEqualTo("DIGEST_INVALID");
  }
}
