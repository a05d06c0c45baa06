package dev.berth.security;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * PEM in and out. Private keys are always written as PKCS#8 ({@code BEGIN PRIVATE KEY}):
 * JcaPEMWriter would write an EC key as SEC1 without its public half, which cannot be read back as
 * a key pair. Reading accepts what users bring: PKCS#8, SEC1 ({@code BEGIN EC PRIVATE KEY}) and
 * PKCS#1 ({@code BEGIN RSA PRIVATE KEY}).
 */
public final class Pem {
  private Pem() {}

  public static String certificates(List<X509Certificate> chain) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (X509Certificate c : chain) {
        w.writeObject(c);
      }
    }
    return out.toString();
  }

  public static String privateKey(PrivateKey key) throws IOException {
    return object(new PemObject("PRIVATE KEY", key.getEncoded()));
  }

  public static String publicKey(PublicKey key) throws IOException {
    return object(new PemObject("PUBLIC KEY", key.getEncoded()));
  }

  private static String object(PemObject o) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    }
    return out.toString();
  }

  /** Every certificate in the file, in file order (leaf first for a chain). */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    List<X509Certificate> certs = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (Object o : objects(Files.readString(file, StandardCharsets.US_ASCII))) {
      if (o instanceof X509CertificateHolder h) {
        try {
          certs.add(converter.getCertificate(h));
        } catch (CertificateException e) {
          throw new IOException(
              file + " holds a certificate Java cannot use: " + e.getMessage(), e);
        }
      }
    }
    if (certs.isEmpty()) {
      throw new IOException(file + " holds no PEM certificate (BEGIN CERTIFICATE)");
    }
    return certs;
  }

  /** The first private key in the file, in any of the accepted encodings. */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    for (Object o : objects(Files.readString(file, StandardCharsets.US_ASCII))) {
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (o instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
    }
    throw new IOException(
        file
            + " holds no unencrypted PEM private key (BEGIN PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)");
  }

  /** A key pair stored as a PRIVATE KEY block followed by a PUBLIC KEY block. */
  public static KeyPair readKeyPair(Path file) throws IOException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    PrivateKey priv = null;
    PublicKey pub = null;
    for (Object o : objects(Files.readString(file, StandardCharsets.US_ASCII))) {
      if (o instanceof PrivateKeyInfo info) {
        priv = converter.getPrivateKey(info);
      } else if (o instanceof SubjectPublicKeyInfo info) {
        pub = converter.getPublicKey(info);
      }
    }
    if (priv == null || pub == null) {
      throw new IOException(file + " must hold a PRIVATE KEY and a PUBLIC KEY block");
    }
    return new KeyPair(pub, priv);
  }

  private static List<Object> objects(String text) throws IOException {
    List<Object> objects = new ArrayList<>();
    try (Reader r = new StringReader(text);
        PEMParser parser = new PEMParser(r)) {
      Object o;
      while ((o = parser.readObject()) != null) {
        objects.add(o);
      }
    }
    return objects;
  }
}
