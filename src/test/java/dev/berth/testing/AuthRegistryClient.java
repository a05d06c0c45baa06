package dev.berth.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small registry client that authenticates the way docker does: it sends a request without
 * credentials, and on 401 answers the challenge — Basic with the name and password, Bearer by
 * fetching a token from the realm (with Basic credentials if it has them) and retrying once.
 * {@link #status} of an operation is the status the user would finally see.
 */
public final class AuthRegistryClient {
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private final HttpClient http;
  private final URI base;
  private final String user;
  private final String password;

  public AuthRegistryClient(HttpClient http, URI base, String user, String password) {
    this.http = http;
    this.base = base;
    this.user = user;
    this.password = password;
  }

  public static AuthRegistryClient anonymous(HttpClient http, URI base) {
    return new AuthRegistryClient(http, base, null, null);
  }

  private String pingChallenge;

  /**
   * Like docker: a client with credentials first asks {@code /v2/} how to authenticate, and from
   * then on sends Basic credentials with every request (so anonymous access never hides them).
   */
  public HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    if (user != null && pingChallenge == null) {
      pingChallenge = http.send(HttpRequest.newBuilder(base.resolve("/v2/")).GET().build(), HttpResponse.BodyHandlers.discarding())
          .headers().firstValue("WWW-Authenticate").orElse("");
    }
    if (user != null && pingChallenge.startsWith("Basic")) {
      return http.send(request.copy().header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
    HttpResponse<byte[]> first = http.send(request.copy().build(), HttpResponse.BodyHandlers.ofByteArray());
    if (first.statusCode() != 401) {
      return first;
    }
    String challenge = first.headers().firstValue("WWW-Authenticate").orElse("");
    if (challenge.startsWith("Basic")) {
      if (user == null) {
        return first;
      }
      return http.send(request.copy().header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
    if (challenge.startsWith("Bearer")) {
      Map<String, String> p = params(challenge);
      StringBuilder url = new StringBuilder(p.get("realm")).append("?service=").append(enc(p.get("service")));
      if (p.containsKey("scope")) {
        url.append("&scope=").append(enc(p.get("scope")));
      }
      HttpRequest.Builder tokenRequest = HttpRequest.newBuilder(URI.create(url.toString())).GET();
      if (user != null) {
        tokenRequest.header("Authorization", basic());
      }
      HttpResponse<String> token = http.send(tokenRequest.build(), HttpResponse.BodyHandlers.ofString());
      if (token.statusCode() != 200) {
        return new StatusOnly(token.statusCode(), first);
      }
      Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(token.body());
      if (!m.find()) {
        throw new IOException("token response without token: " + token.body());
      }
      return http.send(request.copy().header("Authorization", "Bearer " + m.group(1)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
    return first;
  }

  public int get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", OCI_MANIFEST).GET()).statusCode();
  }

  public int delete(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).DELETE()).statusCode();
  }

  /** Uploads a blob monolithically (POST then PUT ?digest=); returns the first failing status or 201. */
  public int pushBlob(String repository, byte[] content) throws IOException, InterruptedException {
    HttpResponse<byte[]> post = send(HttpRequest.newBuilder(base.resolve("/v2/" + repository + "/blobs/uploads/"))
        .POST(HttpRequest.BodyPublishers.noBody()));
    if (post.statusCode() != 202) {
      return post.statusCode();
    }
    String location = post.headers().firstValue("Location").orElseThrow();
    URI upload = base.resolve(location);
    String sep = upload.getQuery() == null ? "?" : "&";
    HttpResponse<byte[]> put = send(HttpRequest.newBuilder(URI.create(upload + sep + "digest=" + enc(digest(content))))
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
    return put.statusCode();
  }

  /** Pushes a tiny image (layer, config, manifest) under {@code tag}; returns the first failure or 201. */
  public Pushed pushImage(String repository, String tag) throws IOException, InterruptedException {
    byte[] layer = ("layer of " + repository + ":" + tag + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
        + digest(layer) + "\"]}}").getBytes(StandardCharsets.UTF_8);
    int s = pushBlob(repository, layer);
    if (s != 201) {
      return new Pushed(s, null);
    }
    s = pushBlob(repository, config);
    if (s != 201) {
      return new Pushed(s, null);
    }
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest(config)
        + "\",\"size\":" + config.length + "},"
        + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + digest(layer)
        + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> put = send(HttpRequest.newBuilder(base.resolve("/v2/" + repository + "/manifests/" + tag))
        .header("Content-Type", OCI_MANIFEST)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)));
    return new Pushed(put.statusCode(), digest(manifest));
  }

  /** The outcome of a push: the status, and the manifest digest when it got that far. */
  public record Pushed(int status, String manifestDigest) {}

  public static String digest(byte[] content) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Map<String, String> params(String challenge) {
    Map<String, String> p = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(challenge);
    while (m.find()) {
      p.put(m.group(1), m.group(2));
    }
    return p;
  }

  private String basic() {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A token-endpoint failure reported as the operation's outcome. */
  private record StatusOnly(int statusCode, HttpResponse<byte[]> original) implements HttpResponse<byte[]> {
    @Override public HttpRequest request() { return original.request(); }
    @Override public java.util.Optional<HttpResponse<byte[]>> previousResponse() { return java.util.Optional.of(original); }
    @Override public java.net.http.HttpHeaders headers() { return original.headers(); }
    @Override public byte[] body() { return new byte[0]; }
    @Override public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return original.sslSession(); }
    @Override public URI uri() { return original.uri(); }
    @Override public HttpClient.Version version() { return original.version(); }
  }
}
