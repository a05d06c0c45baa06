package dev.berth.engine;

import dev.berth.tls.CertificateService;
import dev.berth.tls.ServerTls;
import dev.berth.tls.TlsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link TlsSettings} into the HTTPS listener's reloadable certificate, or none. The data
 * folder's certificate renews itself: once here, before it is first served, and then whenever the
 * engine's periodic check ({@link ServerTls#maintain}) finds it due.
 */
final class TlsWiring {
  private static final Logger LOG = LoggerFactory.getLogger(TlsWiring.class);

  private TlsWiring() {}

  static Optional<ServerTls> create(TlsSettings settings, DataDirectory data) throws IOException {
    switch (settings.source()) {
      case OFF:
        return Optional.empty();
      case FILES:
        return Optional.of(ServerTls.load(settings.certificate(), settings.key()));
      case DATA_FOLDER:
      default:
        TlsFiles files = new TlsFiles(data.tls());
        if (!Files.exists(files.serverCertificate()) || !Files.exists(files.serverKey())) {
          throw new IOException(
              "There is no server certificate in "
                  + data.tls()
                  + ". Create one first:\n"
                  + "  berth cert create --data "
                  + data.root()
                  + " --host <name or IP clients use>");
        }
        CertificateService certificates =
            new CertificateService(files, new SecureRandom(), Clock.systemUTC());
        ServerTls.Renewal renewal = () -> renewed(certificates);
        try {
          renewal.renewIfDue();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
          LOG.warn(
              "Could not renew the TLS certificate; serving the current one: {}", e.getMessage());
        }
        return Optional.of(ServerTls.load(files.serverCertificate(), files.serverKey(), renewal));
    }
  }

  private static boolean renewed(CertificateService certificates)
      throws IOException, GeneralSecurityException {
    return certificates
        .renewIfDue()
        .map(
            c -> {
              LOG.info(
                  "Renewed the TLS certificate from the local CA: valid until {} for {}",
                  c.notAfter(),
                  String.join(", ", c.names()));
              return true;
            })
        .orElse(false);
  }
}
