package dev.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.TlsSettings;
import dev.berth.security.Pem;
import dev.berth.testing.Command;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the local CA and its server certificates promise, checked the way clients check: fields read
 * with BouncyCastle, chains checked with {@code openssl verify}. The CA may sign only for the names
 * and addresses it was made for, so even its stolen key cannot mint a certificate for another site
 * that OpenSSL (or Go, in docker, podman and skopeo) accepts.
 */
class LocalCaTest {
  @TempDir static Path data;
  static Instant createdAt;

  @BeforeAll
  static void create() throws Exception {
    createdAt = Instant.now();
    new CertificateService(new TlsFiles(data.resolve("tls")), new SecureRandom(), Clock.systemUTC())
        .create(List.of(SubjectName.parse("registry.test"), SubjectName.parse("10.9.8.7")), false);
  }

  @Test
  void serverCertificate_livesAtMost397Days_andIsBackdatedByMinutesOnly() throws Exception {
    X509CertificateHolder server =
        new JcaX509CertificateHolder(Pem.readCertificates(data.resolve("tls/server.crt")).get(0));

    Duration lifetime =
        Duration.between(server.getNotBefore().toInstant(), server.getNotAfter().toInstant());
    assertThat(lifetime).isLessThanOrEqualTo(Duration.ofDays(397));
    assertThat(server.getNotBefore().toInstant())
        .isAfterOrEqualTo(createdAt.minus(Duration.ofMinutes(10)));
  }

  @Test
  void localCa_isNameConstrained_toTheNamesAndAddressesItWasMadeFor() throws Exception {
    X509CertificateHolder ca = new JcaX509CertificateHolder(caCertificate());
    Extension extension = ca.getExtension(Extension.nameConstraints);

    assertThat(extension).as("Name Constraints extension").isNotNull();
    assertThat(extension.isCritical()).isTrue();
    NameConstraints constraints = NameConstraints.getInstance(extension.getParsedValue());
    assertThat(constraints.getExcludedSubtrees()).isNull();
    List<String> permitted =
        Arrays.stream(constraints.getPermittedSubtrees()).map(LocalCaTest::describe).toList();
    assertThat(permitted)
        .contains(
            "DNS:registry.test",
            "DNS:localhost",
            "IP:10.9.8.7/32",
            "IP:127.0.0.1/32",
            "IP:" + InetAddress.getByName("::1").getHostAddress() + "/128");
    assertThat(ca.getExtension(Extension.basicConstraints).isCritical()).isTrue();
  }

  @Test
  void opensslVerify_acceptsTheServerChain_butNotACertificateTheCaSignsForAnotherSite(
      @TempDir Path temp) throws Exception {
    Path tls = data.resolve("tls");
    Command.require("openssl", "openssl");
    Files.writeString(
        temp.resolve("server.pem"),
        Pem.certificates(List.of(Pem.readCertificates(tls.resolve("server.crt")).get(0))));
    assertThat(
            Command.of(
                    "openssl",
                    "verify",
                    "-CAfile",
                    tls.resolve("ca.crt").toString(),
                    temp.resolve("server.pem").toString())
                .run())
        .contains("OK");

    // What a thief with ca.key would mint with any tool: a certificate for someone else's site.
    X509Certificate forged =
        forge(caCertificate(), Pem.readPrivateKey(tls.resolve("ca.key")), "bank.example");
    Files.writeString(temp.resolve("forged.pem"), Pem.certificates(List.of(forged)));
    Command.Result verify =
        Command.of(
                "openssl",
                "verify",
                "-CAfile",
                tls.resolve("ca.crt").toString(),
                temp.resolve("forged.pem").toString())
            .tryRun();
    assertThat(verify.exitCode()).as(verify.toString()).isNotZero();
    assertThat(verify.output()).contains("permitted subtree violation");
  }

