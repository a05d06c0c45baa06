package dev.berth.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** What a person wants to know about a certificate: who, for which names, until when, which one. */
public record CertificateInfo(
    String subject,
    String issuer,
    List<String> names,
    Instant notBefore,
    Instant notAfter,
    String sha256Fingerprint) {

  public static CertificateInfo of(X509Certificate c) {
    return new CertificateInfo(
        c.getSubjectX500Principal().getName(),
        c.getIssuerX500Principal().getName(),
        names(c),
        c.getNotBefore().toInstant(),
        c.getNotAfter().toInstant(),
        fingerprint(c));
  }

  /** True when the certificate expires within {@code window} of {@code now} (or has expired). */
  public boolean expiresWithin(Duration window, Instant now) {
    return !notAfter.isAfter(now.plus(window));
  }

  private static List<String> names(X509Certificate c) {
    List<String> names = new ArrayList<>();
    try {
      if (c.getSubjectAlternativeNames() != null) {
        for (List<?> san : c.getSubjectAlternativeNames()) {
          int type = (Integer) san.get(0);
          names.add(
              type == 7
                  ? "IP:" + IpText.compact(String.valueOf(san.get(1)))
                  : (type == 2 ? "DNS:" : type + ":") + san.get(1));
        }
      }
    } catch (CertificateParsingException e) {
      names.add("(unreadable subject alternative names)");
    }
    return names;
  }

  private static String fingerprint(X509Certificate c) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < d.length; i++) {
        s.append(i == 0 ? "" : ":").append(HexFormat.of().withUpperCase().toHexDigits(d[i]));
      }
      return s.toString();
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException(
          "SHA-256 and DER encoding are always available for a parsed certificate", e);
    }
  }
}
