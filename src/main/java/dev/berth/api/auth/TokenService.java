package dev.berth.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.access.AccessScope;
import dev.berth.api.access.AccessScope.Action;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issues and checks the registry's signed tokens (Docker "token authentication specification" and
 * its JWT profile). Access tokens carry the granted scopes in an {@code access} claim and live
 * minutes; refresh tokens (for {@code docker login}'s identity token, OAuth2 {@code refresh_token})
 * live days and are bound to the user's current password hash, so a password change revokes them.
 */
public final class TokenService {
  static final String ISSUER = "berth";
  public static final Duration ACCESS_LIFETIME = Duration.ofMinutes(5);
  public static final Duration REFRESH_LIFETIME = Duration.ofDays(30);

  /** Tolerated clock difference when checking nbf/exp. */
  private static final Duration LEEWAY = Duration.ofSeconds(30);

  private final TokenSigningKey key;
  private final ObjectMapper json;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration accessLifetime;

  public TokenService(
      TokenSigningKey key,
      ObjectMapper json,
      Clock clock,
      SecureRandom random,
      Duration accessLifetime) {
    this.key = key;
    this.json = json;
    this.clock = clock;
    this.random = random;
    this.accessLifetime = accessLifetime;
  }

  /** A signed access token and when it was issued. */
  public record AccessToken(String token, Instant issuedAt, Duration lifetime) {
    @Override
    public String toString() {
      return "AccessToken[issued " + issuedAt + "]";
    }
  }

  /**
   * What a verified access token says: who (empty for anonymous) may do what, and a binding to the
   * password the user had when it was issued (null for anonymous tokens).
   */
  public record Grant(String subject, List<AccessScope> access, String passwordBinding) {
    /** Whether the token was issued while the user had this password hash. */
    public boolean boundTo(String passwordHash) {
      return passwordBinding != null
          && passwordBinding.equals(TokenService.passwordBinding(passwordHash));
    }

    public boolean covers(AccessScope scope) {
      Set<Action> granted = EnumSet.noneOf(Action.class);
      for (AccessScope a : access) {
        if (a.type().equals(scope.type()) && a.name().equals(scope.name())) {
          granted.addAll(a.actions());
        }
      }
      return granted.containsAll(scope.actions());
    }
  }

  /**
   * @param subject the user name, or "" for an anonymous token
   * @param audience the service the token is for (the registry's host:port)
   * @param passwordHash the user's password hash, or null for an anonymous token; a password change
   *     ends the token (see {@link Grant#boundTo})
   */
  public AccessToken issueAccess(
      String subject, String audience, Collection<AccessScope> access, String passwordHash) {
    Instant now = clock.instant();
    Map<String, Object> claims = baseClaims(subject, audience, now, accessLifetime);
    claims.put("token_use", "access");
    if (passwordHash != null) {
      claims.put("pwd", passwordBinding(passwordHash));
    }
    List<Map<String, Object>> list = new ArrayList<>();
    for (AccessScope s : access) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("type", s.type());
      entry.put("name", s.name());
      entry.put("actions", s.actions().stream().map(Action::word).sorted().toList());
      list.add(entry);
    }
    claims.put("access", list);
    return new AccessToken(
        Jwt.sign(header(), claims, key.keys().getPrivate(), json), now, accessLifetime);
  }

  public String issueRefresh(String subject, String audience, String passwordHash) {
    Map<String, Object> claims = baseClaims(subject, audience, clock.instant(), REFRESH_LIFETIME);
    claims.put("token_use", "refresh");
    claims.put("pwd", passwordBinding(passwordHash));
    return Jwt.sign(header(), claims, key.keys().getPrivate(), json);
  }

  public Grant verifyAccess(String token, String audience) throws InvalidTokenException {
    Map<String, Object> claims = verify(token, audience, "access");
    return new Grant(
        (String) claims.get("sub"),
        accessClaim(claims.get("access")),
        claims.get("pwd") instanceof String pwd ? pwd : null);
  }

  /**
   * The scopes of a token's {@code access} claim ({@code [{"type","name","actions":[…]}]}), as the
   * Docker token specification defines it; entries of another shape grant nothing.
   */
  static List<AccessScope> accessClaim(Object claim) {
    List<AccessScope> access = new ArrayList<>();
    if (claim instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m
            && m.get("type") instanceof String type
            && m.get("name") instanceof String name
            && m.get("actions") instanceof List<?> words) {
          Set<Action> actions = EnumSet.noneOf(Action.class);
          for (Action a : Action.values()) {
            if (words.contains(a.word())) {
              actions.add(a);
            }
          }
          access.add(new AccessScope(type, name, actions));
        }
      }
    }
    return access;
  }

  /**
   * Returns the user name of a valid refresh token; check {@link #refreshBoundTo} against the user.
   */
  public String verifyRefresh(String token, String audience) throws InvalidTokenException {
    return (String) verify(token, audience, "refresh").get("sub");
  }

  /** Whether a verified refresh token was issued while the user had this password hash. */
  public boolean refreshBoundTo(String token, String passwordHash) {
    try {
      Map<String, Object> claims = Jwt.verify(token, key.keys().getPublic(), json);
      return passwordBinding(passwordHash).equals(claims.get("pwd"));
    } catch (InvalidTokenException e) {
      return false;
    }
  }

  private Map<String, Object> verify(String token, String audience, String use)
      throws InvalidTokenException {
    Map<String, Object> claims = Jwt.verify(token, key.keys().getPublic(), json);
    Instant now = clock.instant();
    if (!ISSUER.equals(claims.get("iss"))) {
      throw new InvalidTokenException("issuer");
    }
    if (!use.equals(claims.get("token_use"))) {
      throw new InvalidTokenException("token use");
    }
    if (!audience.equals(claims.get("aud"))) {
      throw new InvalidTokenException("audience");
    }
    if (!(claims.get("sub") instanceof String)) {
      throw new InvalidTokenException("subject");
    }
    if (!(claims.get("exp") instanceof Number exp)
        || Instant.ofEpochSecond(exp.longValue()).plus(LEEWAY).isBefore(now)) {
      throw new InvalidTokenException("expired");
    }
    if (claims.get("nbf") instanceof Number nbf
        && Instant.ofEpochSecond(nbf.longValue()).minus(LEEWAY).isAfter(now)) {
      throw new InvalidTokenException("not yet valid");
    }
    return claims;
  }

  private Map<String, Object> header() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("alg", "ES256");
    h.put("typ", "JWT");
    h.put("kid", key.keyId());
    return h;
  }

  private Map<String, Object> baseClaims(
      String subject, String audience, Instant now, Duration lifetime) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER);
    claims.put("sub", subject);
    claims.put("aud", audience);
    claims.put("iat", now.getEpochSecond());
    claims.put("nbf", now.getEpochSecond());
    claims.put("exp", now.plus(lifetime).getEpochSecond());
    claims.put("jti", HexFormat.of().formatHex(id));
    return claims;
  }

  /** A one-way fingerprint of the bcrypt hash (never the hash itself) for refresh tokens. */
  private static String passwordBinding(String passwordHash) {
    try {
      // Binds access tokens too; the prefix stays as it was so that refresh tokens already issued
      // keep working.
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(("berth-refresh:" + passwordHash).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform supports SHA-256", e);
    }
  }
}
