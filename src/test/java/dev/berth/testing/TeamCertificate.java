package dev.berth.testing;

import dev.berth.security.Pem;
import dev.berth.tls.CertificateAuthority;
import dev.berth.tls.CertificateInfo;
import dev.berth.tls.NameLimits;
import dev.berth.tls.SubjectName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A server certificate issued by a CA of the team's own ("CN=Team root"), not by Berth's local CA,
 * written as the PEM files a person would choose: the chain (leaf, then root), its key, the root.
 */
public record TeamCertificate(Path chain, Path key, Path root, X509Certificate leaf) {

  /**
   * Issues one for {@code host} now, writing {@code <prefix>-chain.pem} and so on into {@code
   * folder}.
   */
  public static TeamCertificate issue(Path folder, String prefix, String host) throws Exception {
    return issue(folder, prefix, host, Instant.now());
  }

  /** As {@link #issue(Path, String, String)}, with the CA's clock set to {@code issuedAt}. */
  public static TeamCertificate issue(Path folder, String prefix, String host, Instant issuedAt)
      throws Exception {
    SecureRandom random = new SecureRandom();
    CertificateAuthority team =
        CertificateAuthority.create(
            "Team root", NameLimits.NONE, random, Clock.fixed(issuedAt, ZoneOffset.UTC));
    KeyPair keys = CertificateAuthority.newKeyPair(random);
    X509Certificate leaf =
        team.issueServerCertificate(keys.getPublic(), List.of(SubjectName.parse(host)));
    return new TeamCertificate(
        Files.writeString(
            folder.resolve(prefix + "-chain.pem"),
            Pem.certificates(List.of(leaf, team.certificate()))),
        Files.writeString(folder.resolve(prefix + "-key.pem"), Pem.privateKey(keys.getPrivate())),
        Files.writeString(
            folder.resolve(prefix + "-root.pem"), Pem.certificates(List.of(team.certificate()))),
        leaf);
  }

  public String fingerprint() {
    return CertificateInfo.of(leaf).sha256Fingerprint();
  }
}
