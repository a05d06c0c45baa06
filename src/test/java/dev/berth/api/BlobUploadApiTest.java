package dev.berth.api;

import static dev.berth.testing.RegistryClient.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Blob uploads over real HTTP: every upload flavour of the spec and its error cases. */
class BlobUploadApiTest {
  @RegisterExtension final TestRegistry registry = new TestRegistry();

  private RegistryClient client() {
    return registry.client();
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private String startUpload(String repository) {
    HttpResponse<byte[]> response =
        client().post("/v2/" + repository + "/blobs/uploads/", new byte[0]);
    assertThat(response.statusCode()).isEqualTo(202);
    return response.headers().firstValue("Location").orElseThrow();
  }

  @Test
  void post_startsSession_withSpecHeaders() {
    HttpResponse<byte[]> response = client().post("/v2/team/app/blobs/uploads/", new byte[0]);

    assertThat(response.statusCode()).isEqualTo(202);
    String uuid = response.headers().firstValue("Docker-Upload-UUID").orElseThrow();
    assertThat(response.headers().firstValue("Location").orElseThrow())
        .endsWith("/v2/team/app/blobs/uploads/" + uuid);
    assertThat(response.headers().firstValue("Range")).contains("0-0");
    assertThat(response.headers().firstValue("OCI-Chunk-Min-Length")).isPresent();
    assertThat(response.headers().firstValue("Docker-Distribution-API-Version"))
        .contains("registry/2.0");
  }

  @Test
  void monolithic_postThenPut_storesBlob() {
    byte[] content = randomBytes(100_000, 1);
    Digest digest = Digest.sha256(content);
    String location = startUpload("app");

    HttpResponse<byte[]> put = client().put(location + "?digest=" + digest, content);

    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.headers().firstValue("Docker-Content-Digest")).contains(digest.toString());
    assertThat(put.headers().firstValue("Location").orElseThrow())
        .endsWith("/v2/app/blobs/" + digest);
    HttpResponse<byte[]> get = client().get("/v2/app/blobs/" + digest);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(content);
  }

  @Test
  void singlePostWithDigest_storesBlob() {
    byte[] content = "one request".getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(content);

    HttpResponse<byte[]> response =
        client().post("/v2/app/blobs/uploads/?digest=" + digest, content);

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(client().get("/v2/app/blobs/" + digest).body()).isEqualTo(content);
  }

  @Test
  void chunked_patchWithContentRange_thenPutWithFinalChunk() {
    byte[] content = randomBytes(300_000, 2);
    Digest digest = Digest.sha256(content);
    String location = startUpload("app");

    HttpResponse<byte[]> first =
        client()
            .patch(
                location,
                Arrays.copyOfRange(content, 0, 100_000),
                "Content-Range",
                "0-99999",
                "Content-Type",
                "application/octet-stream");
    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(first.headers().firstValue("Range")).contains("0-99999");
    String next = first.headers().firstValue("Location").orElseThrow();

    HttpResponse<byte[]> second =
        client()
            .patch(
                next,
                Arrays.copyOfRange(content, 100_000, 250_000),
                "Content-Range",
                "100000-249999");
    assertThat(second.statusCode()).isEqualTo(202);
    assertThat(second.headers().firstValue("Range")).contains("0-249999");

    HttpResponse<byte[]> put =
        client()
            .put(
                second.headers().firstValue("Location").orElseThrow() + "?digest=" + digest,
                Arrays.copyOfRange(content, 250_000, content.length));
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(client().get("/v2/app/blobs/" + digest).body()).isEqualTo(content);
  }

  @Test
  void streamedPatchWithoutContentRange_appends() {
    byte[] content = randomBytes(70_000, 3);
    Digest digest = Digest.sha256(content);
    String location = startUpload("app");

    assertThat(client().patch(location, Arrays.copyOfRange(content, 0, 30_000)).statusCode())
        .isEqualTo(202);
    assertThat(client().patch(location, Arrays.copyOfRange(content, 30_000, 70_000)).statusCode())
        .isEqualTo(202);
    assertThat(client().put(location + "?digest=" + digest, new byte[0]).statusCode())
        .isEqualTo(201);

    assertThat(client().get("/v2/app/blobs/" + digest).body()).isEqualTo(content);
  }

