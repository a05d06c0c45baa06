package dev.berth.api.auth;

import dev.berth.security.Pem;
import dev.berth.security.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;

/**
 * The per-installation EC P-256 key that signs registry tokens, kept in the data folder ({@code
 * keys/token-signing.pem}, owner-only). It is created on first use; deleting the file invalidates
 * every token and refresh token issued so far.
 */
public record TokenSigningKey(KeyPair keys, String keyId) {

  public static TokenSigningKey loadOrCreate(Path file, SecureRandom random) throws IOException {
    if (!Files.exists(file)) {
      KeyPair keys = generate(random);
      PrivateFiles.directory(file.toAbsolutePath().getParent());
      PrivateFiles.write(
          file,
          (Pem.privateKey(keys.getPrivate()) + Pem.publicKey(keys.getPublic()))
              .getBytes(StandardCharsets.US_ASCII));
    }
    PrivateFiles.restrict(file);
    KeyPair keys = Pem.readKeyPair(file);
    return new TokenSigningKey(keys, keyId(keys));
  }

  private static KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "EC P-256 key generation is not available (is the jdk.crypto.ec module missing?)", e);
    }
  }

  /** A stable id for the JWS "kid" header: the first 16 bytes of the public key's SHA-256. */
  private static String keyId(KeyPair keys) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded());
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform supports SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "TokenSigningKey[" + keyId + "]";
  }
}
