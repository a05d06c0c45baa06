package dev.berth.tls;

import java.nio.file.Path;
import java.util.List;

/**
 * The exact steps that make clients trust the local CA. Docker and podman look up a folder named
 * after the registry <em>including the port</em>, which is the step people most often get wrong.
 * Per-command options ({@code --dest-cert-dir}, {@code --cert-dir}) name the trust folder, which
 * holds only {@code ca.crt} (see {@link TlsFiles} for why not {@code tls/} itself). Every command
 * here is run by a test against a real HTTPS registry (TrustCommandsTest).
 */
public final class TrustInstructions {
  private TrustInstructions() {}

  /** One command a person runs on a client machine to trust the CA. */
  public record Step(String client, String command) {}

  /**
   * The same steps as {@link #forRegistry}, one command each, for an app that copies them one by
   * one. The docker and podman folder names carry the port.
   *
   * @param trustFolder a folder that holds only {@code ca.crt} ({@link
   *     CertificateService#trustDirectory})
   */
  public static List<Step> steps(Path caCertificate, Path trustFolder, String hostPort) {
    String ca = caCertificate.toAbsolutePath().toString();
    String trust = trustFolder.toAbsolutePath().toString();
    return List.of(
        new Step(
            "Docker",
            "sudo mkdir -p /etc/docker/certs.d/"
                + hostPort
                + " && sudo cp "
                + ca
                + " /etc/docker/certs.d/"
                + hostPort
                + "/ca.crt"),
        new Step(
            "Podman, Buildah, Skopeo",
            "sudo mkdir -p /etc/containers/certs.d/"
                + hostPort
                + " && sudo cp "
                + ca
                + " /etc/containers/certs.d/"
                + hostPort
                + "/ca.crt"),
        new Step("Podman, one command", "podman login --cert-dir " + trust + " " + hostPort),
        new Step(
            "Skopeo, one command",
            "skopeo copy --dest-cert-dir "
                + trust
                + " SOURCE docker://"
                + hostPort
                + "/REPOSITORY:TAG"),
        new Step("curl", "curl --cacert " + ca + " https://" + hostPort + "/v2/"),
        new Step(
            "Debian, Ubuntu",
            "sudo cp "
                + ca
                + " /usr/local/share/ca-certificates/berth-ca.crt"
                + " && sudo update-ca-certificates"),
        new Step(
            "Fedora, RHEL",
            "sudo cp "
                + ca
                + " /etc/pki/ca-trust/source/anchors/berth-ca.crt && sudo update-ca-trust"),
        new Step(
            "macOS",
            "sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain "
                + ca),
        new Step("Windows", "certutil -addstore -f Root " + ca),
        new Step("Java (Jib)", "keytool -importcert -alias berth-ca -file " + ca + " -cacerts"));
  }

  /** The steps as text for a terminal, grouped by client. */
  public static String forRegistry(Path caCertificate, Path trustFolder, String hostPort) {
    StringBuilder text =
        new StringBuilder(
            "To trust this registry on a client machine, run the line for its tool:\n");
    for (Step step : steps(caCertificate, trustFolder, hostPort)) {
      text.append("  ").append(step.client()).append(":\n    ").append(step.command()).append('\n');
    }
    return text.toString().stripTrailing();
  }
}
