package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.TlsSettings;
import dev.berth.oci.Digest;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestRegistry;
import dev.berth.testing.TlsClients;
import dev.berth.tls.CertificateService;
import dev.berth.tls.TlsFiles;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A client that stops reading a blob midway (a cancelled pull) is routine, not an incident. */
class AbortedPullTest {
  @RegisterExtension final TestRegistry registry = new TestRegistry();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger errorHandler = (Logger) LoggerFactory.getLogger(ErrorHandler.class);
  private final Logger fileSend = (Logger) LoggerFactory.getLogger(FileSend.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private Level levelBefore;

  @BeforeEach
  void listen() {
    levelBefore = errorHandler.getLevel();
    errorHandler.setLevel(Level.DEBUG); // to see that the abort was noticed, not just not logged
    fileSend.setLevel(Level.DEBUG); // blob files are sent by FileSend, off the request thread
    logged.start();
    root.addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    root.detachAppender(logged);
    errorHandler.setLevel(levelBefore);
    fileSend.setLevel(levelBefore);
  }

  @Test
  void clientResettingTheConnectionMidBlob_isLoggedAsGone_notAsAnIncident() throws Exception {
    byte[] blob = new byte[48 << 20]; // more than loopback socket buffers hold
    new Random(5).nextBytes(blob);
    Digest digest = registry.client().pushBlob("app", blob);
    URI base = registry.client().base();

    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket
          .getOutputStream()
          .write(
              ("GET /v2/app/blobs/"
                      + digest
                      + " HTTP/1.1\r\nHost: "
                      + base.getAuthority()
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      assertThat(in.readNBytes(1 << 20)).hasSize(1 << 20);
      socket.setSoLinger(true, 0); // close with a reset, as a killed client does
    }

    awaitClientGone();
    assertThat(events()).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
  }

  @Test
  void http2StreamCancelledMidBlob_isLoggedAsGone_andTheConnectionServesOn(@TempDir Path data)
      throws Exception {
    new CertificateService(new TlsFiles(data.resolve("tls")), new SecureRandom(), Clock.systemUTC())
        .create(List.of(), false);
    try (BerthEngine engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                .withTls(TlsSettings.DATA_FOLDER))) {
      HttpClient http2 = TlsClients.http2TrustingOnly(data.resolve("tls/ca.crt"));
      RegistryClient client = new RegistryClient(engine.url(), http2);
      byte[] blob = new byte[48 << 20];
      new Random(6).nextBytes(blob);
      Digest digest = client.pushBlob("app", blob);

      HttpResponse<InputStream> pull =
          http2.send(
              HttpRequest.newBuilder(engine.url().resolve("/v2/app/blobs/" + digest)).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(pull.version()).isEqualTo(HttpClient.Version.HTTP_2);
      try (InputStream in = pull.body()) {
        assertThat(in.readNBytes(1 << 20)).hasSize(1 << 20);
      } // closing early cancels the stream (RST_STREAM); the connection itself stays open

      awaitClientGone();
      assertThat(events()).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
      assertThat(
              http2
                  .send(
                      HttpRequest.newBuilder(engine.url().resolve("/v2/")).build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(200);

      // The cancelled pull is over for the server too: stopping does not wait for it.
      long stopping = System.nanoTime();
      engine.close();
      assertThat((System.nanoTime() - stopping) / 1_000_000).as("ms to stop").isLessThan(10_000);
    }
  }

  private void awaitClientGone() throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (events().stream().noneMatch(e -> e.getFormattedMessage().contains("client went away"))) {
      assertThat(System.nanoTime())
          .as("the server noticed the client leaving")
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private List<ILoggingEvent> events() {
    synchronized (logged) { // logback appends under the appender's lock
      return new ArrayList<>(logged.list);
    }
  }
}
