package dev.berth.engine;

import dev.berth.tls.ServerTls;
import dev.berth.tls.TlsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/** Turns {@link TlsSettings} into the HTTPS listener's reloadable certificate, or none. */
final class TlsWiring {
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
          throw new IOException("There is no server certificate in " + data.tls() + ". Create one first:\n"
              + "  berth cert create --data " + data.root() + " --host <name or IP clients use>");
        }
        return Optional.of(ServerTls.load(files.serverCertificate(), files.serverKey()));
    }
  }
}
