package dev.berth.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A local certificate authority: an EC P-256 key with a self-signed CA certificate, which signs
 * server certificates for the registry. Clients trust the CA once ({@code ca.crt}); server
 * certificates can then be reissued (renewal) without touching the clients.
 *
 * <p>The CA carries Name Constraints ({@link NameLimits}) for the names and addresses it was made
 * for, unless it is created unconstrained on purpose: clients then refuse any other name it signs,
 * so its key cannot be used to impersonate other sites. It refuses to issue such names itself.
 */
public final class CertificateAuthority {
  /**
   * Ten years: the CA is what users install in trust stores, so it should rarely change; its name
   * constraints bound what a leaked key could do in that time.
   */
  public static final Duration CA_VALIDITY = Duration.ofDays(3650);

  /**
   * 397 days from the backdated start to the end: below the 398 days Apple platforms (and the
   * browsers' root programs) accept for a TLS server certificate. Berth renews it long before.
   */
  public static final Duration SERVER_LIFETIME = Duration.ofDays(397);

  private static final String SIGNATURE = "SHA256withECDSA";

  /** Backdating absorbs small clock differences between this machine and its clients. */
  private static final Duration BACKDATE = Duration.ofMinutes(5);

  private final KeyPair keys;
  private final X509Certificate certificate;
  private final SecureRandom random;
  private final Clock clock;

  public CertificateAuthority(
      KeyPair keys, X509Certificate certificate, SecureRandom random, Clock clock) {
    this.keys = keys;
    this.certificate = certificate;
    this.random = random;
    this.clock = clock;
  }

  /**
   * Generates a new CA key and certificate.
   *
   * @param limits the names it may sign for, written as critical Name Constraints; {@link
   *     NameLimits#NONE} for a CA that may sign for any site (a risk if its key leaks)
   */
  public static CertificateAuthority create(
      String commonName, NameLimits limits, SecureRandom random, Clock clock)
      throws CertificateException {
    KeyPair keys = newKeyPair(random);
    X500Name subject = name(commonName);
    Instant now = clock.instant();
    JcaX509ExtensionUtils ext = extensionUtils();
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  serial(random),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(CA_VALIDITY)),
                  subject,
                  keys.getPublic())
              // pathLen 0: this CA signs server certificates only, never other CAs.
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(keys.getPublic()));
      if (limits.constrained()) {
        // Critical, as RFC 5280 requires: a client that cannot enforce the limits must refuse the
        // CA.
        builder.addExtension(Extension.nameConstraints, true, limits.extension());
      }
      return new CertificateAuthority(keys, sign(builder, keys), random, clock);
    } catch (CertIOException e) {
      throw new CertificateException("could not build the CA certificate: " + e.getMessage(), e);
    }
  }

  /**
   * Issues a server certificate for {@code key} naming every host (DNS names and IP addresses) as a
   * subject alternative name: modern clients ignore the common name and check only the SANs.
   *
   * @throws IllegalArgumentException for a host outside this CA's name constraints (clients would
   *     refuse the certificate)
   */
  public X509Certificate issueServerCertificate(PublicKey key, List<SubjectName> hosts)
      throws CertificateException {
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException(
          "a server certificate needs at least one host name or address");
    }
    NameLimits limits = limits();
    for (SubjectName host : hosts) {
      if (!limits.permits(host)) {
        throw new IllegalArgumentException(
            "this CA may only sign for " + limits.describe() + ", not for " + host.value());
      }
    }
    Instant now = clock.instant();
    Instant notBefore = now.minus(BACKDATE);
    Instant notAfter = notBefore.plus(SERVER_LIFETIME);
    if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
      notAfter = certificate.getNotAfter().toInstant();
    }
    GeneralName[] names = hosts.stream().map(SubjectName::generalName).toArray(GeneralName[]::new);
    JcaX509ExtensionUtils ext = extensionUtils();
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  certificate,
                  serial(random),
                  Date.from(notBefore),
                  Date.from(notAfter),
                  name(hosts.get(0).value()),
                  key)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              // digitalSignature only: an EC key signs the TLS handshake, it never enciphers keys.
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
              .addExtension(
                  Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  ext.createAuthorityKeyIdentifier(certificate));
      return sign(builder, keys);
    } catch (CertIOException | java.security.cert.CertificateEncodingException e) {
      throw new CertificateException(
          "could not build the server certificate: " + e.getMessage(), e);
    }
  }

  public KeyPair keys() {
    return keys;
  }

  /** The names this CA may sign for. */
  public NameLimits limits() throws CertificateException {
    try {
      return NameLimits.of(certificate);
    } catch (java.io.IOException e) {
      throw new CertificateException(
          "the CA's name constraints cannot be read: " + e.getMessage(), e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** A new EC P-256 key pair (the curve every TLS client supports). */
  public static KeyPair newKeyPair(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      // Happens in a jlinked runtime without jdk.crypto.ec (jdeps does not see that module).
      throw new IllegalStateException(
          "EC P-256 key generation is not available in this Java runtime"
              + " (is the jdk.crypto.ec module missing?)",
          e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws CertificateException {
    try {
      ContentSigner s = new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(s));
    } catch (OperatorCreationException e) {
      throw new CertificateException("could not sign with " + SIGNATURE + ": " + e.getMessage(), e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Berth")
        .addRDN(BCStyle.CN, commonName)
        .build();
  }

  /** Random, positive, 159 bits: unique without a counter (RFC 5280 allows up to 20 octets). */
  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(159, random).add(BigInteger.ONE);
  }

  private static JcaX509ExtensionUtils extensionUtils() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "every Java platform supports SHA-1, which key identifiers use", e);
    }
  }
}
