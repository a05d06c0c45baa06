package dev.berth.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks bearer tokens that an external token server issued (registry:2's {@code auth.token}): the
 * JWS signature with a key the root certificate bundle vouches for ({@link TrustedTokenSigners}),
 * then issuer, audience, expiry and not-before, and reads the granted scopes from the {@code
 * access} claim. Only public-key algorithms are accepted, so a token can never pick {@code none} or
 * an HMAC keyed with a public certificate.
 */
final class ExternalTokenVerifier {
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  /** Tolerated clock difference between the token server and this machine. */
  private static final Duration LEEWAY = Duration.ofSeconds(30);

  private static final int MAX_LENGTH = 64 * 1024;

  private final TrustedTokenSigners signers;
  private final String issuer;
  private final String service;
  private final Clock clock;

  ExternalTokenVerifier(TrustedTokenSigners signers, String issuer, String service, Clock clock) {
    this.signers = signers;
    this.issuer = issuer;
    this.service = service;
    this.clock = clock;
  }

  TokenService.Grant verify(String token) throws InvalidTokenException {
    if (token.length() > MAX_LENGTH) {
      throw new InvalidTokenException("token too long");
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidTokenException("not a signed JWT");
    }
    JWSHeader header = jwt.getHeader();
    if (!ALGORITHMS.contains(header.getAlgorithm())) {
      throw new InvalidTokenException("algorithm " + header.getAlgorithm() + " is not accepted");
    }
    Instant now = clock.instant();
    PublicKey key =
        signingKey(header, now)
            .orElseThrow(
                () -> new InvalidTokenException("signed by a key the bundle does not trust"));
    try {
      if (!jwt.verify(new DefaultJWSVerifierFactory().createJWSVerifier(header, key))) {
        throw new InvalidTokenException("bad signature");
      }
    } catch (JOSEException e) {
      throw new InvalidTokenException("signature cannot be checked: " + e.getMessage());
    }
    checkClaims(claims, now);
    String subject = claims.getSubject() == null ? "" : claims.getSubject();
    return new TokenService.Grant(
        subject, TokenService.accessClaim(claims.getClaim("access")), null);
  }

  private Optional<PublicKey> signingKey(JWSHeader header, Instant now)
      throws InvalidTokenException {
    List<Base64> x5c = header.getX509CertChain();
    if (x5c != null && !x5c.isEmpty()) {
      List<X509Certificate> chain = new ArrayList<>();
      for (Base64 der : x5c) {
        X509Certificate c = X509CertUtils.parse(der.decode());
        if (c == null) {
          throw new InvalidTokenException("x5c holds something that is not a certificate");
        }
        chain.add(c);
      }
      return signers.byChain(chain, now);
    }
    if (header.getJWK() instanceof AsymmetricJWK jwk) {
      try {
        PublicKey key = jwk.toPublicKey();
        return signers.trusts(key) ? Optional.of(key) : Optional.empty();
      } catch (JOSEException e) {
        throw new InvalidTokenException("jwk header is not a public key");
      }
    }
    return header.getKeyID() == null ? Optional.empty() : signers.byKeyId(header.getKeyID());
  }

  private void checkClaims(JWTClaimsSet claims, Instant now) throws InvalidTokenException {
    if (!issuer.equals(claims.getIssuer())) {
      throw new InvalidTokenException("issuer");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(service)) {
      throw new InvalidTokenException("audience");
    }
    Date exp = claims.getExpirationTime();
    if (exp == null || exp.toInstant().plus(LEEWAY).isBefore(now)) {
      throw new InvalidTokenException("expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().minus(LEEWAY).isAfter(now)) {
      throw new InvalidTokenException("not yet valid");
    }
  }
}
