package dev.berth.cli;

import dev.berth.engine.DataDirectory;
import dev.berth.tls.TlsFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Option;

/**
 * The options of every command that talks to a running registry: {@code --url} and {@code
 * --cacert}. An HTTPS registry with Berth's own local CA is trusted through {@code --cacert FILE},
 * or through the data folder's {@code tls/ca.crt} when {@code --data} names it as well; a TLS
 * failure comes back as a sentence that says which of the two to pass.
 */
final class RegistryConnection {
  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "A running registry, e.g. http://localhost:5000 or https://registry.lan:5000 (basic or token authentication alike).")
  URI url;

  @Option(
      names = "--cacert",
      paramLabel = "FILE",
      description =
          "With an https:// --url: trust the registry's certificate through this CA file (PEM), like curl --cacert."
              + " Default: the data folder's tls/ca.crt when --data is given too, otherwise the system's trusted CAs.")
  Path cacert;

  /** The CA file this command trusts, or null for the JDK's default trust store. */
  Path trustedCa(Path dataFolder) {
    if (cacert != null) {
      return cacert;
    }
    if (dataFolder != null) {
      Path local =
          new TlsFiles(DataDirectory.tls(dataFolder.toAbsolutePath().normalize())).caCertificate();
      return Files.isRegularFile(local) ? local : null;
    }
    return null;
  }

  HttpClient client(Path dataFolder) throws IOException {
    Path ca = trustedCa(dataFolder);
    HttpClient.Builder builder = HttpClient.newBuilder();
    if (ca != null) {
      builder.sslContext(trusting(ca));
    }
    return builder.build();
  }

  private static SSLContext trusting(Path caFile) throws IOException {
    if (!Files.isReadable(caFile)) {
      throw new IOException("cannot read the CA file " + caFile + " (--cacert)");
    }
    try (InputStream in = Files.newInputStream(caFile)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IOException(
            caFile + " holds no certificate (expected PEM, such as Berth's tls/ca.crt)");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(caFile + " is not a PEM certificate file: " + e.getMessage(), e);
    }
  }

  /** A TLS failure in words a person can act on, naming the option that fixes it. */
  IOException explain(SSLException e, Path dataFolder) {
    Path ca = trustedCa(dataFolder);
    String raw = String.valueOf(e.getMessage());
    String what;
    if (raw.contains("PKIX")
        || raw.contains("unable to find valid certification path")
        || raw.contains("signature check failed")
        || raw.contains("certificate_unknown")) {
      what =
          ca == null
              ? "its certificate is not signed by a CA this computer trusts. Pass the registry's CA with --cacert FILE"
                  + " (Berth's own: <data>/tls/ca.crt, exported in the app under Certificates), or --data DIR on the"
                  + " registry's machine"
              : "its certificate is not signed by "
                  + ca
                  + ". Pass the CA that signed it with --cacert FILE";
    } else if (raw.contains("No subject alternative") || raw.contains("No name matching")) {
      what =
          "its certificate is not made for the host "
              + url.getHost()
              + " ("
              + raw
              + "). Use a name the certificate"
              + " lists (berth cert show), or create one for this name (berth cert create --host "
              + url.getHost()
              + ")";
    } else if (raw.contains("Unsupported or unrecognized SSL message")
        || raw.contains("plaintext")) {
      what =
          "it does not speak HTTPS on that port; use "
              + url.toString().replaceFirst("^https:", "http:");
    } else if (raw.contains("expired") || raw.contains("NotAfter")) {
      what =
          "its certificate has expired; renew it (berth cert create) and restart or reload the registry";
    } else {
      what = "the TLS handshake failed: " + raw;
    }
    return new IOException("could not connect securely to " + url + ": " + what + ".", e);
  }
}
