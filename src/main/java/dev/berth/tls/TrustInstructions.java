package dev.berth.tls;

import java.nio.file.Path;
import java.util.List;

/**
 * The exact steps that make clients trust the local CA. Docker and podman look up a folder named
 * after the registry <em>including the port</em>, which is the step people most often get wrong.
 */
public final class TrustInstructions {
  private TrustInstructions() {}

  /** One command a person runs on a client machine to trust the CA. */
  public record Step(String client, String command) {}

  /**
   * The same steps as {@link #forRegistry}, one command each, for an app that copies them one by
   * one. The docker and podman folder names carry the port.
   */
  public static List<Step> steps(Path caCertificate, String hostPort) {
    String ca = caCertificate.toAbsolutePath().toString();
    return List.of(
        new Step("Docker", "sudo mkdir -p /etc/docker/certs.d/" + hostPort + " && sudo cp " + ca
            + " /etc/docker/certs.d/" + hostPort + "/ca.crt"),
        new Step("Podman, Buildah, Skopeo", "sudo mkdir -p /etc/containers/certs.d/" + hostPort + " && sudo cp " + ca
            + " /etc/containers/certs.d/" + hostPort + "/ca.crt"),
        new Step("Skopeo, one command", "skopeo copy --dest-cert-dir " + caCertificate.toAbsolutePath().getParent()
            + " SOURCE docker://" + hostPort + "/REPOSITORY:TAG"),
        new Step("Debian, Ubuntu", "sudo cp " + ca + " /usr/local/share/ca-certificates/berth-ca.crt"
            + " && sudo update-ca-certificates"),
        new Step("Fedora, RHEL", "sudo cp " + ca + " /etc/pki/ca-trust/source/anchors/berth-ca.crt && sudo update-ca-trust"),
        new Step("macOS", "sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain " + ca),
        new Step("Windows", "certutil -addstore -f Root " + ca),
        new Step("Java (Jib)", "keytool -importcert -alias berth-ca -file " + ca + " -cacerts"));
  }

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
