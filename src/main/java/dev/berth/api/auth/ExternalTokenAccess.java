package dev.berth.api.auth;

import static dev.berth.registry.error.RegistryErrorCode.UNAUTHORIZED;

import dev.berth.api.access.AccessController;
import dev.berth.api.access.AccessScope;
import dev.berth.api.access.ClientAddress;
import dev.berth.events.Caller;
import dev.berth.registry.error.RegistryException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer tokens from an external token server, as registry:2's {@code auth.token} accepts them. The
 * token server decides who may do what; Berth checks that the token is genuine, meant for this
 * service and still valid, and that its {@code access} claim covers the request. Clients without a
 * sufficient token are sent to the configured realm with the configured service name.
 */
public final class ExternalTokenAccess implements AccessController {
  private static final Logger LOG = LoggerFactory.getLogger(ExternalTokenAccess.class);

  private final ExternalTokenVerifier verifier;
  private final String realm;
  private final String service;

  private ExternalTokenAccess(ExternalTokenVerifier verifier, String realm, String service) {
    this.verifier = verifier;
    this.realm = realm;
    this.service = service;
  }

  /**
   * @throws IOException if the bundle cannot be read or holds no certificate
   */
  public static ExternalTokenAccess create(
      URI realm, String service, String issuer, Path rootCertBundle, Clock clock)
      throws IOException {
    TrustedTokenSigners signers = TrustedTokenSigners.load(rootCertBundle);
    return new ExternalTokenAccess(
        new ExternalTokenVerifier(signers, issuer, service, clock), realm.toString(), service);
  }

  @Override
  public Caller authorize(HttpServerExchange exchange, AccessScope scope) {
    String token = bearer(exchange);
    if (token == null) {
      throw challenge(exchange, scope, null, "authentication required for " + scope);
    }
    TokenService.Grant grant;
    try {
      grant = verifier.verify(token);
    } catch (InvalidTokenException e) {
      LOG.debug("Rejected a token from {}: {}", ClientAddress.of(exchange), e.getMessage());
      throw challenge(exchange, scope, "invalid_token", "the token is invalid or expired");
    }
    if (!grant.covers(scope)) {
      throw challenge(exchange, scope, "insufficient_scope", "the token does not grant " + scope);
    }
    return grant.subject().isEmpty()
        ? Caller.anonymous(ClientAddress.of(exchange))
        : Caller.user(grant.subject(), ClientAddress.of(exchange));
  }

  @Override
  public boolean allows(HttpServerExchange exchange, AccessScope scope) {
    String token = bearer(exchange);
    if (token == null) {
      return false;
    }
    try {
      return verifier.verify(token).covers(scope);
    } catch (InvalidTokenException e) {
      return false;
    }
  }

  private static String bearer(HttpServerExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).strip();
  }

  private RegistryException challenge(
      HttpServerExchange exchange, AccessScope scope, String error, String detail) {
    exchange
        .getResponseHeaders()
        .put(Headers.WWW_AUTHENTICATE, Challenges.bearer(realm, service, scope, error));
    return new RegistryException(UNAUTHORIZED, detail);
  }

  @Override
  public String toString() {
    return "tokens of the token server " + realm;
  }
}
