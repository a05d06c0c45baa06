package dev.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.TlsSettings;
import dev.berth.testing.TlsClients;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server certificates from the local CA renew themselves well before they expire — at start-up and
 * by the engine's periodic check — with the same names and the same CA, so clients change nothing.
 */
class CertificateRenewalTest {
  @TempDir Path data;

  private CertificateService certificates(Clock clock) {
    return new CertificateService(new TlsFiles(data.resolve("tls")), new SecureRandom(), clock);
  }

  @Test
  void atStartUp_aCertificateIssued380DaysAgo_isRenewed_withTheSameNamesAndCa() throws Exception {
    certificates(Clock.fixed(Instant.now().minus(Duration.ofDays(380)), ZoneOffset.UTC))
        .create(List.of(SubjectName.parse("registry.test")), false);
    byte[] ca = Files.readAllBytes(data.resolve("tls/ca.crt"));

    try (BerthEngine engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                .withTls(TlsSettings.DATA_FOLDER))) {
      X509Certificate served = engine.certificate().orElseThrow();

      assertThat(served.getNotBefore().toInstant())
          .as("issued just now")
          .isAfter(Instant.now().minus(Duration.ofHours(1)));
      assertThat(CertificateInfo.of(served).names()).contains("DNS:registry.test", "DNS:localhost");
      assertThat(Files.readAllBytes(data.resolve("tls/ca.crt"))).as("the CA stays").isEqualTo(ca);
      HttpClient client = TlsClients.http2TrustingOnly(data.resolve("tls/ca.crt"));
      assertThat(
              client
                  .send(
                      HttpRequest.newBuilder(engine.url().resolve("/v2/")).build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode())
          .as("a client that trusted the CA before")
          .isEqualTo(200);
    }
  }

  @Test
  void thePeriodicCheck_renewsOnceDue_andServesTheNewCertificate_withoutARestart()
      throws Exception {
    certificates(Clock.systemUTC()).create(List.of(SubjectName.parse("registry.test")), false);
    X509Certificate first =
        ServerTls.load(data.resolve("tls/server.crt"), data.resolve("tls/server.key"))
            .certificate();
    AtomicReference<Instant> now =
        new AtomicReference<>(first.getNotAfter().toInstant().minus(Duration.ofDays(31)));
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    CertificateService later = certificates(clock);
    ServerTls tls =
        ServerTls.load(
            data.resolve("tls/server.crt"),
            data.resolve("tls/server.key"),
            () -> later.renewIfDue().isPresent());

    tls.maintain(now.get());
    assertThat(tls.certificate()).as("31 days left: not yet").isEqualTo(first);
    now.set(first.getNotAfter().toInstant().minus(Duration.ofDays(29)));
    tls.maintain(now.get());

    X509Certificate renewed = tls.certificate();
    assertThat(renewed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
    assertThat(renewed.getNotAfter().toInstant()).isAfter(first.getNotAfter().toInstant());
    assertThat(renewed.getIssuerX500Principal()).isEqualTo(first.getIssuerX500Principal());
    assertThat(CertificateInfo.of(renewed).names()).isEqualTo(CertificateInfo.of(first).names());
    assertThat(later.renewIfDue()).as("renewed once, then not due again").isEmpty();
  }

  @Test
  void anOlderBerthsCertificateOf825Days_isReplacedAtOnce() throws Exception {
    certificates(Clock.systemUTC()).create(List.of(SubjectName.parse("registry.test")), false);
    X509Certificate caCert =
        dev.berth.security.Pem.readCertificates(data.resolve("tls/ca.crt")).get(0);
    java.security.PrivateKey caKey =
        dev.berth.security.Pem.readPrivateKey(data.resolve("tls/ca.key"));
    java.security.KeyPair serverKeys = CertificateAuthority.newKeyPair(new SecureRandom());
    Instant now = Instant.now();
    var legacy =
        new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                caCert,
                java.math.BigInteger.TEN,
                java.util.Date.from(now.minusSeconds(300)),
                java.util.Date.from(now.plus(Duration.ofDays(825))),
                new org.bouncycastle.asn1.x500.X500Name("CN=registry.test"),
                serverKeys.getPublic())
            .addExtension(
                org.bouncycastle.asn1.x509.Extension.subjectAlternativeName,
                false,
                new org.bouncycastle.asn1.x509.GeneralNames(
                    new org.bouncycastle.asn1.x509.GeneralName(
                        org.bouncycastle.asn1.x509.GeneralName.dNSName, "registry.test")));
    X509Certificate old =
        new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
            .getCertificate(
                legacy.build(
                    new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                        .build(caKey)));
    Files.writeString(
        data.resolve("tls/server.key"), dev.berth.security.Pem.privateKey(serverKeys.getPrivate()));
    Files.writeString(
        data.resolve("tls/server.crt"), dev.berth.security.Pem.certificates(List.of(old, caCert)));

    CertificateInfo renewed = certificates(Clock.systemUTC()).renewIfDue().orElseThrow();

    assertThat(Duration.between(renewed.notBefore(), renewed.notAfter()))
        .isLessThanOrEqualTo(Duration.ofDays(397));
    assertThat(renewed.names()).containsExactly("DNS:registry.test");
  }

  @Test
  void aCertificateFromTheTeamsOwnCa_isNeverRenewedByBerth(@TempDir Path own) throws Exception {
    certificates(Clock.systemUTC()).create(List.of(), false);
    dev.berth.testing.TeamCertificate team =
        dev.berth.testing.TeamCertificate.issue(
            own, "team", "registry.test", Instant.now().minus(Duration.ofDays(380)));
    certificates(Clock.systemUTC()).importServer(team.chain(), team.key());

    assertThat(certificates(Clock.systemUTC()).renewIfDue()).isEmpty();
    assertThat(
            ServerTls.load(data.resolve("tls/server.crt"), data.resolve("tls/server.key"))
                .certificate())
        .isEqualTo(team.leaf());
  }
}
