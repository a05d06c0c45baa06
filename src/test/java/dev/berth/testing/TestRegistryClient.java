package dev.berth.testing;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Pushes blobs and manifests the way a client does, over plain HTTP: {@code POST} an upload,
 * {@code PUT ?digest=} the bytes, {@code PUT} the manifest.
 */
public final class TestRegistryClient {
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  public TestRegistryClient(URI base) {
    this.base = base;
  }

  public Digest pushBlob(String repository, byte[] content) throws IOException, InterruptedException {
    Digest digest = Digest.sha256(content);
    HttpResponse<String> started = http.send(
        HttpRequest.newBuilder(base.resolve("/v2/" + repository + "/blobs/uploads/"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    require(started, 202, "start an upload in " + repository);
    String location = started.headers().firstValue("Location").orElseThrow();
    URI upload = base.resolve(location);
    String separator = upload.getQuery() == null ? "?" : "&";
    HttpResponse<String> put = http.send(
        HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
        HttpResponse.BodyHandlers.ofString());
    require(put, 201, "complete the upload of " + digest);
    return digest;
  }

  public Digest pushManifest(String repository, String reference, String mediaType, String json)
      throws IOException, InterruptedException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> put = http.send(
        HttpRequest.newBuilder(base.resolve("/v2/" + repository + "/manifests/" + reference))
            .header("Content-Type", mediaType)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
        HttpResponse.BodyHandlers.ofString());
    require(put, 201, "push the manifest " + repository + ":" + reference);
    return Digest.sha256(bytes);
  }

  public int get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static void require(HttpResponse<String> response, int status, String what) {
    if (response.statusCode() != status) {
      throw new IllegalStateException("Could not " + what + ": HTTP " + response.statusCode() + " " + response.body());
    }
  }
}
