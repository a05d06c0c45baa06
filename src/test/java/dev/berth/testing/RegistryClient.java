package dev.berth.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A thin HTTP/1.1 client for the registry API, speaking in requests and responses, not clients'
 * shortcuts.
 */
public final class RegistryClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How a request reaches the registry: as is, with fixed credentials, or answering challenges. */
  @FunctionalInterface
  public interface Transport {
    HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException;
  }

  private final URI base;
  private final Transport transport;

  public RegistryClient(URI base) {
    this(base, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
  }

  /** Over {@code http} (e.g. one trusting only a test CA), sending requests as they are. */
  public RegistryClient(URI base, HttpClient http) {
    this(base, request -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
  }

  public RegistryClient(URI base, Transport transport) {
    this.base = base;
    this.transport = transport;
  }

  /** The same client, sending HTTP Basic credentials with every request. */
  public RegistryClient withBasicAuth(String user, String password) {
    String authorization = basic(user, password);
    return new RegistryClient(
        base, request -> transport.send(withHeader(request, "Authorization", authorization)));
  }

  /** The value of an {@code Authorization: Basic} header. */
  public static String basic(String user, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A copy of {@code request} with one more header. */
  public static HttpRequest withHeader(HttpRequest request, String name, String value) {
    return HttpRequest.newBuilder(request, (n, v) -> true).header(name, value).build();
  }

  public URI base() {
    return base;
  }

  public URI uri(String pathAndQuery) {
    return URI.create(base + pathAndQuery);
  }

  public HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery));
  }

  public HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return transport.send(request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<byte[]> get(String path, String... headers) {
    HttpRequest.Builder b = request(path).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  public HttpResponse<byte[]> head(String path, String... headers) {
    HttpRequest.Builder b = request(path).method("HEAD", HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  public HttpResponse<byte[]> delete(String path) {
    return send(request(path).DELETE().build());
  }

  public HttpResponse<byte[]> post(String path, byte[] body) {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  public HttpResponse<byte[]> put(String pathOrUrl, byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(resolve(pathOrUrl))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  public HttpResponse<byte[]> patch(String pathOrUrl, byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(resolve(pathOrUrl))
            .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  /** A Location header is absolute; a path is relative to the registry. */
  public URI resolve(String pathOrUrl) {
    return pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : uri(pathOrUrl);
  }

  /** Uploads a blob the way most clients do: POST, then PUT with the digest. */
  public Digest pushBlob(String repository, byte[] content) {
    HttpResponse<byte[]> response = uploadBlob(repository, content);
    requireStatus(response, response.request().method().equals("POST") ? 202 : 201);
    return Digest.sha256(content);
  }

  /**
   * The same upload, without judging it: the refused POST, or the PUT's response. For tests of who
   * may push.
   */
  public HttpResponse<byte[]> uploadBlob(String repository, byte[] content) {
    HttpResponse<byte[]> start = post("/v2/" + repository + "/blobs/uploads/", new byte[0]);
    if (start.statusCode() != 202) {
      return start;
    }
    String location = start.headers().firstValue("Location").orElseThrow();
    String sep = location.contains("?") ? "&" : "?";
    return put(
        location + sep + "digest=" + Digest.sha256(content),
        content,
        "Content-Type",
        "application/octet-stream");
  }

  /** Pushes a manifest and returns its digest. */
  public Digest pushManifest(
      String repository, String reference, String mediaType, byte[] content) {
    HttpResponse<byte[]> response = putManifest(repository, reference, mediaType, content);
    requireStatus(response, 201);
    return Digest.parse(response.headers().firstValue("Docker-Content-Digest").orElseThrow());
  }

  /** The same PUT, without judging its answer. */
  public HttpResponse<byte[]> putManifest(
      String repository, String reference, String mediaType, byte[] content) {
    return put("/v2/" + repository + "/manifests/" + reference, content, "Content-Type", mediaType);
  }

  public static void requireStatus(HttpResponse<byte[]> response, int status) {
    if (response.statusCode() != status) {
      throw new AssertionError(
          "expected "
              + status
              + " from "
              + response.request().method()
              + " "
              + response.request().uri()
              + " but got "
              + response.statusCode()
              + ": "
              + new String(response.body()));
    }
  }

  /** The first error code of a spec error body. */
  public static String errorCode(HttpResponse<byte[]> response) {
    return json(response).path("errors").path(0).path("code").asText();
  }

  public static JsonNode json(HttpResponse<byte[]> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + new String(response.body()), e);
    }
  }
}
