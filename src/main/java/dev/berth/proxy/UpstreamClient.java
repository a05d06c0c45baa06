package dev.berth.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.proxy.UpstreamCredentials.Login;
import dev.berth.proxy.UpstreamException.Kind;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to one upstream registry: reads manifests and blobs, answering its authentication challenge
 * (anonymous, Basic, or the Bearer token flow with a pull scope per repository; tokens are cached
 * until they expire).
 *
 * <p>It uses {@link HttpURLConnection} rather than {@code java.net.http}: that one bounds a stalled
 * body read by itself ({@code setReadTimeout}), where {@code java.net.http} would need a thread
 * interrupt, which must never reach a thread that may be inside H2 next. TLS certificates are
 * verified against the JVM's trust store unless a socket factory is given (tests).
 */
public final class UpstreamClient {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamClient.class);
  private static final int MAX_REDIRECTS = 5;

  /** Bounds on waiting for the upstream: to connect, and for each read (headers or body bytes). */
  public record Timeouts(Duration connect, Duration read) {
    public static final Timeouts DEFAULT =
        new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  /** An upstream answer with status 200 (or 206); the body must be closed. */
  public static final class Response implements Closeable {
    private final HttpURLConnection connection;
    private final InputStream body;

    private Response(HttpURLConnection connection, InputStream body) {
      this.connection = connection;
      this.body = body;
    }

    public String header(String name) {
      return connection.getHeaderField(name);
    }

    /** The body's length, or -1 when the upstream did not say. */
    public long length() {
      return connection.getContentLengthLong();
    }

    public InputStream body() {
      return body;
    }

    @Override
    public void close() {
      try {
        body.close();
      } catch (IOException e) {
        LOG.debug("closing an upstream body: {}", e.toString());
      }
    }
  }

  private final ProxyRule rule;
  private final Supplier<Optional<Login>> login;
  private final TokenCache tokens;
  private final ObjectMapper json;
  private final Timeouts timeouts;
  private final SSLSocketFactory tls;

  /** The last challenge seen, so that later requests authenticate up front. */
  private volatile Challenge challenge;

  public UpstreamClient(
      ProxyRule rule,
      Supplier<Optional<Login>> login,
      TokenCache tokens,
      ObjectMapper json,
      Timeouts timeouts,
      SSLSocketFactory tls) {
    this.rule = rule;
    this.login = login;
    this.tokens = tokens;
    this.json = json;
    this.timeouts = timeouts;
    this.tls = tls;
  }

  public ProxyRule rule() {
    return rule;
  }

  /**
   * {@code method} (GET or HEAD) of {@code /v2/<name>/<resource>} at the upstream.
   *
   * @throws UpstreamException for anything but a 200 (classified), or when the upstream cannot be
   *     reached
   */
  public Response fetch(String method, String name, String resource, String accept)
      throws UpstreamException {
    URI url = rule.upstream().resolve("/v2/" + name + "/" + resource);
    String scope = "repository:" + name + ":pull";
    String what = method + " " + name + "/" + resource;
    try {
      HttpURLConnection c = open(url, method, accept, authorization(scope));
      if (c.getResponseCode() == 401) {
        Optional<Challenge> asked = Challenge.parse(c.getHeaderField("WWW-Authenticate"));
        discard(c);
        if (asked.isEmpty()) {
          throw new UpstreamException(
              Kind.DENIED, describe(what) + " answered 401 without saying how to log in");
        }
        challenge = asked.get();
        c = open(url, method, accept, answer(asked.get(), scope, what));
        if (c.getResponseCode() == 401) {
          discard(c);
          throw new UpstreamException(
              Kind.DENIED,
              describe(what)
                  + " refused "
                  + (login.get().isPresent()
                      ? "the stored login (berth proxy login " + rule.prefix() + " sets another)"
                      : "anonymous access; store a login with berth proxy login " + rule.prefix()));
        }
      }
      for (int hops = 0; isRedirect(c.getResponseCode()); hops++) {
        String location = c.getHeaderField("Location");
        discard(c);
        if (location == null || hops == MAX_REDIRECTS) {
          throw new UpstreamException(Kind.BAD_CONTENT, describe(what) + " redirected without end");
        }
        // Blob storage behind a redirect (S3, a CDN) gets no registry credentials.
        url = url.resolve(location);
        c = open(url, method, accept, null);
      }
      return classify(c, what);
    } catch (UpstreamException e) {
      throw e;
    } catch (SSLException e) {
      throw new UpstreamException(
          Kind.UNREACHABLE,
          describe(what)
              + ": TLS failed ("
              + e.getMessage()
              + "); is its certificate trusted by this machine's Java?",
          e);
    } catch (SocketTimeoutException e) {
      throw new UpstreamException(
          Kind.UNREACHABLE,
          describe(what) + " did not answer within " + timeouts.read().toSeconds() + " s",
          e);
    } catch (ConnectException | UnknownHostException e) {
      throw new UpstreamException(
          Kind.UNREACHABLE, describe(what) + " cannot be reached: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UpstreamException(Kind.UNREACHABLE, describe(what) + " failed: " + e, e);
    }
  }

  /**
   * What the upstream says to {@code GET /v2/} with the stored login, in words (the app's "Test
   * connection").
   */
  public String probe() {
    URI url = rule.upstream().resolve("/v2/");
    try {
      HttpURLConnection c = open(url, "GET", null, null);
      int status = c.getResponseCode();
      if (status == 401) {
        Optional<Challenge> asked = Challenge.parse(c.getHeaderField("WWW-Authenticate"));
        discard(c);
        if (asked.isEmpty()) {
          return "Answers 401 without saying how to log in.";
        }
        String how =
            asked.get().isBearer()
                ? "token login at " + asked.get().parameter("realm")
                : "password (Basic) login";
        try {
          c = open(url, "GET", null, answer(asked.get(), "", "GET /v2/"));
        } catch (UpstreamException e) {
          return "Reachable; asks for a " + how + ", which failed: " + e.getMessage();
        }
        status = c.getResponseCode();
        discard(c);
        if (status == 200) {
          return "Reachable: a registry (API v2) that asks for a "
              + how
              + "; "
              + (login.get().isPresent() ? "the stored login works." : "anonymous access works.");
        }
        return "Reachable; asks for a "
            + how
            + ", and refused "
            + (login.get().isPresent() ? "the stored login" : "anonymous access")
            + " ("
            + status
            + ").";
      }
      discard(c);
      if (status == 200) {
        return "Reachable: a registry (API v2) open without a login.";
      }
      return "Reachable, but GET /v2/ answered " + status + "; is this a registry's root URL?";
    } catch (SSLException e) {
      return "TLS failed: " + e.getMessage() + ". Is the upstream's certificate trusted?";
    } catch (SocketTimeoutException e) {
      return "No answer within " + timeouts.read().toSeconds() + " s.";
    } catch (IOException e) {
      return "Cannot be reached: " + e.getMessage();
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private Response classify(HttpURLConnection c, String what) throws IOException {
    int status = c.getResponseCode();
    if (status == 200 || status == 206) {
      return new Response(c, c.getInputStream());
    }
    String code = upstreamErrorCode(c);
    String said = describe(what) + " answered " + status + (code == null ? "" : " " + code);
    if (status == 404) {
      throw new UpstreamException(Kind.NOT_FOUND, said, null, code, null);
    }
    if (status == 401 || status == 403) {
      throw new UpstreamException(Kind.DENIED, said);
    }
    if (status == 429) {
      throw new UpstreamException(
          Kind.TOO_MANY_REQUESTS,
          said + " (rate limited)",
          c.getHeaderField("Retry-After"),
          code,
          null);
    }
    if (status >= 500) {
      throw new UpstreamException(Kind.SERVER_ERROR, said);
    }
    throw new UpstreamException(Kind.BAD_CONTENT, said + ", which a registry does not answer here");
  }

  private String upstreamErrorCode(HttpURLConnection c) {
    try (InputStream err = c.getErrorStream()) {
      if (err == null) {
        return null;
      }
      JsonNode errors = json.readTree(err.readNBytes(64 * 1024)).path("errors");
      return errors.isArray() && !errors.isEmpty() ? errors.get(0).path("code").asText(null) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The Authorization header to send up front, if an earlier challenge told us how. */
  private String authorization(String scope) {
    Challenge known = challenge;
    if (known == null) {
      return null;
    }
    if (known.isBasic()) {
      return login.get().map(UpstreamClient::basic).orElse(null);
    }
    if (known.isBearer()) {
      return tokens.get(key(known, scope)).map(t -> "Bearer " + t).orElse(null);
    }
    return null;
  }

  private String answer(Challenge asked, String scope, String what) throws IOException {
    Optional<Login> credentials = login.get();
    if (asked.isBasic()) {
      return basic(
          credentials.orElseThrow(
              () ->
                  new UpstreamException(
                      Kind.DENIED,
                      describe(what)
                          + " asks for a password; store one with berth proxy login "
                          + rule.prefix())));
    }
    if (!asked.isBearer() || asked.parameter("realm") == null) {
      throw new UpstreamException(
          Kind.DENIED,
          describe(what)
              + " asks for '"
              + asked.scheme()
              + "' authentication, which Berth cannot do");
    }
    String requested = asked.parameter("scope") != null ? asked.parameter("scope") : scope;
    TokenCache.Key key = key(asked, requested);
    Optional<String> cached = tokens.get(key);
    if (cached.isPresent()) {
      return "Bearer " + cached.get();
    }
    String token = requestToken(asked, requested, credentials);
    return "Bearer " + token;
  }

  private TokenCache.Key key(Challenge c, String scope) {
    return new TokenCache.Key(c.parameter("realm"), c.parameter("service"), scope);
  }

  private String requestToken(Challenge asked, String scope, Optional<Login> credentials)
      throws IOException {
    StringBuilder query = new StringBuilder();
    if (asked.parameter("service") != null) {
      query
          .append("service=")
          .append(URLEncoder.encode(asked.parameter("service"), StandardCharsets.UTF_8));
    }
    if (!scope.isEmpty()) {
      query
          .append(query.length() == 0 ? "" : "&")
          .append("scope=")
          .append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    }
    String realm = asked.parameter("realm");
    URI url =
        URI.create(realm + (query.length() == 0 ? "" : (realm.contains("?") ? "&" : "?") + query));
    HttpURLConnection c =
        open(url, "GET", "application/json", credentials.map(UpstreamClient::basic).orElse(null));
    int status = c.getResponseCode();
    if (status != 200) {
      discard(c);
      throw new UpstreamException(
          status == 429 ? Kind.TOO_MANY_REQUESTS : status >= 500 ? Kind.SERVER_ERROR : Kind.DENIED,
          "the token server of "
              + rule.upstream()
              + " ("
              + url.getHost()
              + ") answered "
              + status
              + " to "
              + (credentials.isPresent() ? "the stored login" : "an anonymous token request")
              + " for "
              + describeScope(scope),
          c.getHeaderField("Retry-After"),
          null,
          null);
    }
    JsonNode body;
    try (InputStream in = c.getInputStream()) {
      body = json.readTree(in.readNBytes(1024 * 1024));
    }
    String token = body.path("token").asText(body.path("access_token").asText(""));
    if (token.isEmpty()) {
      throw new UpstreamException(
          Kind.DENIED, "the token server of " + rule.upstream() + " sent no token");
    }
    // The token spec: expires_in defaults to 60 s.
    long expiresIn = body.path("expires_in").asLong(60);
    Instant issued = null;
    if (body.hasNonNull("issued_at")) {
      try {
        issued = Instant.parse(body.path("issued_at").asText());
      } catch (DateTimeParseException e) {
        LOG.debug("token server of {} sent an unreadable issued_at", rule.upstream());
      }
    }
    tokens.put(
        new TokenCache.Key(asked.parameter("realm"), asked.parameter("service"), scope),
        token,
        expiresIn,
        issued);
    return token;
  }

  private static String describeScope(String scope) {
    return scope.isEmpty() ? "the registry" : scope;
  }

  private HttpURLConnection open(URI url, String method, String accept, String authorization)
      throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
    if (tls != null && c instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(tls);
    }
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    c.setConnectTimeout((int) timeouts.connect().toMillis());
    c.setReadTimeout((int) timeouts.read().toMillis());
    c.setRequestMethod(method);
    c.setRequestProperty("User-Agent", "Berth pull-through cache");
    if (accept != null) {
      c.setRequestProperty("Accept", accept);
    }
    if (authorization != null) {
      c.setRequestProperty("Authorization", authorization);
    }
    return c;
  }

  /** Reads an unwanted body away, so that the connection can be reused. */
  private static void discard(HttpURLConnection c) {
    try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
      if (in != null) {
        in.readNBytes(64 * 1024);
      }
    } catch (IOException e) {
      LOG.debug("discarding an upstream body: {}", e.toString());
    }
  }

  private static String basic(Login l) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((l.username() + ":" + l.password()).getBytes(StandardCharsets.UTF_8));
  }

  private String describe(String what) {
    return "upstream " + rule.upstream() + " (rule '" + rule.prefix() + "'): " + what;
  }
}
