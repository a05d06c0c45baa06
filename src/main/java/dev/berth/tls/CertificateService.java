package dev.berth.tls;

import dev.berth.security.Pem;
import dev.berth.security.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The certificate use cases of the command line and the desktop app, on a data folder's {@link
 * TlsFiles}: create (or reuse) the local CA, issue the server certificate or install one from the
 * person's own CA, and describe both.
 */
public final class CertificateService {
  private final TlsFiles files;
  private final SecureRandom random;
  private final Clock clock;

  public CertificateService(TlsFiles files, SecureRandom random, Clock clock) {
    this.files = files;
    this.random = random;
    this.clock = clock;
  }

  /** What {@link #create} did. */
  public record Created(boolean newCa, CertificateInfo ca, CertificateInfo server) {}

  /**
   * Issues a new server certificate for {@code hosts} plus this machine's names, signed by the
   * data folder's CA. The CA is created when there is none or {@code newCa} is set; otherwise it is
   * reused so clients that trust it keep working.
   */
  public Created create(List<SubjectName> hosts, boolean newCa) throws IOException, CertificateException {
    PrivateFiles.directory(files.directory());
    boolean createCa = newCa || !Files.exists(files.caCertificate()) || !Files.exists(files.caKey());
    CertificateAuthority ca = createCa ? createCa() : loadCa();
    Set<SubjectName> names = new LinkedHashSet<>(hosts);
    names.addAll(MachineNames.discover());
    KeyPair serverKeys = CertificateAuthority.newKeyPair(random);
    X509Certificate server = ca.issueServerCertificate(serverKeys.getPublic(), new ArrayList<>(names));
    installServer(serverKeys.getPrivate(), List.of(server, ca.certificate()));
    return new Created(createCa, CertificateInfo.of(ca.certificate()), CertificateInfo.of(server));
  }

  /**
   * Installs a certificate from the person's own CA (PEM, leaf first, then intermediates) and its
   * private key as the data folder's server certificate, once they are shown to belong together
   * and to be valid now. The local CA is left as it was, so it can issue again later.
   *
   * @throws IOException in words a person can act on when the files cannot be read, do not
   *     match, or the certificate is not valid now (the installed files are then unchanged), or
   *     when writing fails (the previous pair is then put back)
   */
  public CertificateInfo importServer(Path certificate, Path key) throws IOException {
    KeyMaterial material = KeyMaterial.read(certificate, key);
    X509Certificate leaf = material.chain().get(0);
    Instant now = clock.instant();
    if (leaf.getNotAfter().toInstant().isBefore(now)) {
      throw new IOException(certificate + " expired on " + leaf.getNotAfter().toInstant() + "; clients refuse it");
    }
    if (leaf.getNotBefore().toInstant().isAfter(now)) {
      throw new IOException(certificate + " is not valid before " + leaf.getNotBefore().toInstant()
          + "; check this computer's clock or wait until then");
    }
    if (CertificateInfo.of(leaf).names().isEmpty()) {
      throw new IOException(certificate + " names no host (it has no subject alternative names);"
          + " docker, podman and skopeo refuse such a certificate. Is it the CA certificate instead?");
    }
    PrivateFiles.directory(files.directory());
    installServer(material.key(), material.chain());
    return CertificateInfo.of(leaf);
  }

  /**
   * Writes the server's key, then its certificate, so that a watcher that sees the new certificate
   * finds its key already there. When the certificate cannot be written, the previous key goes
   * back, so the two files on disk always belong together.
   */
  private void installServer(PrivateKey key, List<X509Certificate> chain) throws IOException {
    Path keyFile = files.serverKey();
    byte[] previousKey = Files.exists(keyFile) ? Files.readAllBytes(keyFile) : null;
    PrivateFiles.write(keyFile, bytes(Pem.privateKey(key)));
    try {
      PrivateFiles.write(files.serverCertificate(), bytes(Pem.certificates(chain)));
    } catch (IOException | RuntimeException e) {
      try {
        if (previousKey != null) {
          PrivateFiles.write(keyFile, previousKey);
        } else {
          Files.deleteIfExists(keyFile);
        }
      } catch (IOException restoreFailed) {
        e.addSuppressed(restoreFailed);
      }
      throw e;
    }
  }

  /**
   * The CA and server certificate of the data folder, if there are any.
   *
   * @param serverFromLocalCa whether the local CA signed the server certificate, so that clients
   *     trusting {@code ca.crt} accept it (not so for an imported one)
   */
  public record Installed(Optional<CertificateInfo> ca, Optional<CertificateInfo> server, boolean serverFromLocalCa) {}

  public Installed show() throws IOException {
    Optional<X509Certificate> ca = first(files.caCertificate());
    Optional<X509Certificate> server = first(files.serverCertificate());
    boolean fromLocalCa = ca.isPresent() && server.isPresent() && signedBy(server.get(), ca.get());
    return new Installed(ca.map(CertificateInfo::of), server.map(CertificateInfo::of), fromLocalCa);
  }

  private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
    try {
      certificate.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  public TlsFiles files() {
    return files;
  }

  private CertificateAuthority createCa() throws IOException, CertificateException {
    CertificateAuthority ca = CertificateAuthority.create("Berth local CA " + clock.instant().toString().substring(0, 10), random, clock);
    PrivateFiles.write(files.caKey(), bytes(Pem.privateKey(ca.keys().getPrivate())));
    // ca.crt is public (it is what clients install) but lives in the private folder anyway.
    PrivateFiles.write(files.caCertificate(), bytes(Pem.certificates(List.of(ca.certificate()))));
    return ca;
  }

  private CertificateAuthority loadCa() throws IOException {
    X509Certificate cert = Pem.readCertificates(files.caCertificate()).get(0);
    PublicKey pub = cert.getPublicKey();
    KeyPair keys = new KeyPair(pub, Pem.readPrivateKey(files.caKey()));
    KeyMaterial.checkMatches(cert, keys.getPrivate(), files.caKey());
    return new CertificateAuthority(keys, cert, random, clock);
  }

  private static Optional<X509Certificate> first(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(Pem.readCertificates(file).get(0));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
