package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.oci.Digest;
import dev.berth.testing.RawHttp;
import dev.berth.testing.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request framing over raw sockets (RFC 9112 §6): a request whose body length is not plain is
 * refused before any handler runs, the connection is closed, and bytes hidden after the body are
 * never answered as a second request, so a proxy in front cannot be made to disagree with Berth
 * about where one request ends.
 */
class HttpFramingTest {
  /** What an attacker hides after the body: if it is ever answered, the request was smuggled. */
  private static final String HIDDEN = "GET /v2/_catalog HTTP/1.1\r\nHost: smuggled\r\n\r\n";

  @TempDir static Path data;
  static BerthEngine engine;

  @BeforeAll
  static void start() throws Exception {
    engine = BerthEngine.start(EngineConfig.of(new ListenAddress("127.0.0.1", 0), data));
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Test
  void contentLengthThatOverflowsToFive_isRefused_andWhatFollowsIsNeverAnswered() {
    try (RawHttp connection = RawHttp.connect(engine.url())) {
      connection.send(
          "POST /v2/app/blobs/uploads/ HTTP/1.1\r\nHost: registry\r\n"
              + "Content-Length: 18446744073709551621\r\n\r\nhello"
              + HIDDEN);

      assertRefusedAndClosed(connection, 400, "Content-Length");
    }
  }

  @Test
  void contentLengthThatOverflowsToZero_onAChunkUpload_is400_not500() {
    String session = uploadSession();
    try (RawHttp connection = RawHttp.connect(engine.url())) {
      connection.send(
          "PATCH "
              + session
              + " HTTP/1.1\r\nHost: registry\r\nContent-Type: application/octet-stream\r\n"
              + "Content-Length: 18446744073709551616\r\n\r\nhello"
              + HIDDEN);

      assertRefusedAndClosed(connection, 400, "Content-Length");
    }
  }

  @ParameterizedTest(name = "Content-Length: {0}")
  @ValueSource(
      strings = {
        "9223372036854775808",
        "99999999999999999999999",
        "+5",
        "-5",
        "0x5",
        "5e0",
        "5 5",
        "5,5",
        "five"
      })
  void contentLengthThatIsNotAPlainDecimalInRange_isRefused(String value) {
    try (RawHttp connection = RawHttp.connect(engine.url())) {
      connection.send(
          "POST /v2/app/blobs/uploads/ HTTP/1.1\r\nHost: registry\r\nContent-Length: "
              + value
              + "\r\n\r\nhello"
              + HIDDEN);

      assertRefusedWith400AndClosed(connection);
    }
  }

  @Test
  void twoDifferentContentLengths_areRefused() {
    try (RawHttp connection = RawHttp.connect(engine.url())) {
      connection.send(
          "POST /v2/app/blobs/uploads/ HTTP/1.1\r\nHost: registry\r\nContent-Length: 5\r\n"
              + "Content-Length: 0\r\n\r\nhello"
              + HIDDEN);

      assertRefusedWith400AndClosed(connection);
    }
  }

  @ParameterizedTest(name = "Transfer-Encoding: {0}")
  @ValueSource(
      strings = {
        "xchunked",
        "chunked, identity",
        "identity",
        "chunked, chunked",
        "chunked;x=1",
        ""
      })
  void transferEncodingWhoseLastCodingIsNotChunked_isRefusedWith400(String value) {
    try (RawHttp connection = RawHttp.connect(engine.url())) {
      connection.send(
          "POST /v2/app/blobs/uploads/ HTTP/1.1\r\nHost: registry\r\nTransfer-Encoding: "
              + value
              + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
              + HIDDEN);

      assertRefusedAndClosed(connection, 400, "Transfer-Encoding");
    }
  }

  @Test
  void transferCodingBerthDoesNotImplement_before_chunked_is501() {
    try (RawHttp connection = RawHttp.connect(engine.url())) {
      connection.send(
          "POST /v2/app/blobs/uploads/ HTTP/1.1\r\nHost: registry\r\nTransfer-Encoding: gzip, chunked"
              + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
              + HIDDEN);

      assertRefusedAndClosed(connection, 501, "gzip");
    }
  }

  @Test
  void transferEncodingSplitOverTwoHeaderLines_isReadAsOneList() {
    try (RawHttp connection = RawHttp.connect(engine.url())) {
      connection.send(
          "POST /v2/app/blobs/uploads/ HTTP/1.1\r\nHost: registry\r\nTransfer-Encoding: chunked\r\n"
              + "Transfer-Encoding: identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
              + HIDDEN);

      assertRefusedWith400AndClosed(connection);
    }
  }

  @Test
  void transferEncodingTogetherWithContentLength_isRefused() {
    try (RawHttp connection = RawHttp.connect(engine.url())) {
      connection.send(
          "POST /v2/app/blobs/uploads/ HTTP/1.1\r\nHost: registry\r\nTransfer-Encoding: chunked\r\n"
              + "Content-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
              + HIDDEN);

      assertRefusedWith400AndClosed(connection);
    }
  }

  @Test
  void plainChunkedAndPlainContentLength_stillWork_andKeepTheConnection() {
    byte[] blob = "hello".getBytes(StandardCharsets.UTF_8);
    String session = uploadSession();
    try (RawHttp connection = RawHttp.connect(engine.url())) {
      connection.send(
          "PATCH "
              + session
              + " HTTP/1.1\r\nHost: registry\r\nContent-Type: application/octet-stream\r\n"
              + "Transfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
      assertThat(connection.read().status()).isEqualTo(202);

      connection.send(
          "PUT "
              + session
              + "?digest="
              + Digest.sha256(blob)
              + " HTTP/1.1\r\nHost: registry\r\n"
              + "Content-Length: 0\r\n\r\n");
      assertThat(connection.read().status()).isEqualTo(201);

      connection.send(
          "POST /v2/app/blobs/uploads/?digest="
              + Digest.sha256(blob)
              + " HTTP/1.1\r\nHost: registry\r\n"
              + "Content-Type: application/octet-stream\r\nContent-Length: 005\r\n\r\nhello");
      assertThat(connection.read().status()).isEqualTo(201);

      connection.send("GET /v2/ HTTP/1.1\r\nHost: registry\r\n\r\n");
      assertThat(connection.read().status())
          .as("the same connection still serves requests")
          .isEqualTo(200);
    }
  }

  /** Berth's own refusal: a spec error naming the header, then the connection closes. */
  private static void assertRefusedAndClosed(RawHttp connection, int status, String detail) {
    RawHttp.Response response = connection.read();
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.body()).contains("{\"errors\":[{\"code\":\"UNSUPPORTED\"").contains(detail);
    assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
    assertThat(connection.closedByServer())
        .as("connection closed, hidden request not answered")
        .isTrue();
  }

  /**
   * Refused either by Undertow's header parser (some malformed values never reach a handler; it
   * answers a bare 400) or by Berth's guard: either way 400 and a closed connection.
   */
  private static void assertRefusedWith400AndClosed(RawHttp connection) {
    RawHttp.Response response = connection.read();
    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(connection.closedByServer())
        .as("connection closed, hidden request not answered")
        .isTrue();
  }

  /** A new upload session's path, e.g. {@code /v2/app/blobs/uploads/<id>}. */
  private static String uploadSession() {
    RegistryClient client = new RegistryClient(engine.url());
    var started = client.post("/v2/app/blobs/uploads/", new byte[0]);
    RegistryClient.requireStatus(started, 202);
    return java.net.URI.create(started.headers().firstValue("Location").orElseThrow()).getPath();
  }
}
