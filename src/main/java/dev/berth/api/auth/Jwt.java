package dev.berth.api.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

/**
 * Compact JWS with ES256 (RFC 7515/7518), just what the registry token flow needs. The JDK's {@code
 * SHA256withECDSAinP1363Format} produces and checks the raw 64-byte R‖S signature JWS wants (plain
 * SHA256withECDSA would be DER).
 */
final class Jwt {
  private static final String ALGORITHM = "SHA256withECDSAinP1363Format";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  /** Far above any token we issue; stops a huge header from costing parse time. */
  private static final int MAX_LENGTH = 16 * 1024;

  private Jwt() {}

  static String sign(
      Map<String, Object> header, Map<String, Object> claims, PrivateKey key, ObjectMapper json) {
    try {
      String signingInput =
          ENCODER.encodeToString(json.writeValueAsBytes(header))
              + "."
              + ENCODER.encodeToString(json.writeValueAsBytes(claims));
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(key);
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + ENCODER.encodeToString(s.sign());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("signing a token with the installation's EC key failed", e);
    }
  }

  /**
   * Checks the signature and returns the claims; the caller checks their meaning (expiry,
   * audience…).
   */
  static Map<String, Object> verify(String token, PublicKey key, ObjectMapper json)
      throws InvalidTokenException {
    if (token.length() > MAX_LENGTH) {
      throw new InvalidTokenException("token too long");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new InvalidTokenException("not a compact JWS");
    }
    try {
      Map<String, Object> header = json.readValue(DECODER.decode(parts[0]), MAP);
      // Only ES256: never let the token choose "none" or a MAC keyed with our public key.
      if (!"ES256".equals(header.get("alg"))) {
        throw new InvalidTokenException("algorithm is not ES256");
      }
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!s.verify(DECODER.decode(parts[2]))) {
        throw new InvalidTokenException("bad signature");
      }
      return json.readValue(DECODER.decode(parts[1]), MAP);
    } catch (IllegalArgumentException | IOException | java.security.SignatureException e) {
      throw new InvalidTokenException("malformed token");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "ES256 verification is available in every Java 17 runtime", e);
    }
  }
}
