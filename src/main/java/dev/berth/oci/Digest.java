package dev.berth.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest such as {@code sha256:6c3c…}: an algorithm and its lowercase hex encoding.
 *
 * <p>Only the algorithms registered by the OCI image spec are accepted, with their exact hex
 * lengths, so a {@code Digest} is always safe to turn into a file name.
 */
public final class Digest implements Comparable<Digest> {

  /** The algorithms a registry must or may support (OCI image spec, "Registered algorithms"). */
  public enum Algorithm {
    SHA256("sha256", "SHA-256", 64),
    SHA512("sha512", "SHA-512", 128);

    private final String prefix;
    private final String jcaName;
    private final int hexLength;

    Algorithm(String prefix, String jcaName, int hexLength) {
      this.prefix = prefix;
      this.jcaName = jcaName;
      this.hexLength = hexLength;
    }

    public String prefix() {
      return prefix;
    }

    public MessageDigest newMessageDigest() {
      try {
        return MessageDigest.getInstance(jcaName);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("Every Java platform provides " + jcaName, e);
      }
    }

    static Algorithm fromPrefix(String prefix) {
      for (Algorithm a : values()) {
        if (a.prefix.equals(prefix)) {
          return a;
        }
      }
      return null;
    }
  }

  private final Algorithm algorithm;
  private final String hex;

  private Digest(Algorithm algorithm, String hex) {
    this.algorithm = algorithm;
    this.hex = hex;
  }

  /**
   * Parses {@code algorithm:hex}.
   *
   * @throws InvalidDigestException if the text is not a digest this registry understands
   */
  public static Digest parse(String text) {
    if (text == null) {
      throw new InvalidDigestException("no digest given");
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new InvalidDigestException(
          "'" + abbreviate(text) + "' is not of the form algorithm:hex");
    }
    Algorithm algorithm = Algorithm.fromPrefix(text.substring(0, colon));
    if (algorithm == null) {
      throw new InvalidDigestException(
          "unsupported digest algorithm '" + abbreviate(text.substring(0, colon)) + "'");
    }
    String hex = text.substring(colon + 1);
    if (hex.length() != algorithm.hexLength || !isLowerHex(hex)) {
      throw new InvalidDigestException(
          "'" + abbreviate(text) + "' must have " + algorithm.hexLength + " lowercase hex digits");
    }
    return new Digest(algorithm, hex);
  }

  /** Whether {@code text} starts with a registered algorithm and a colon ({@code sha256:…}). */
  public static boolean hasKnownAlgorithm(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    return colon > 0 && Algorithm.fromPrefix(text.substring(0, colon)) != null;
  }

  /** Builds a digest from a finished hash computation. */
  public static Digest of(Algorithm algorithm, byte[] hash) {
    return new Digest(algorithm, HexFormat.of().formatHex(hash));
  }

  /** The SHA-256 digest of {@code content}; manifests are always addressed this way. */
  public static Digest sha256(byte[] content) {
    return of(Algorithm.SHA256, Algorithm.SHA256.newMessageDigest().digest(content));
  }

  public Algorithm algorithm() {
    return algorithm;
  }

  public String hex() {
    return hex;
  }

  /** The first twelve hex digits, as people and UIs show a digest. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Digest other && algorithm == other.algorithm && hex.equals(other.hex);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, hex);
  }

  @Override
  public int compareTo(Digest o) {
    return toString().compareTo(o.toString());
  }

  @Override
  public String toString() {
    return algorithm.prefix + ":" + hex;
  }
}
