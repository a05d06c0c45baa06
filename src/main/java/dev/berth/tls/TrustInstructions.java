package dev.berth.tls;

import java.nio.file.Path;

/**
 * The exact steps that make clients trust the local CA. Docker and podman look up a folder named
 * after the registry <em>including the port</em>, which is the step people most often get wrong.
 */
public final class TrustInstructions {
  private TrustInstructions() {}

  public static String forRegistry(Path caCertificate, String hostPort) {
    String ca = caCertificate.toAbsolutePath().toString();
    return String.join("\n",
        "Docker (on each client machine):",
        "  sudo mkdir -p /etc/docker/certs.d/" + hostPort,
        "  sudo cp " + ca + " /etc/docker/certs.d/" + hostPort + "/ca.crt",
        "Podman, Buildah, Skopeo:",
        "  sudo mkdir -p /etc/containers/certs.d/" + hostPort,
        "  sudo cp " + ca + " /etc/containers/certs.d/" + hostPort + "/ca.crt",
        "  (or per command: skopeo copy --dest-cert-dir DIR_WITH_CA_CRT ...)",
        "Operating system trust store (curl, browsers, most tools):",
        "  Debian/Ubuntu: sudo cp " + ca + " /usr/local/share/ca-certificates/berth-ca.crt && sudo update-ca-certificates",
        "  Fedora/RHEL:   sudo cp " + ca + " /etc/pki/ca-trust/source/anchors/berth-ca.crt && sudo update-ca-trust",
        "  macOS:         sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain " + ca,
        "  Windows:       certutil -addstore -f Root " + ca,
        "Java clients (Jib): keytool -importcert -alias berth-ca -file " + ca + " -cacerts");
  }
}