  @Test
  void largeChunkedTransferEncodingBody_isStreamedThrough() {
    byte[] content = randomBytes(24 * 1024 * 1024, 8);
    Digest digest = Digest.sha256(content);
    String location = startUpload("app");

    // ofInputStream has no known length, so the client sends Transfer-Encoding: chunked.
    HttpResponse<byte[]> patch =
        client()
            .send(
                java.net.http.HttpRequest.newBuilder(client().resolve(location))
                    .method(
                        "PATCH",
                        java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                            () -> new java.io.ByteArrayInputStream(content)))
                    .build());

    assertThat(patch.statusCode()).isEqualTo(202);
    assertThat(patch.headers().firstValue("Range")).contains("0-" + (content.length - 1));
    assertThat(client().put(location + "?digest=" + digest, new byte[0]).statusCode())
        .isEqualTo(201);
    assertThat(client().get("/v2/app/blobs/" + digest).body()).isEqualTo(content);
  }

  @Test
  void getUploadStatus_reportsRangeAndUuid() {
    String location = startUpload("app");
    client().patch(location, new byte[1234], "Content-Range", "0-1233");

    HttpResponse<byte[]> status = client().get(location.substring(location.indexOf("/v2/")));

    assertThat(status.statusCode()).isEqualTo(204);
    assertThat(status.headers().firstValue("Range")).contains("0-1233");
    assertThat(location).endsWith(status.headers().firstValue("Docker-Upload-UUID").orElseThrow());
    assertThat(status.headers().firstValue("Location").orElseThrow()).isEqualTo(location);
  }

  @Test
  void outOfOrderChunk_is416_andKeepsWhatWasUploaded() {
    String location = startUpload("app");
    client().patch(location, new byte[100], "Content-Range", "0-99");

    HttpResponse<byte[]> skip = client().patch(location, new byte[100], "Content-Range", "200-299");

    assertThat(skip.statusCode()).isEqualTo(416);
    assertThat(errorCode(skip)).isEqualTo("BLOB_UPLOAD_INVALID");
    assertThat(skip.headers().firstValue("Range")).contains("0-99");
    assertThat(client().patch(location, new byte[50], "Content-Range", "100-149").statusCode())
        .isEqualTo(202);
  }

  @Test
  void digestMismatch_isDigestInvalid_andStoresNothing() throws Exception {
    byte[] content = randomBytes(5_000, 4);
    Digest wrong = Digest.sha256("something else".getBytes(StandardCharsets.UTF_8));
    String location = startUpload("app");

    HttpResponse<byte[]> put = client().put(location + "?digest=" + wrong, content);

    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(errorCode(put)).isEqualTo("DIGEST_INVALID");
    assertThat(client().head("/v2/app/blobs/" + wrong).statusCode()).isEqualTo(404);
    assertThat(client().head("/v2/app/blobs/" + Digest.sha256(content)).statusCode())
        .isEqualTo(404);
    assertThat(storedBlobFiles()).isZero();
    assertThat(uploadFiles()).isZero();
    // The session is gone: the client has to start over.
    assertThat(client().get(location.substring(location.indexOf("/v2/"))).statusCode())
        .isEqualTo(404);
  }

  @Test
  void truncatedChunk_isSizeInvalid_andNoBlobAppears() throws Exception {
    String location = startUpload("app");
    byte[] content = randomBytes(1000, 5);

    // Content-Range promises 2000 bytes; only 1000 arrive.
    HttpResponse<byte[]> patch = client().patch(location, content, "Content-Range", "0-1999");

    assertThat(patch.statusCode()).isEqualTo(400);
    assertThat(errorCode(patch)).isEqualTo("BLOB_UPLOAD_INVALID");
    assertThat(storedBlobFiles()).isZero();
  }

  @Test
  void missingOrMalformedDigestOnPut_isDigestInvalid() {
    String location = startUpload("app");

    assertThat(errorCode(client().put(location, new byte[1]))).isEqualTo("DIGEST_INVALID");
    HttpResponse<byte[]> malformed = client().put(location + "?digest=sha256:xyz", new byte[1]);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(errorCode(malformed)).isEqualTo("DIGEST_INVALID");
  }

  @Test
  void unknownOrForeignUpload_isBlobUploadUnknown() {
    String location = startUpload("app");
    String uuid = location.substring(location.lastIndexOf('/') + 1);

    HttpResponse<byte[]> unknown =
        client().patch("/v2/app/blobs/uploads/3f2a7c1e-0000-4000-8000-000000000000", new byte[1]);
    HttpResponse<byte[]> garbage = client().get("/v2/app/blobs/uploads/not-a-uuid");
    HttpResponse<byte[]> foreign = client().patch("/v2/other/blobs/uploads/" + uuid, new byte[1]);

    for (HttpResponse<byte[]> r : new HttpResponse[] {unknown, garbage, foreign}) {
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(errorCode(r)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
    }
  }

  @Test
  void delete_cancelsUpload_andRemovesItsBytes() throws Exception {
    String location = startUpload("app");
    client().patch(location, new byte[4096]);
    assertThat(uploadFiles()).isEqualTo(1);

    HttpResponse<byte[]> cancel = client().delete(location.substring(location.indexOf("/v2/")));

    assertThat(cancel.statusCode()).isEqualTo(204);
    assertThat(uploadFiles()).isZero();
    assertThat(client().delete(location.substring(location.indexOf("/v2/"))).statusCode())
        .isEqualTo(404);
  }

  @Test
  void crossRepositoryMount_linksWithoutUpload() {
    byte[] content = randomBytes(10_000, 6);
    Digest digest = client().pushBlob("source/repo", content);

    HttpResponse<byte[]> mount =
        client()
            .post(
                "/v2/target/repo/blobs/uploads/?mount=" + digest + "&from=source/repo",
                new byte[0]);

    assertThat(mount.statusCode()).isEqualTo(201);
    assertThat(mount.headers().firstValue("Location").orElseThrow())
        .endsWith("/v2/target/repo/blobs/" + digest);
    assertThat(mount.headers().firstValue("Docker-Content-Digest")).contains(digest.toString());
    assertThat(client().get("/v2/target/repo/blobs/" + digest).body()).isEqualTo(content);
  }

  @Test
  void mountOfMissingBlob_fallsBackToUploadSession() {
    Digest absent = Digest.sha256("absent".getBytes(StandardCharsets.UTF_8));

    HttpResponse<byte[]> fromMissing =
        client().post("/v2/target/blobs/uploads/?mount=" + absent + "&from=source", new byte[0]);
    HttpResponse<byte[]> withoutFrom =
        client().post("/v2/target/blobs/uploads/?mount=" + absent, new byte[0]);

    assertThat(fromMissing.statusCode()).isEqualTo(202);
    assertThat(fromMissing.headers().firstValue("Docker-Upload-UUID")).isPresent();
    assertThat(withoutFrom.statusCode()).isEqualTo(202);
  }

  @Test
  void mountWithoutFrom_neverRevealsAnotherRepositorysBlob() {
    Digest digest = client().pushBlob("private", "secret layer".getBytes(StandardCharsets.UTF_8));

    HttpResponse<byte[]> mount =
        client().post("/v2/intruder/blobs/uploads/?mount=" + digest, new byte[0]);

    assertThat(mount.statusCode()).isEqualTo(202);
    assertThat(client().head("/v2/intruder/blobs/" + digest).statusCode()).isEqualTo(404);
  }

  @Test
  void identicalBlobsInTwoRepositories_areStoredOnce() throws Exception {
    byte[] content = randomBytes(20_000, 7);
    client().pushBlob("one", content);
    client().pushBlob("two", content);

    assertThat(storedBlobFiles()).isEqualTo(1);
    assertThat(client().get("/v2/two/blobs/" + Digest.sha256(content)).body()).isEqualTo(content);
  }

  private long storedBlobFiles() throws Exception {
    return countFiles(registry.data().resolve("storage/blobs"));
  }

  private long uploadFiles() throws Exception {
    return countFiles(registry.data().resolve("storage/uploads"));
  }

  static long countFiles(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }
}
