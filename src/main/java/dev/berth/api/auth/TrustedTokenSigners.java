package dev.berth.api.auth;

import dev.berth.security.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.util.encoders.Base32;

/**
 * The keys an external token server may sign with, from registry:2's {@code rootcertbundle}: the
 * public key of a certificate in the bundle, named by its libtrust key id in the token's {@code
 * kid} header (how docker_auth and most token servers sign), or a certificate chain in the {@code
 * x5c} header that leads up to a certificate of the bundle.
 */
final class TrustedTokenSigners {
  private final Set<TrustAnchor> anchors = new HashSet<>();
  private final Map<String, PublicKey> byKeyId = new LinkedHashMap<>();

  TrustedTokenSigners(List<X509Certificate> bundle) {
    if (bundle.isEmpty()) {
      throw new IllegalArgumentException("the token root certificate bundle holds no certificate");
    }
    for (X509Certificate c : bundle) {
      anchors.add(new TrustAnchor(c, null));
      byKeyId.put(libtrustKeyId(c.getPublicKey()), c.getPublicKey());
    }
  }

  static TrustedTokenSigners load(Path bundle) throws IOException {
    List<X509Certificate> certificates = Pem.readCertificates(bundle);
    try {
      return new TrustedTokenSigners(certificates);
    } catch (IllegalArgumentException e) {
      throw new IOException(bundle + ": " + e.getMessage(), e);
    }
  }

  /** The bundle key with this libtrust id. */
  Optional<PublicKey> byKeyId(String keyId) {
    return Optional.ofNullable(byKeyId.get(keyId));
  }

  /** Whether the key is one of the bundle's (for a token that carries its key as a {@code jwk}). */
  boolean trusts(PublicKey key) {
    return byKeyId.containsKey(libtrustKeyId(key));
  }

  /**
   * The leaf's key if {@code chain} (leaf first, as in {@code x5c}) leads to a bundle certificate
   * and is valid at {@code now}.
   */
  Optional<PublicKey> byChain(List<X509Certificate> chain, Instant now) {
    if (chain.isEmpty()) {
      return Optional.empty();
    }
    try {
      X509CertSelector leaf = new X509CertSelector();
      leaf.setCertificate(chain.get(0));
      PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, leaf);
      parameters.setRevocationEnabled(
          false); // token servers publish no CRLs; registry:2 checks none either
      parameters.setDate(Date.from(now));
      parameters.addCertStore(
          CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
      CertPathBuilder.getInstance("PKIX").build(parameters);
      return Optional.of(chain.get(0).getPublicKey());
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  /**
   * libtrust's key id, which registry:2 and docker_auth put in {@code kid}: the SHA-256 of the DER
   * public key, its first 240 bits in base32, in twelve groups of four joined by colons.
   */
  static String libtrustKeyId(PublicKey key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      String base32 = Base32.toBase32String(java.util.Arrays.copyOf(hash, 30));
      StringBuilder id = new StringBuilder();
      for (int i = 0; i < base32.length(); i += 4) {
        if (i > 0) {
          id.append(':');
        }
        id.append(base32, i, i + 4);
      }
      return id.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform supports SHA-256", e);
    }
  }
}
