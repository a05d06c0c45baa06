package dev.berth.tls;

import dev.berth.security.Pem;
import dev.berth.security.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The certificate use cases of the command line and the desktop app, on a data folder's {@link
 * TlsFiles}: create (or reuse) the local CA, issue the server certificate, and describe both.
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
    // Key first: a watcher that sees the new certificate must find the matching key already there.
    PrivateFiles.write(files.serverKey(), bytes(Pem.privateKey(serverKeys.getPrivate())));
    PrivateFiles.write(files.serverCertificate(), bytes(Pem.certificates(List.of(server, ca.certificate()))));
    return new Created(createCa, CertificateInfo.of(ca.certificate()), CertificateInfo.of(server));
  }

  /** The CA and server certificate of the data folder, if there are any. */
  public record Installed(Optional<CertificateInfo> ca, Optional<CertificateInfo> server) {}

  public Installed show() throws IOException {
    return new Installed(first(files.caCertificate()), first(files.serverCertificate()));
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

  private static Optional<CertificateInfo> first(java.nio.file.Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(CertificateInfo.of(Pem.readCertificates(file).get(0)));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
