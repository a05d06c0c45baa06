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
 *   trust/ca.crt      a copy of ca.crt alone, for {@code --cert-dir}-style options
 * </pre>
 *
 * <p>Why the copy: skopeo, podman and buildah read a {@code --cert-dir} folder as a set of CA
 * certificates ({@code *.crt}) <em>and</em> client certificates ({@code *.cert} + {@code *.key});
 * pointed at {@code tls/} itself they find {@code ca.key} without a {@code ca.cert} and refuse to
 * run ("missing client certificate ca.cert for key ca.key").
 */
public record TlsFiles(Path directory) {
  /** The certificates of the data folder {@code root}: its {@code tls/} folder. */
  public static TlsFiles ofDataFolder(Path root) {
    return new TlsFiles(root.toAbsolutePath().normalize().resolve("tls"));
  }

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

  /** A folder holding only {@code ca.crt}: the one to name in {@code --cert-dir} options. */
  public Path trustDirectory() {
    return directory.resolve("trust");
  }
}