  @Test
  void skopeo_refusesACertificateTheCaKeySignsForAnAddressItWasNotMadeFor(@TempDir Path temp)
      throws Exception {
    Command.require("skopeo", "skopeo");
    Path tls = data.resolve("tls");
    KeyPair keys = CertificateAuthority.newKeyPair(new SecureRandom());
    X509Certificate forged =
        forge(
            caCertificate(),
            Pem.readPrivateKey(tls.resolve("ca.key")),
            keys.getPublic(),
            SubjectName.parse("127.0.0.2"));
    Path chain =
        Files.writeString(
            temp.resolve("forged-chain.pem"), Pem.certificates(List.of(forged, caCertificate())));
    Path key = Files.writeString(temp.resolve("forged-key.pem"), Pem.privateKey(keys.getPrivate()));
    Path certDir = Files.createDirectories(temp.resolve("certs"));
    Files.copy(tls.resolve("ca.crt"), certDir.resolve("ca.crt"));

    try (BerthEngine engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.2", 0), temp.resolve("data"))
                .withTls(TlsSettings.files(chain, key)))) {
      Command.Result inspect =
          Command.of(
                  "skopeo",
                  "inspect",
                  "--cert-dir",
                  certDir.toString(),
                  "docker://127.0.0.2:" + engine.port() + "/team/app:v1")
              .tryRun();

      assertThat(inspect.exitCode()).as(inspect.toString()).isNotZero();
      assertThat(inspect.stderr()).contains("x509").contains("not permitted");
    }
  }

  @Test
  void berthItself_refusesToSignForANameOutsideTheCa() throws Exception {
    CertificateService certificates =
        new CertificateService(
            new TlsFiles(data.resolve("tls")), new SecureRandom(), Clock.systemUTC());
    X509Certificate caCert = caCertificate();
    CertificateAuthority ca =
        new CertificateAuthority(
            new KeyPair(caCert.getPublicKey(), Pem.readPrivateKey(data.resolve("tls/ca.key"))),
            caCert,
            new SecureRandom(),
            Clock.systemUTC());

    assertThatThrownBy(
            () ->
                ca.issueServerCertificate(
                    CertificateAuthority.newKeyPair(new SecureRandom()).getPublic(),
                    List.of(SubjectName.parse("bank.example"))))
        .hasMessageContaining("may only sign for")
        .hasMessageContaining("bank.example");
    assertThatThrownBy(() -> certificates.create(List.of(SubjectName.parse("other.test")), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--new-ca")
        .hasMessageContaining("other.test");
    assertThat(
            ca.issueServerCertificate(
                    CertificateAuthority.newKeyPair(new SecureRandom()).getPublic(),
                    List.of(SubjectName.parse("a.registry.test")))
                .getSubjectX500Principal()
                .getName())
        .as("names below a permitted DNS name are permitted")
        .contains("a.registry.test");
  }

  /**
   * A server certificate for {@code host} signed with the CA's key, built without Berth's checks.
   */
  static X509Certificate forge(X509Certificate ca, PrivateKey caKey, String host) throws Exception {
    return forge(
        ca,
        caKey,
        CertificateAuthority.newKeyPair(new SecureRandom()).getPublic(),
        SubjectName.parse(host));
  }

  static X509Certificate forge(
      X509Certificate ca, PrivateKey caKey, PublicKey subject, SubjectName host) throws Exception {
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
                ca,
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(90))),
                new X500Name("CN=" + host.value()),
                subject)
            .addExtension(
                Extension.subjectAlternativeName, false, new GeneralNames(host.generalName()))
            .addExtension(
                Extension.extendedKeyUsage,
                false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
  }

  private static X509Certificate caCertificate() throws Exception {
    return Pem.readCertificates(data.resolve("tls/ca.crt")).get(0);
  }

  private static String describe(GeneralSubtree subtree) {
    GeneralName name = subtree.getBase();
    if (name.getTagNo() == GeneralName.dNSName) {
      return "DNS:" + name.getName();
    }
    byte[] bytes = ASN1OctetString.getInstance(name.getName()).getOctets();
    try {
      byte[] address = Arrays.copyOf(bytes, bytes.length / 2);
      int prefix = 0;
      for (int i = bytes.length / 2; i < bytes.length; i++) {
        prefix += Integer.bitCount(bytes[i] & 0xff);
      }
      return "IP:" + InetAddress.getByAddress(address).getHostAddress() + "/" + prefix;
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
