package dev.berth.api.auth;

import static dev.berth.registry.error.RegistryErrorCode.DENIED;
import static dev.berth.registry.error.RegistryErrorCode.TOOMANYREQUESTS;
import static dev.berth.registry.error.RegistryErrorCode.UNAUTHORIZED;

import dev.berth.api.access.AccessController;
import dev.berth.api.access.AccessScope;
import dev.berth.api.access.ClientAddress;
import dev.berth.events.Caller;
import dev.berth.registry.error.RegistryException;
import dev.berth.users.User;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.util.Optional;

/**
 * HTTP Basic authentication, as registry:2's htpasswd mode does it: every request carries the name
 * and password. No credentials → 401 with a Basic challenge (unless anonymous pull allows the
 * request); wrong credentials → 401 (never downgraded to anonymous); too many failures → 429; a
 * known user without the permission → 403.
 */
public final class BasicAccess implements AccessController {
  private static final AttachmentKey<User> CALLER = AttachmentKey.create(User.class);

  private final PasswordAuthenticator authenticator;
  private final AccessPolicy policy;
  private final String realm;

  public BasicAccess(PasswordAuthenticator authenticator, AccessPolicy policy) {
    this(authenticator, policy, Challenges.REALM);
  }

  /**
   * @param realm the realm the challenge names (registry:2's {@code auth.htpasswd.realm})
   */
  public BasicAccess(PasswordAuthenticator authenticator, AccessPolicy policy, String realm) {
    this.authenticator = authenticator;
    this.policy = policy;
    this.realm = realm;
  }

  @Override
  public Caller authorize(HttpServerExchange exchange, AccessScope scope) {
    User user = identify(exchange);
    if (user == null) {
      // /v2/ always asks anonymous callers to log in: that is how clients learn auth is on.
      if (scope.actions().isEmpty() || !policy.permits(null, scope)) {
        throw challenge(exchange, "authentication required for " + scope);
      }
      return Caller.anonymous(ClientAddress.of(exchange));
    }
    exchange.putAttachment(CALLER, user);
    if (!policy.permits(user, scope)) {
      throw new RegistryException(DENIED, "user " + user.name() + " may not " + scope);
    }
    return Caller.user(user.name(), ClientAddress.of(exchange));
  }

  @Override
  public boolean allows(HttpServerExchange exchange, AccessScope scope) {
    User user = exchange.getAttachment(CALLER);
    if (user == null && exchange.getRequestHeaders().contains(Headers.AUTHORIZATION)) {
      return false; // not authorized through authorize(): do not run a second, side-effecting login
    }
    return policy.permits(user, scope);
  }

  /** The authenticated user, or null when the request carries no credentials. */
  private User identify(HttpServerExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (header == null) {
      return null;
    }
    Optional<BasicCredentials> credentials = BasicCredentials.fromHeader(header);
    if (credentials.isEmpty()) {
      throw challenge(exchange, "this registry expects HTTP Basic credentials");
    }
    try {
      return authenticator.authenticate(credentials.get(), ClientAddress.of(exchange));
    } catch (LoginFailedException e) {
      if (e.throttled()) {
        exchange
            .getResponseHeaders()
            .put(Headers.RETRY_AFTER, Math.max(1, e.retryAfter().toSeconds()));
        throw new RegistryException(TOOMANYREQUESTS, e.getMessage());
      }
      throw challenge(exchange, e.getMessage());
    }
  }

  private RegistryException challenge(HttpServerExchange exchange, String detail) {
    exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, Challenges.basic(realm));
    return new RegistryException(UNAUTHORIZED, detail);
  }

  @Override
  public String toString() {
    return "Basic authentication" + (policy.anonymousPull() ? " with anonymous pull" : "");
  }
}
