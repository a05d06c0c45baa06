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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The certificate use cases of the command line and the desktop app, on a data folder's {@link
 * TlsFiles}: create (or reuse) the name-constrained local CA, issue the server certificate, renew
 * it before it expires, or install one from the person's own CA, and describe both.
 */
public final class CertificateService {
  /** Renew a server certificate of the local CA once it has less than this left (of 397 days). */
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);

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

  /** As {@link #create(List, boolean, boolean)}, with a name-constrained CA when one is made. */
  public Created create(List<SubjectName> hosts, boolean newCa)
      throws IOException, CertificateException {
    return create(hosts, newCa, false);
  }

  /**
   * Issues a new server certificate for {@code hosts} plus this machine's names, signed by the data
   * folder's CA. The CA is created when there is none or {@code newCa} is set, limited by Name
   * Constraints to exactly these names (unless {@code unconstrainedCa}); otherwise it is reused so
   * clients that trust it keep working, and this machine's names it was not made for are left out.
   *
   * @throws IllegalArgumentException when a requested host is outside the reused CA's limits (a new
   *     CA is needed), or {@code unconstrainedCa} is asked without making a CA
   */
  public Created create(List<SubjectName> hosts, boolean newCa, boolean unconstrainedCa)
      throws IOException, CertificateException {
    PrivateFiles.directory(files.directory());
    boolean createCa =
        newCa || !Files.exists(files.caCertificate()) || !Files.exists(files.caKey());
    if (unconstrainedCa && !createCa) {
      throw new IllegalArgumentException(
          "a CA without name constraints can only be made as a new CA (--new-ca);"
              + " the existing CA is kept as it is");
    }
    Set<SubjectName> names = new LinkedHashSet<>(hosts);
    names.addAll(MachineNames.discover());
    CertificateAuthority ca;
    if (createCa) {
      ca = createCa(unconstrainedCa ? NameLimits.NONE : NameLimits.of(names));
    } else {
      ca = loadCa();
      NameLimits limits = ca.limits();
      for (SubjectName host : hosts) {
        if (!limits.permits(host)) {
          throw new IllegalArgumentException(
              "the local CA may only sign for "
                  + limits.describe()
                  + "; "
                  + host.value()
                  + " is not among them. Make a new CA for it (berth cert create --new-ca, or \"Replace the CA too\" in the"
                  + " app); every client must then trust the new ca.crt");
        }
      }
      names.removeIf(
          n -> !limits.permits(n)); // addresses this machine has gained since the CA was made
    }
    KeyPair serverKeys = CertificateAuthority.newKeyPair(random);
    X509Certificate server =
        ca.issueServerCertificate(serverKeys.getPublic(), new ArrayList<>(names));
    installServer(serverKeys.getPrivate(), List.of(server, ca.certificate()));
    trustDirectory();
    return new Created(createCa, CertificateInfo.of(ca.certificate()), CertificateInfo.of(server));
  }

  /**
   * Installs a certificate from the person's own CA (PEM, leaf first, then intermediates) and its
   * private key as the data folder's server certificate, once they are shown to belong together and
   * to be valid now. The local CA is left as it was, so it can issue again later.
   *
   * @throws IOException in words a person can act on when the files cannot be read, do not match,
   *     or the certificate is not valid now (the installed files are then unchanged), or when
   *     writing fails (the previous pair is then put back)
   */
  public CertificateInfo importServer(Path certificate, Path key) throws IOException {
    KeyMaterial material = KeyMaterial.read(certificate, key);
    X509Certificate leaf = material.chain().get(0);
    Instant now = clock.instant();
    if (leaf.getNotAfter().toInstant().isBefore(now)) {
      throw new IOException(
          certificate + " expired on " + leaf.getNotAfter().toInstant() + "; clients refuse it");
    }
    if (leaf.getNotBefore().toInstant().isAfter(now)) {
      throw new IOException(
          certificate
              + " is not valid before "
              + leaf.getNotBefore().toInstant()
              + "; check this computer's clock or wait until then");
    }
    if (CertificateInfo.of(leaf).names().isEmpty()) {
      throw new IOException(
          certificate
              + " names no host (it has no subject alternative names);"
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
   * @param caLimits the names the local CA may sign for (its name constraints)
   */
  public record Installed(
      Optional<CertificateInfo> ca,
      Optional<CertificateInfo> server,
      boolean serverFromLocalCa,
      NameLimits caLimits) {}

  public Installed show() throws IOException {
    Optional<X509Certificate> ca = first(files.caCertificate());
    Optional<X509Certificate> server = first(files.serverCertificate());
    boolean fromLocalCa = ca.isPresent() && server.isPresent() && signedBy(server.get(), ca.get());
    NameLimits limits = ca.isPresent() ? NameLimits.of(ca.get()) : NameLimits.NONE;
    return new Installed(
        ca.map(CertificateInfo::of), server.map(CertificateInfo::of), fromLocalCa, limits);
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

  /**
   * The folder that holds only a copy of {@code ca.crt} (see {@link TlsFiles}), brought up to date
   * with the CA first: the folder to give {@code skopeo --dest-cert-dir} or {@code podman login
   * --cert-dir}. Data folders made before it existed get it on first use.
   */
  public Path trustDirectory() throws IOException {
    Path folder = files.trustDirectory();
    if (!Files.exists(files.caCertificate())) {
      return folder;
    }
    byte[] ca = Files.readAllBytes(files.caCertificate());
    Path copy = folder.resolve("ca.crt");
    if (!Files.exists(copy) || !java.util.Arrays.equals(ca, Files.readAllBytes(copy))) {
      PrivateFiles.directory(folder);
      PrivateFiles.write(copy, ca);
    }
    return folder;
  }

  /**
   * Renews the server certificate when the local CA issued it and it is due: it expires within
   * {@link #RENEW_BEFORE}, or it lives longer than clients accept (an 825-day certificate of an
   * older Berth). The new one has the same names and the same CA, so clients change nothing. A
   * certificate from someone else's CA is left alone: only its CA can renew it.
   *
   * @return the new certificate, or empty when nothing was due
   */
  public Optional<CertificateInfo> renewIfDue() throws IOException, CertificateException {
    Optional<X509Certificate> server = first(files.serverCertificate());
    if (server.isEmpty() || !Files.exists(files.caKey()) || !Files.exists(files.serverKey())) {
      return Optional.empty();
    }
    X509Certificate current = server.get();
    Instant now = clock.instant();
    boolean expiring = !current.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE));
    boolean tooLong =
        Duration.between(current.getNotBefore().toInstant(), current.getNotAfter().toInstant())
                .compareTo(CertificateAuthority.SERVER_LIFETIME)
            > 0;
    if (!expiring && !tooLong) {
      return Optional.empty();
    }
    CertificateAuthority ca = loadCa();
    if (!signedBy(current, ca.certificate())) {
      return Optional.empty();
    }
    List<SubjectName> names = new ArrayList<>();
    for (String san : CertificateInfo.of(current).names()) {
      names.add(SubjectName.parse(san.substring(san.indexOf(':') + 1)));
    }
    NameLimits limits = ca.limits();
    names.removeIf(n -> !limits.permits(n));
    KeyPair keys = CertificateAuthority.newKeyPair(random);
    X509Certificate renewed = ca.issueServerCertificate(keys.getPublic(), names);
    installServer(keys.getPrivate(), List.of(renewed, ca.certificate()));
    return Optional.of(CertificateInfo.of(renewed));
  }

  private CertificateAuthority createCa(NameLimits limits)
      throws IOException, CertificateException {
    CertificateAuthority ca =
        CertificateAuthority.create(
            "Berth local CA " + clock.instant().toString().substring(0, 10), limits, random, clock);
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
