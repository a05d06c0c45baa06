package dev.berth.api.auth;

import static dev.berth.registry.error.RegistryErrorCode.DENIED;
import static dev.berth.registry.error.RegistryErrorCode.UNAUTHORIZED;

import dev.berth.api.access.AccessController;
import dev.berth.api.access.AccessScope;
import dev.berth.api.access.ClientAddress;
import dev.berth.events.Caller;
import dev.berth.registry.error.RegistryException;
import dev.berth.users.User;
import dev.berth.users.UserStore;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer token authentication (the Docker/OCI token flow). A request without a token, or with one
 * that does not cover it, gets 401 and a challenge naming the token realm, service and scope, and
 * the client fetches a token from {@link TokenEndpoint}. When the token is valid but too narrow and
 * the user could never get the scope, the answer is 403 DENIED instead, so clients stop asking.
 */
public final class TokenAccess implements AccessController {
  private static final Logger LOG = LoggerFactory.getLogger(TokenAccess.class);

  private final TokenService tokens;
  private final UserStore users;
  private final AccessPolicy policy;

  public TokenAccess(TokenService tokens, UserStore users, AccessPolicy policy) {
    this.tokens = tokens;
    this.users = users;
    this.policy = policy;
  }

  @Override
  public Caller authorize(HttpServerExchange exchange, AccessScope scope) {
    String token = bearer(exchange);
    if (token == null) {
      throw challenge(exchange, scope, null, "authentication required for " + scope);
    }
    TokenService.Grant grant;
    try {
      grant = tokens.verifyAccess(token, Challenges.service(exchange));
    } catch (InvalidTokenException e) {
      LOG.debug("Rejected a token from {}: {}", ClientAddress.of(exchange), e.getMessage());
      throw challenge(exchange, scope, "invalid_token", "the token is invalid or expired");
    }
    if (grant.covers(scope)) {
      requireStillPermitted(exchange, scope, grant);
      return grant.subject().isEmpty()
          ? Caller.anonymous(ClientAddress.of(exchange))
          : Caller.user(grant.subject(), ClientAddress.of(exchange));
    }
    User user = grant.subject().isEmpty() ? null : users.find(grant.subject()).orElse(null);
    if (user != null && !policy.permits(user, scope)) {
      throw new RegistryException(DENIED, "user " + user.name() + " may not " + scope);
    }
    throw challenge(exchange, scope, "insufficient_scope", "the token does not grant " + scope);
  }

  @Override
  public boolean allows(HttpServerExchange exchange, AccessScope scope) {
    String token = bearer(exchange);
    if (token == null) {
      return false;
    }
    try {
      TokenService.Grant grant = tokens.verifyAccess(token, Challenges.service(exchange));
      return grant.covers(scope) && holderStillPermitted(grant, scope);
    } catch (InvalidTokenException e) {
      return false;
    }
  }

  /**
   * A token lives for minutes, and its user may have been removed, disabled, given a new password
   * or less access since it was issued. Checking the user as they are now makes such changes count
   * at once, for the one user lookup that Basic authentication makes on every request too. (A user
   * removed and added again under the same name has a new password hash, so old tokens end too.)
   */
  private void requireStillPermitted(
      HttpServerExchange exchange, AccessScope scope, TokenService.Grant grant) {
    if (grant.subject().isEmpty()) {
      if (!policy.permits(null, scope)) {
        throw challenge(
            exchange, scope, "invalid_token", "anonymous access is off; log in for a new token");
      }
      return;
    }
    User user = users.find(grant.subject()).filter(u -> !u.disabled()).orElse(null);
    if (user == null) {
      throw challenge(exchange, scope, "invalid_token", "the token's user was removed or disabled");
    }
    if (!grant.boundTo(user.passwordHash())) {
      throw challenge(
          exchange, scope, "invalid_token", "the password changed since the token was issued");
    }
    if (!policy.permits(user, scope)) {
      throw new RegistryException(DENIED, "user " + user.name() + " may no longer " + scope);
    }
  }

  private boolean holderStillPermitted(TokenService.Grant grant, AccessScope scope) {
    if (grant.subject().isEmpty()) {
      return policy.permits(null, scope);
    }
    User user = users.find(grant.subject()).orElse(null);
    return user != null && grant.boundTo(user.passwordHash()) && policy.permits(user, scope);
  }

  private static String bearer(HttpServerExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).strip();
  }

  private static RegistryException challenge(
      HttpServerExchange exchange, AccessScope scope, String error, String detail) {
    exchange
        .getResponseHeaders()
        .put(Headers.WWW_AUTHENTICATE, Challenges.bearer(exchange, scope, error));
    return new RegistryException(UNAUTHORIZED, detail);
  }

  @Override
  public String toString() {
    return "token authentication" + (policy.anonymousPull() ? " with anonymous pull" : "");
  }
}
