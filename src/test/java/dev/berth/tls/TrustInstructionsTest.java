package dev.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrustInstructionsTest {
  @Test
  void steps_putTheCaIntoFoldersNamedWithHostAndPort() {
    Path ca = Path.of("/home/me/ca.crt");

    var steps = TrustInstructions.steps(ca, Path.of("/home/me/trust"), "registry.lan:5000");

    assertThat(steps)
        .extracting(TrustInstructions.Step::client)
        .startsWith(
            "Docker",
            "Podman, Buildah, Skopeo",
            "Podman, one command",
            "Skopeo, one command",
            "curl");
    assertThat(steps.get(0).command())
        .isEqualTo(
            "sudo mkdir -p /etc/docker/certs.d/registry.lan:5000"
                + " && sudo cp /home/me/ca.crt /etc/docker/certs.d/registry.lan:5000/ca.crt");
    assertThat(steps.get(1).command()).endsWith("/etc/containers/certs.d/registry.lan:5000/ca.crt");
    assertThat(steps.get(2).command())
        .isEqualTo("podman login --cert-dir /home/me/trust registry.lan:5000");
    assertThat(steps.get(3).command()).startsWith("skopeo copy --dest-cert-dir /home/me/trust ");
    assertThat(steps.get(4).command())
        .isEqualTo("curl --cacert /home/me/ca.crt https://registry.lan:5000/v2/");
    assertThat(steps).allMatch(s -> s.command().contains("/home/me"));
  }
}
