package dev.berth.tls;

import java.nio.file.Path;

/**
 * Where the data folder keeps its certificates:
 *
 * <pre>
 * &lt;data&gt;/tls/          rwx------
 *   ca.crt            the local CA certificate: the file clients must trust
 *   ca.key            its private key (PKCS#8, rw-------); signs server certificates
 *   server.crt        the server certificate followed by ca.crt (the chain sent in handshakes)
 *   server.key        the server's private key (PKCS#8, rw-------)
 * </pre>
 */
public record TlsFiles(Path directory) {
  public Path caCertificate() {
    return directory.resolve("ca.crt");
  }

  public Path caKey() {
    return directory.resolve("ca.key");
  }

  public Path serverCertificate() {
    return directory.resolve("server.crt");
  }

  public Path serverKey() {
    return directory.resolve("server.key");
  }
}
