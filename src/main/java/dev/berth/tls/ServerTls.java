package dev.berth.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS listener's SSLContext, whose certificate can be replaced while the server runs: the
 * context's key manager delegates to one built from the current PEM files, and {@link #reload}
 * swaps that delegate. New handshakes get the new certificate; open connections keep theirs.
 */
public final class ServerTls {
  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

  private final Path certificateFile;
  private final Path keyFile;
  private final Renewal renewal;
  private final AtomicReference<Loaded> current;
  private final SSLContext context;

  /** Renews the certificate files when they are due; see {@link CertificateService#renewIfDue}. */
  @FunctionalInterface
  public interface Renewal {
    /** Nothing to renew: a certificate the person brought, which only its own CA can renew. */
    Renewal NONE = () -> false;

    /** Returns whether new files were written. */
    boolean renewIfDue() throws IOException, GeneralSecurityException;
  }

  private record Loaded(
      KeyMaterial material, X509ExtendedKeyManager manager, FileTime certTime, FileTime keyTime) {}

  private ServerTls(Path certificateFile, Path keyFile, Renewal renewal, Loaded first) {
    this.certificateFile = certificateFile;
    this.keyFile = keyFile;
    this.renewal = renewal;
    this.current = new AtomicReference<>(first);
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(new javax.net.ssl.KeyManager[] {new SwappingKeyManager()}, null, null);
      this.context = TlsPolicy.restrict(tls);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime provides a TLS SSLContext", e);
    }
  }

  /** Loads the certificate chain and key; fails with a message naming the file at fault. */
  public static ServerTls load(Path certificateFile, Path keyFile) throws IOException {
    return load(certificateFile, keyFile, Renewal.NONE);
  }

  /** As {@link #load(Path, Path)}, with the renewal {@link #maintain} runs. */
  public static ServerTls load(Path certificateFile, Path keyFile, Renewal renewal)
      throws IOException {
    return new ServerTls(certificateFile, keyFile, renewal, read(certificateFile, keyFile));
  }

  /**
   * The periodic check: renews the certificate when it is due and serves the new one at once, and
   * logs a warning when what is served expires soon. Never throws, so a schedule keeps running;
   * after a failed renewal the current certificate stays in service.
   */
  public void maintain(java.time.Instant now) {
    try {
      if (renewal.renewIfDue()) {
        reload();
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      LOG.warn(
          "Could not renew the TLS certificate; still serving the current one: {}", e.getMessage());
    }
    expiryWarning(now).ifPresent(LOG::warn);
  }

  public SSLContext sslContext() {
    return context;
  }

  /** The certificate now being served. */
  public X509Certificate certificate() {
    return current.get().material().chain().get(0);
  }

  /**
   * Re-reads the files. If they are broken (half-written, mismatched) the old certificate stays in
   * service and the error is thrown for the caller to show.
   */
  public void reload() throws IOException {
    Loaded next = read(certificateFile, keyFile);
    current.set(next);
    LOG.info(
        "TLS certificate reloaded: {} (valid until {})",
        next.material().chain().get(0).getSubjectX500Principal().getName(),
        next.material().chain().get(0).getNotAfter().toInstant());
  }

  /** Reloads if either file changed since the last load; returns whether it did. */
  public boolean reloadIfChanged() throws IOException {
    Loaded now = current.get();
    if (Files.getLastModifiedTime(certificateFile).equals(now.certTime())
        && Files.getLastModifiedTime(keyFile).equals(now.keyTime())) {
      return false;
    }
    reload();
    return true;
  }

  /** Thirty days: enough time to reissue and, for a new CA, to redistribute ca.crt. */
  public static final java.time.Duration EXPIRY_WARNING = java.time.Duration.ofDays(30);

  /** A warning for the log or the UI when the served certificate expires soon or has expired. */
  public java.util.Optional<String> expiryWarning(java.time.Instant now) {
    X509Certificate c = certificate();
    java.time.Instant notAfter = c.getNotAfter().toInstant();
    if (notAfter.isBefore(now)) {
      return java.util.Optional.of(
          "The TLS certificate "
              + c.getSubjectX500Principal().getName()
              + " expired on "
              + notAfter
              + "; clients will refuse to connect. Renew it (berth cert create) or replace "
              + certificateFile);
    }
    if (notAfter.isBefore(now.plus(EXPIRY_WARNING))) {
      return java.util.Optional.of(
          "The TLS certificate "
              + c.getSubjectX500Principal().getName()
              + " expires on "
              + notAfter
              + " (in "
              + java.time.Duration.between(now, notAfter).toDays()
              + " days). Renew it with berth cert create or replace "
              + certificateFile);
    }
    return java.util.Optional.empty();
  }

  private static Loaded read(Path cert, Path key) throws IOException {
    FileTime certTime = Files.getLastModifiedTime(cert);
    FileTime keyTime = Files.getLastModifiedTime(key);
    KeyMaterial material = KeyMaterial.read(cert, key);
    return new Loaded(material, material.keyManager(), certTime, keyTime);
  }

  /**
   * Every call goes to the key manager of the certificate loaded last. A handshake that straddles a
   * swap may see the alias from one load and the chain from the next; both use the alias "server",
   * so at worst that one handshake fails and the client retries.
   */
  private final class SwappingKeyManager extends X509ExtendedKeyManager {
    private X509ExtendedKeyManager delegate() {
      return current.get().manager();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return delegate().getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return delegate().chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return delegate().getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return delegate().chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return delegate().chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return delegate().getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return delegate().getPrivateKey(alias);
    }
  }
}
