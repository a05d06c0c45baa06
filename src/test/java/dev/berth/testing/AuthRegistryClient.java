package dev.berth.testing;

import dev.berth.oci.MediaTypes;
import dev.berth.testing.TestImages.Blob;
import dev.berth.testing.TestImages.Image;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry client that authenticates the way docker does: it sends a request without credentials,
 * and on 401 answers the challenge — Basic with the name and password, Bearer by fetching a token
 * from the realm (with Basic credentials if it has them) and retrying once. The requests themselves
 * are {@link RegistryClient}'s; {@link #status} of an operation is the status the user would
 * finally see.
 */
public final class AuthRegistryClient {
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final HttpClient http;
  private final URI base;
  private final String user;
  private final String password;
  private final RegistryClient registry;
  private String pingChallenge;

  public AuthRegistryClient(HttpClient http, URI base, String user, String password) {
    this.http = http;
    this.base = base;
    this.user = user;
    this.password = password;
    this.registry = new RegistryClient(base, this::send);
  }

  public static AuthRegistryClient anonymous(HttpClient http, URI base) {
    return new AuthRegistryClient(http, base, null, null);
  }

  /** The plain API client whose every request goes through this client's authentication. */
  public RegistryClient registry() {
    return registry;
  }

  /**
   * Like docker: a client with credentials first asks {@code /v2/} how to authenticate, and from
   * then on sends Basic credentials with every request (so anonymous access never hides them).
   */
  public HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
    if (user != null && pingChallenge == null) {
      pingChallenge =
          http.send(
                  HttpRequest.newBuilder(base.resolve("/v2/")).GET().build(),
                  HttpResponse.BodyHandlers.discarding())
              .headers()
              .firstValue("WWW-Authenticate")
              .orElse("");
    }
    if (user != null && pingChallenge.startsWith("Basic")) {
      return sendWith(request, basic());
    }
    HttpResponse<byte[]> first = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (first.statusCode() != 401) {
      return first;
    }
    String challenge = first.headers().firstValue("WWW-Authenticate").orElse("");
    if (challenge.startsWith("Basic")) {
      return user == null ? first : sendWith(request, basic());
    }
    if (challenge.startsWith("Bearer")) {
      Map<String, String> p = params(challenge);
      StringBuilder url =
          new StringBuilder(p.get("realm")).append("?service=").append(enc(p.get("service")));
      if (p.containsKey("scope")) {
        url.append("&scope=").append(enc(p.get("scope")));
      }
      HttpRequest.Builder tokenRequest = HttpRequest.newBuilder(URI.create(url.toString())).GET();
      if (user != null) {
        tokenRequest.header("Authorization", basic());
      }
      HttpResponse<String> token =
          http.send(tokenRequest.build(), HttpResponse.BodyHandlers.ofString());
      if (token.statusCode() != 200) {
        return new StatusOnly(token.statusCode(), first);
      }
      Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(token.body());
      if (!m.find()) {
        throw new IOException("token response without token: " + token.body());
      }
      return sendWith(request, "Bearer " + m.group(1));
    }
    return first;
  }

  private HttpResponse<byte[]> sendWith(HttpRequest request, String authorization)
      throws IOException, InterruptedException {
    return http.send(
        RegistryClient.withHeader(request, "Authorization", authorization),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  public int get(String path) {
    return registry.get(path, "Accept", MediaTypes.OCI_MANIFEST).statusCode();
  }

  public int delete(String path) {
    return registry.delete(path).statusCode();
  }

  /**
   * Pushes a tiny image, unique per call, under {@code tag}; returns the first failing status or
   * 201.
   */
  public Pushed pushImage(String repository, String tag) {
    Image image =
        TestImages.ociImage(
            "amd64", "layer of " + repository + ":" + tag + " " + System.nanoTime());
    for (Blob blob : image.blobs()) {
      int status = registry.uploadBlob(repository, blob.bytes()).statusCode();
      if (status != 201) {
        return new Pushed(status, null);
      }
    }
    Blob manifest = image.manifest();
    int status =
        registry.putManifest(repository, tag, manifest.mediaType(), manifest.bytes()).statusCode();
    return new Pushed(status, image.digest().toString());
  }

  /** The outcome of a push: the status, and the manifest digest when it got that far. */
  public record Pushed(int status, String manifestDigest) {}

  public static Map<String, String> params(String challenge) {
    Map<String, String> p = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(challenge);
    while (m.find()) {
      p.put(m.group(1), m.group(2));
    }
    return p;
  }

  private String basic() {
    return RegistryClient.basic(user, password);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A token-endpoint failure reported as the operation's outcome. */
  private record StatusOnly(int statusCode, HttpResponse<byte[]> original)
      implements HttpResponse<byte[]> {
    @Override
    public HttpRequest request() {
      return original.request();
    }

    @Override
    public java.util.Optional<HttpResponse<byte[]>> previousResponse() {
      return java.util.Optional.of(original);
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return original.headers();
    }

    @Override
    public byte[] body() {
      return new byte[0];
    }

    @Override
    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
      return original.sslSession();
    }

    @Override
    public URI uri() {
      return original.uri();
    }

    @Override
    public HttpClient.Version version() {
      return original.version();
    }
  }
}
