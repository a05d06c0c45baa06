package dev.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.TlsSettings;
import dev.berth.testing.Command;
import dev.berth.testing.TlsClients;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the HTTPS listener negotiates, checked the way a scanner checks: handshakes offering exactly
 * one protocol and suite, with JSSE and with {@code openssl s_client}. Only TLS 1.2 and 1.3 with
 * AEAD suites (AES-GCM, ChaCha20-Poly1305) get through.
 */
class TlsCipherSuiteTest {
  @TempDir static Path data;
  static BerthEngine engine;

  @BeforeAll
  static void start() throws Exception {
    new CertificateService(new TlsFiles(data.resolve("tls")), new SecureRandom(), Clock.systemUTC())
        .create(List.of(SubjectName.parse("registry.test"), SubjectName.parse("10.9.8.7")), false);
    engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                .withTls(TlsSettings.DATA_FOLDER));
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @ParameterizedTest(name = "TLS 1.2 with {0} is refused")
  @ValueSource(
      strings = {
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"
      })
  void tls12_cbcSuites_areRefused(String suite) {
    assertThatThrownBy(() -> handshake("TLSv1.2", suite)).isInstanceOf(SSLHandshakeException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLSv1.2 TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLSv1.3 TLS_AES_128_GCM_SHA256",
        "TLSv1.3 TLS_AES_256_GCM_SHA384",
        "TLSv1.3 TLS_CHACHA20_POLY1305_SHA256"
      })
  void aeadSuites_onTls12And13_areNegotiated(String protocolAndSuite) throws Exception {
    String[] p = protocolAndSuite.split(" ");

    assertThat(handshake(p[0], p[1])).isEqualTo(p[1]);
  }

  @Test
  void openssl_seesTheSame_cbcRefused_gcmAccepted() {
    Command.require("openssl", "openssl");
    String connect = "127.0.0.1:" + engine.port();

    assertThat(
            Command.of(
                    "openssl",
                    "s_client",
                    "-connect",
                    connect,
                    "-tls1_2",
                    "-cipher",
                    "ECDHE-ECDSA-AES128-SHA")
                .tryRun()
                .exitCode())
        .as("CBC suite")
        .isNotZero();
    assertThat(
            Command.of(
                    "openssl",
                    "s_client",
                    "-connect",
                    connect,
                    "-tls1_2",
                    "-cipher",
                    "ECDHE-ECDSA-AES256-SHA384")
                .tryRun()
                .exitCode())
        .as("CBC suite")
        .isNotZero();
    Command.Result gcm =
        Command.of(
                "openssl",
                "s_client",
                "-connect",
                connect,
                "-tls1_2",
                "-cipher",
                "ECDHE-ECDSA-AES128-GCM-SHA256")
            .tryRun();
    assertThat(gcm.exitCode()).as(gcm.toString()).isZero();
    assertThat(gcm.stdout()).contains("ECDHE-ECDSA-AES128-GCM-SHA256");
  }

  /** Connects with exactly one protocol and suite enabled; returns the suite negotiated. */
  private static String handshake(String protocol, String suite) throws Exception {
    try (SSLSocket socket =
        (SSLSocket)
            TlsClients.trustingOnly(data.resolve("tls/ca.crt"))
                .getSocketFactory()
                .createSocket("127.0.0.1", engine.port())) {
      socket.setSoTimeout(10_000);
      socket.setEnabledProtocols(new String[] {protocol});
      socket.setEnabledCipherSuites(new String[] {suite});
      socket.startHandshake();
      return socket.getSession().getCipherSuite();
    }
  }
}
