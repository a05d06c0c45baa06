package dev.berth.desktop.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.ViewModelHarness;
import dev.berth.testing.TeamCertificate;
import dev.berth.testing.TlsClients;
import dev.berth.tls.CertificateInfo;
import dev.berth.tls.TrustInstructions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Certificates view model against a real engine, without the FX toolkit. */
class CertificatesViewModelTest {
  @TempDir Path root;
  private ViewModelHarness h;
  private CertificatesViewModel certificates;

  @BeforeEach
  void start() throws Exception {
    h = new ViewModelHarness(root);
    certificates =
        new CertificatesViewModel(
            h.settings,
            h.server,
            h.tasks,
            h.clipboard::add,
            h.files(),
            h.messages,
            Clock.systemUTC());
    h.server.start();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void create_makesCaAndServerCertificate_forTheTypedHostsAndThisMachine() {
    certificates.reload();
    assertThat(certificates.statusProperty().get()).startsWith("No certificate yet.");
    assertThat(certificates.trustSteps()).isEmpty();

    certificates.hostsProperty().set("registry.test, 10.1.2.3");
    certificates.create();

    CertificateInfo server = certificates.serverCertificateProperty().get();
    assertThat(server.names())
        .contains("DNS:registry.test", "IP:10.1.2.3", "DNS:localhost", "IP:127.0.0.1");
    assertThat(server.issuer()).isEqualTo(certificates.caCertificateProperty().get().subject());
    assertThat(server.sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    assertThat(certificates.statusProperty().get()).startsWith("The registry serves plain HTTP.");
    assertThat(certificates.expiryWarningProperty().get()).isEmpty();
    assertThat(h.messages.infoProperty().get())
        .startsWith("Created a new local CA and a server certificate");
    assertThat(certificates.hostPortProperty().get()).isEqualTo(h.pullHost());
  }

  @Test
  void
      theView_saysWhatTheCaMaySignFor_andWhenTheCertificateRenews_andAnUnconstrainedCaIsARiskSaidInWords() {
    certificates.hostsProperty().set("registry.test");
    certificates.create();

    assertThat(certificates.caLimitsProperty().get()).startsWith("registry.test, localhost");
    assertThat(certificates.renewalProperty().get())
        .startsWith("Automatic from ")
        .contains("clients change nothing");

    certificates.newCaProperty().set(true);
    certificates.unconstrainedCaProperty().set(true);
    certificates.create();

    assertThat(certificates.caLimitsProperty().get())
        .startsWith("Any name.")
        .contains("impersonate any web site");
    assertThat(certificates.unconstrainedCaProperty().get()).as("a one-time choice").isFalse();
  }

  @Test
  void hosts_arePrefilledWithThisMachinesNames() {
    certificates.suggestHosts();

    assertThat(certificates.hostsProperty().get()).startsWith("localhost, 127.0.0.1");
  }

  @Test
  void trustCommands_nameTheRealHostAndPort_canBeCopied_andFollowTheExportedFile()
      throws Exception {
    certificates.create();
    Path inData = root.resolve("data/tls/ca.crt");
    assertThat(certificates.trustSteps())
        .extracting(TrustInstructions.Step::command)
        .contains(
            "sudo mkdir -p /etc/docker/certs.d/"
                + h.pullHost()
                + " && sudo cp "
                + inData
                + " /etc/docker/certs.d/"
                + h.pullHost()
                + "/ca.crt");

    certificates.copy(certificates.trustSteps().get(1));
    assertThat(h.clipboard)
        .containsExactly(
            "sudo mkdir -p /etc/containers/certs.d/"
                + h.pullHost()
                + " && sudo cp "
                + inData
                + " /etc/containers/certs.d/"
                + h.pullHost()
                + "/ca.crt");

    h.fileToSave = root.resolve("export/ca.crt");
    Files.createDirectories(h.fileToSave.getParent());
    certificates.exportCa();

    assertThat(Files.readString(h.fileToSave)).isEqualTo(Files.readString(inData));
    assertThat(certificates.trustSteps().get(0).command())
        .contains("sudo cp " + h.fileToSave + " ");
  }

  @Test
  void aNewCertificate_isServedAtOnce_byAnHttpsRegistry() throws Exception {
    certificates.create();
    h.settings.update(s -> s.withAccess(s.authMode(), false, true));
    h.server.restart();
    certificates.reload();
    assertThat(certificates.statusProperty().get())
        .startsWith("The registry serves HTTPS at https://");
    String before = served(root.resolve("data/tls/ca.crt"));
    assertThat(before)
        .isEqualTo(certificates.serverCertificateProperty().get().sha256Fingerprint());

    certificates.newCaProperty().set(true);
    certificates.create();
    h.fileToSave = root.resolve("new-ca.crt");
    certificates.exportCa();

    String after = served(h.fileToSave);
    assertThat(after)
        .isNotEqualTo(before)
        .isEqualTo(certificates.serverCertificateProperty().get().sha256Fingerprint());
    assertThat(certificates.newCaProperty().get()).isFalse();
  }

  @Test
  void certificateFromOwnCa_isServedAtOnce_andTheViewSaysWhichCaClientsNeed(@TempDir Path own)
      throws Exception {
    certificates.create();
    h.settings.update(s -> s.withAccess(s.authMode(), false, true));
    h.server.restart();
    TeamCertificate team = TeamCertificate.issue(own, "team", "127.0.0.1");
    Path otherKey = TeamCertificate.issue(own, "other", "127.0.0.1").key();

    h.filesToOpen.addAll(List.of(team.chain(), team.key()));
    certificates.importCertificate();

    assertThat(h.messages.infoProperty().get())
        .startsWith("Installed the certificate for IP:127.0.0.1, issued by CN=Team root");
    assertThat(served(team.root())).isEqualTo(team.fingerprint());
    assertThat(certificates.serverCertificateProperty().get().issuer())
        .isEqualTo("CN=Team root,O=Berth");
    assertThat(certificates.trustSteps()).isEmpty();
    assertThat(certificates.renewalProperty().get()).startsWith("By the CA that issued it only");
    assertThat(certificates.trustHintProperty().get())
        .startsWith("The server certificate was issued by CN=Team root")
        .contains("/etc/docker/certs.d/" + h.pullHost() + "/ca.crt");

    h.filesToOpen.addAll(List.of(team.chain(), otherKey));
    certificates.importCertificate();

    assertThat(h.messages.problemProperty().get())
        .startsWith("Could not install the certificate team-chain.pem: ")
        .contains("other-key.pem is not the private key of the certificate");
    assertThat(served(team.root())).isEqualTo(team.fingerprint());
  }

  @Test
  void aCertificateCloseToItsEnd_isWarnedAbout() {
    certificates.create();
    CertificateInfo server = certificates.serverCertificateProperty().get();
    CertificatesViewModel later =
        new CertificatesViewModel(
            h.settings,
            h.server,
            h.tasks,
            h.clipboard::add,
            h.files(),
            h.messages,
            Clock.fixed(server.notAfter().minus(Duration.ofDays(10)), ZoneOffset.UTC));

    later.reload();

    assertThat(later.expiryWarningProperty().get())
        .startsWith("The server certificate expires on ")
        .endsWith("Create a new one before then.");
  }

  /**
   * Connects trusting only {@code ca} and returns the SHA-256 fingerprint of the served
   * certificate.
   */
  private String served(Path ca) throws Exception {
    URI url = h.engine().url().resolve("/v2/");
    HttpResponse<Void> response =
        TlsClients.http2TrustingOnly(ca)
            .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(200);
    return CertificateInfo.of(
            (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0])
        .sha256Fingerprint();
  }
}
