package dev.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.TlsSettings;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.security.Pem;
import dev.berth.testing.AuthRegistryClient;
import dev.berth.testing.TlsClients;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with the data folder's generated CA, over real TLS on loopback. */
class HttpsTest {
  @TempDir Path data;

  private CertificateService certificates() {
    return new CertificateService(
        new TlsFiles(data.resolve("tls")), new SecureRandom(), Clock.systemUTC());
  }

  private BerthEngine startTls() throws IOException {
    return BerthEngine.start(
        EngineConfig.of(new ListenAddress("127.0.0.1", 0), data).withTls(TlsSettings.DATA_FOLDER));
  }

  @Test
  void clientTrustingOnlyTheGeneratedCa_pushesAndPulls_overHttp2() throws Exception {
    certificates().create(List.of(SubjectName.parse("registry.test")), false);
    try (BerthEngine engine = startTls()) {
      assertThat(engine.url().getScheme()).isEqualTo("https");
      HttpClient client = TlsClients.http2TrustingOnly(data.resolve("tls/ca.crt"));
      AuthRegistryClient registry = AuthRegistryClient.anonymous(client, engine.url());
      AuthRegistryClient.Pushed pushed = registry.pushImage("team/app", "v1");
      assertThat(pushed.status()).isEqualTo(201);

      HttpResponse<String> pulled =
          client.send(
              HttpRequest.newBuilder(engine.url().resolve("/v2/team/app/manifests/v1"))
                  .header("Accept", MediaTypes.OCI_MANIFEST)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(pulled.statusCode()).isEqualTo(200);
      assertThat(Digest.sha256(pulled.body().getBytes(StandardCharsets.UTF_8)).toString())
          .isEqualTo(pushed.manifestDigest());
      assertThat(pulled.version()).isEqualTo(HttpClient.Version.HTTP_2);

      byte[] large = new byte[(5 << 20) + 777]; // a blob served in several file pieces, through TLS
      new java.util.Random(3).nextBytes(large);
      Digest blob = registry.registry().pushBlob("team/app", large);
      HttpResponse<byte[]> blobBody =
          client.send(
              HttpRequest.newBuilder(engine.url().resolve("/v2/team/app/blobs/" + blob)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(blobBody.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(Digest.sha256(blobBody.body())).isEqualTo(blob);
    }
  }

  @Test
  void clientWithoutTheCa_failsWithACertificateError() throws Exception {
    certificates().create(List.of(), false);
    try (BerthEngine engine = startTls()) {
      HttpClient defaultTrust = HttpClient.newHttpClient();
      assertThatThrownBy(
              () ->
                  defaultTrust.send(
                      HttpRequest.newBuilder(engine.url().resolve("/v2/")).build(),
                      HttpResponse.BodyHandlers.discarding()))
          .isInstanceOf(SSLHandshakeException.class)
          .hasStackTraceContaining("PKIX path building failed");
    }
  }

  @Test
  void newServerCertificate_isServedAfterReload_withoutRestart() throws Exception {
    certificates().create(List.of(), false);
    try (BerthEngine engine = startTls()) {
      X509Certificate before = engine.certificate().orElseThrow();
      assertThat(servedCertificate(engine).getSerialNumber()).isEqualTo(before.getSerialNumber());

      certificates()
          .create(
              List.of(SubjectName.parse("renamed.test")),
              true); // a new name: a new (name-constrained) CA
      engine.reloadCertificate();

      X509Certificate after = servedCertificate(engine);
      assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
      assertThat(CertificateInfo.of(after).names()).contains("DNS:renamed.test");
    }
  }

  @Test
  void userSuppliedCertificateWithChain_isServed_andAMismatchedKeyIsRefused(@TempDir Path own)
      throws Exception {
    SecureRandom random = new SecureRandom();
    CertificateAuthority root =
        CertificateAuthority.create("Own root", NameLimits.NONE, random, Clock.systemUTC());
    KeyPair server = CertificateAuthority.newKeyPair(random);
    X509Certificate leaf =
        root.issueServerCertificate(server.getPublic(), List.of(SubjectName.parse("127.0.0.1")));
    Files.writeString(
        own.resolve("chain.pem"), Pem.certificates(List.of(leaf, root.certificate())));
    Files.writeString(own.resolve("key.pem"), Pem.privateKey(server.getPrivate()));
    Files.writeString(own.resolve("root.pem"), Pem.certificates(List.of(root.certificate())));
    Files.writeString(
        own.resolve("other-key.pem"),
        Pem.privateKey(CertificateAuthority.newKeyPair(random).getPrivate()));

    try (BerthEngine engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                .withTls(TlsSettings.files(own.resolve("chain.pem"), own.resolve("key.pem"))))) {
      HttpClient client = TlsClients.http2TrustingOnly(own.resolve("root.pem"));
      assertThat(
              client
                  .send(
                      HttpRequest.newBuilder(engine.url().resolve("/v2/")).build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(200);
    }
    assertThatThrownBy(
            () ->
                BerthEngine.start(
                    EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                        .withTls(
                            TlsSettings.files(
                                own.resolve("chain.pem"), own.resolve("other-key.pem")))))
        .hasMessageContaining("other-key.pem is not the private key of the certificate");
  }

  @Test
  void tlsWithoutACertificate_refusesToStart_andSaysHowToCreateOne() {
    assertThatThrownBy(this::startTls)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("berth cert create --data");
  }

  @Test
  void certificatesHaveTheRightExtensions_andPrivateKeysAreOwnerOnlyPkcs8() throws Exception {
    CertificateService.Created created =
        certificates()
            .create(
                List.of(SubjectName.parse("registry.lan"), SubjectName.parse("10.9.8.7")), false);
    assertThat(created.newCa()).isTrue();
    X509Certificate ca = Pem.readCertificates(data.resolve("tls/ca.crt")).get(0);
    List<X509Certificate> chain = Pem.readCertificates(data.resolve("tls/server.crt"));
    X509Certificate server = chain.get(0);

    assertThat(ca.getBasicConstraints()).isEqualTo(0); // a CA, signing end-entity certificates only
    assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
    assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(ca.getKeyUsage()[6]).as("cRLSign").isTrue();
    assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(CertificateInfo.of(server).names())
        .contains("DNS:registry.lan", "IP:10.9.8.7", "DNS:localhost", "IP:127.0.0.1");
    server.verify(ca.getPublicKey());
    assertThat(chain).hasSize(2);
    assertThat(chain.get(1)).isEqualTo(ca);
    // AKI of the server = SKI of the CA (both octet strings wrapped; compare the key id bytes).
    byte[] ski = ca.getExtensionValue("2.5.29.14");
    byte[] aki = server.getExtensionValue("2.5.29.35");
    byte[] keyId = java.util.Arrays.copyOfRange(ski, ski.length - 20, ski.length);
    assertThat(new String(aki, StandardCharsets.ISO_8859_1))
        .contains(new String(keyId, StandardCharsets.ISO_8859_1));

    for (String key : List.of("tls/ca.key", "tls/server.key")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(key))))
          .isEqualTo("rw-------");
      assertThat(Files.readString(data.resolve(key))).startsWith("-----BEGIN PRIVATE KEY-----");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("tls"))))
        .isEqualTo("rwx------");

    // A second run keeps the CA (clients keep trusting it) and issues a new server certificate.
    CertificateService.Created again = certificates().create(List.of(), false);
    assertThat(again.newCa()).isFalse();
    assertThat(again.ca().sha256Fingerprint()).isEqualTo(created.ca().sha256Fingerprint());
    assertThat(again.server().sha256Fingerprint())
        .isNotEqualTo(created.server().sha256Fingerprint());
  }

  @Test
  void expiryWarning_appearsWithinThirtyDaysOfTheEnd() throws Exception {
    certificates().create(List.of(), false);
    ServerTls tls = ServerTls.load(data.resolve("tls/server.crt"), data.resolve("tls/server.key"));
    Instant notAfter = tls.certificate().getNotAfter().toInstant();
    assertThat(tls.expiryWarning(Instant.now())).isEmpty();
    assertThat(tls.expiryWarning(notAfter.minus(java.time.Duration.ofDays(10))))
        .get()
        .asString()
        .contains("expires on");
    assertThat(tls.expiryWarning(notAfter.plusSeconds(1))).get().asString().contains("expired on");
  }

  private static X509Certificate servedCertificate(BerthEngine engine) throws Exception {
    // A new client each time: a fresh connection, so a fresh handshake.
    HttpClient client =
        TlsClients.http2TrustingOnly(engine.config().dataDirectory().resolve("tls/ca.crt"));
    HttpResponse<Void> r =
        client.send(
            HttpRequest.newBuilder(engine.url().resolve("/v2/")).build(),
            HttpResponse.BodyHandlers.discarding());
    return (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
  }
}
