package dev.berth.tls;

import dev.berth.security.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server's certificate chain and private key, read from PEM files and checked to belong together,
 * ready to become a key manager.
 */
public record KeyMaterial(List<X509Certificate> chain, PrivateKey key) {
  private static final char[] IN_MEMORY = "in-memory".toCharArray();

  /** Reads {@code certificate} (leaf first, then intermediates) and {@code key}. */
  public static KeyMaterial read(Path certificate, Path key) throws IOException {
    List<X509Certificate> chain = Pem.readCertificates(certificate);
    PrivateKey privateKey = Pem.readPrivateKey(key);
    checkMatches(chain.get(0), privateKey, key);
    return new KeyMaterial(chain, privateKey);
  }

  /** Proves the key belongs to the certificate by signing and verifying a probe. */
  static void checkMatches(X509Certificate cert, PrivateKey key, Path keyFile) throws IOException {
    String alg =
        key.getAlgorithm().equals("EC")
            ? "SHA256withECDSA"
            : key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : null;
    if (alg == null) {
      throw new IOException(
          keyFile + " holds a " + key.getAlgorithm() + " key; use an EC or RSA key");
    }
    try {
      byte[] probe = "berth key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(cert.getPublicKey());
      v.update(probe);
      if (!v.verify(sig)) {
        throw new IOException(
            keyFile
                + " is not the private key of the certificate for "
                + cert.getSubjectX500Principal().getName());
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "could not check " + keyFile + " against its certificate: " + e.getMessage(), e);
    }
  }

  X509ExtendedKeyManager keyManager() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, IN_MEMORY, chain.toArray(new Certificate[0]));
      KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      f.init(store, IN_MEMORY);
      for (KeyManager m : f.getKeyManagers()) {
        if (m instanceof X509ExtendedKeyManager x) {
          return x;
        }
      }
      throw new IllegalStateException(
          "the default KeyManagerFactory made no X509ExtendedKeyManager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "an in-memory PKCS12 key store always accepts an EC or RSA key and its chain", e);
    }
  }
}
