package dev.berth.api.auth;

import static dev.berth.registry.error.RegistryErrorCode.TOOMANYREQUESTS;
import static dev.berth.registry.error.RegistryErrorCode.UNAUTHORIZED;
import static dev.berth.registry.error.RegistryErrorCode.UNSUPPORTED;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.access.AccessScope;
import dev.berth.api.access.ClientAddress;
import dev.berth.registry.error.RegistryException;
import dev.berth.users.User;
import dev.berth.users.UserStore;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /token}: the token server of the Docker token flow, in both shapes clients use.
 *
 * <ul>
 *   <li>{@code GET /token?service=…&scope=…&scope=…[&offline_token=true]} with optional Basic
 *       credentials (docker's classic flow, skopeo, Jib). No credentials gives an anonymous token,
 *       only when anonymous pull is on.
 *   <li>{@code POST /token} with an OAuth2 form: {@code grant_type=password} ({@code username},
 *       {@code password}) or {@code grant_type=refresh_token} ({@code refresh_token}); {@code
 *       scope} is space-separated; {@code access_type=offline} asks for a refresh token (docker
 *       login, podman).
 * </ul>
 *
 * The token grants the subset of the requested scopes the policy allows; a scope the caller may not
 * have is silently left out (the spec's behaviour), and the registry then answers 401/403.
 */
public final class TokenEndpoint implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);
  private static final int MAX_FORM_BYTES = 64 * 1024;

  private final TokenService tokens;
  private final PasswordAuthenticator authenticator;
  private final UserStore users;
  private final AccessPolicy policy;
  private final ObjectMapper json;

  public TokenEndpoint(
      TokenService tokens,
      PasswordAuthenticator authenticator,
      UserStore users,
      AccessPolicy policy,
      ObjectMapper json) {
    this.tokens = tokens;
    this.authenticator = authenticator;
    this.users = users;
    this.policy = policy;
    this.json = json;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws IOException {
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    if (Methods.GET.equals(exchange.getRequestMethod())) {
      get(exchange);
    } else if (Methods.POST.equals(exchange.getRequestMethod())) {
      post(exchange);
    } else {
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET, POST");
      throw new RegistryException(
          UNSUPPORTED,
          405,
          exchange.getRequestMethod() + " is not supported on the token endpoint");
    }
  }

  private void get(HttpServerExchange exchange) throws IOException {
    Map<String, Deque<String>> query = exchange.getQueryParameters();
    String service = service(exchange, first(query, "service"));
    List<String> scopes =
        query.containsKey("scope") ? new ArrayList<>(query.get("scope")) : List.of();
    String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    User user = null;
    if (header != null) {
      BasicCredentials c =
          BasicCredentials.fromHeader(header)
              .orElseThrow(
                  () ->
                      unauthorized(exchange, "the token endpoint expects HTTP Basic credentials"));
      user = login(exchange, c);
    } else if (!policy.anonymousPull()) {
      throw unauthorized(exchange, "log in to get a token: anonymous access is off");
    }
    boolean offline = user != null && "true".equals(first(query, "offline_token"));
    respond(
        exchange,
        user,
        service,
        scopes,
        offline ? tokens.issueRefresh(user.name(), service, user.passwordHash()) : null);
  }

  private void post(HttpServerExchange exchange) throws IOException {
    Map<String, String> form = form(exchange);
    String service = service(exchange, form.get("service"));
    List<String> scopes =
        form.containsKey("scope") ? List.of(form.get("scope").trim().split("\\s+")) : List.of();
    String grant = form.getOrDefault("grant_type", "");
    switch (grant) {
      case "password" -> {
        String name = form.get("username");
        String password = form.get("password");
        if (name == null || password == null) {
          throw badRequest("grant_type=password needs username and password");
        }
        User user = login(exchange, new BasicCredentials(name, password.toCharArray()));
        boolean offline = "offline".equals(form.get("access_type"));
        respond(
            exchange,
            user,
            service,
            scopes,
            offline ? tokens.issueRefresh(user.name(), service, user.passwordHash()) : null);
      }
      case "refresh_token" -> {
        String refresh = form.get("refresh_token");
        if (refresh == null) {
          throw badRequest("grant_type=refresh_token needs refresh_token");
        }
        User user = refreshUser(exchange, refresh, service);
        respond(exchange, user, service, scopes, refresh);
      }
      default -> throw badRequest("unsupported grant_type; use password or refresh_token");
    }
  }

  /**
   * The user behind a refresh token, if it is valid and the user is enabled with the same password.
   */
  private User refreshUser(HttpServerExchange exchange, String refresh, String service) {
    try {
      String name = tokens.verifyRefresh(refresh, service);
      Optional<User> user = users.find(name);
      if (user.isPresent()
          && !user.get().disabled()
          && tokens.refreshBoundTo(refresh, user.get().passwordHash())) {
        return user.get();
      }
      LOG.info(
          "Refused a refresh token for user '{}' from {}: user removed, disabled or password changed",
          PasswordAuthenticator.printable(name),
          ClientAddress.of(exchange));
    } catch (InvalidTokenException e) {
      LOG.debug("Refused a refresh token from {}: {}", ClientAddress.of(exchange), e.getMessage());
    }
    throw unauthorized(exchange, "the refresh token is invalid or revoked; log in again");
  }

  private User login(HttpServerExchange exchange, BasicCredentials credentials) {
    try {
      return authenticator.authenticate(credentials, ClientAddress.of(exchange));
    } catch (LoginFailedException e) {
      if (e.throttled()) {
        exchange
            .getResponseHeaders()
            .put(Headers.RETRY_AFTER, Math.max(1, e.retryAfter().toSeconds()));
        throw new RegistryException(TOOMANYREQUESTS, e.getMessage());
      }
      throw unauthorized(exchange, e.getMessage());
    }
  }

  private void respond(
      HttpServerExchange exchange,
      User user,
      String service,
      List<String> requested,
      String refresh)
      throws IOException {
    List<AccessScope> granted = new ArrayList<>();
    for (String text : requested) {
      Scopes.parse(text)
          .ifPresent(
              scope -> {
                var actions = policy.granted(user, scope);
                if (!actions.isEmpty()) {
                  granted.add(new AccessScope(scope.type(), scope.name(), actions));
                }
              });
    }
    TokenService.AccessToken token =
        user == null
            ? tokens.issueAccess("", service, granted, null)
            : tokens.issueAccess(user.name(), service, granted, user.passwordHash());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token", token.token());
    body.put("access_token", token.token());
    body.put("expires_in", token.lifetime().toSeconds());
    body.put("issued_at", DateTimeFormatter.ISO_INSTANT.format(token.issuedAt()));
    if (refresh != null) {
      body.put("refresh_token", refresh);
    }
    if (!granted.isEmpty()) {
      body.put("scope", String.join(" ", granted.stream().map(AccessScope::toString).toList()));
    }
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
    exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(bytes));
  }

  /** The service the token is for: the requested one if it is a plain host[:port], else ours. */
  private static String service(HttpServerExchange exchange, String requested) {
    return requested != null && requested.matches("[A-Za-z0-9.:\\[\\]-]{1,260}")
        ? requested
        : Challenges.service(exchange);
  }

  private static Map<String, String> form(HttpServerExchange exchange) throws IOException {
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (type == null
        || !type.toLowerCase(java.util.Locale.ROOT)
            .startsWith("application/x-www-form-urlencoded")) {
      throw badRequest("POST /token expects application/x-www-form-urlencoded");
    }
    byte[] body;
    try (InputStream in = exchange.getInputStream()) {
      body = in.readNBytes(MAX_FORM_BYTES + 1);
    }
    if (body.length > MAX_FORM_BYTES) {
      throw badRequest("form too large");
    }
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        form.putIfAbsent(k, v);
      } catch (IllegalArgumentException e) {
        throw badRequest("malformed form encoding");
      }
    }
    return form;
  }

  private static String first(Map<String, Deque<String>> query, String name) {
    Deque<String> values = query.get(name);
    return values == null ? null : values.peekFirst();
  }

  private static RegistryException unauthorized(HttpServerExchange exchange, String detail) {
    exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, Challenges.basic());
    return new RegistryException(UNAUTHORIZED, detail);
  }

  private static RegistryException badRequest(String detail) {
    return new RegistryException(UNSUPPORTED, 400, detail);
  }
}
