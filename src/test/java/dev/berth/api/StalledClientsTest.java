package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hundreds of clients that stop reading a download, or stop sending an upload, halfway: the
 * registry must keep answering everyone else at once. Before, 64 stalled downloads held all 64
 * worker threads and nobody else got an answer for as long as they stalled.
 */
class StalledClientsTest {
  private static final int STALLED = 200;
  private static final int BIG_BLOB = 64 << 20;
  private static final long PROMPT_MILLIS = 100;

  @RegisterExtension final TestRegistry registry = new TestRegistry();
  private final List<Socket> stalled = new ArrayList<>();

  @AfterEach
  void hangUp() {
    stalled.forEach(
        s -> {
          try {
            s.close();
          } catch (IOException ignored) {
            // closing is all we wanted
          }
        });
  }

  @Test
  void stalledDownloads_doNotStopOtherRequests() throws Exception {
    RegistryClient client = registry.client();
    byte[] big = new byte[BIG_BLOB];
    new Random(1).nextBytes(big);
    Digest bigDigest = client.pushBlob("big/app", big);
    byte[] small = new byte[4096];
    new Random(2).nextBytes(small);
    Digest smallDigest = client.pushBlob("small/app", small);

    for (int i = 0; i < STALLED; i++) {
      Socket socket = open();
      send(socket, "GET /v2/big/app/blobs/" + bigDigest + " HTTP/1.1\r\nHost: x\r\n\r\n");
      socket.getInputStream().readNBytes(16 * 1024); // started, then never read again
      stalled.add(socket);
    }

    assertPromptAnswers(client, smallDigest, small);
  }

  @Test
  void stalledUploads_doNotStopOtherRequests() throws Exception {
    RegistryClient client = registry.client();
    byte[] small = new byte[4096];
    new Random(3).nextBytes(small);
    Digest smallDigest = client.pushBlob("small/app", small);

    for (int i = 0; i < STALLED; i++) {
      Socket socket = open();
      Digest claimed = Digest.sha256(("upload " + i).getBytes(StandardCharsets.UTF_8));
      send(
          socket,
          "POST /v2/stalled/app/blobs/uploads/?digest="
              + claimed
              + " HTTP/1.1\r\nHost: x\r\n"
              + "Content-Type: application/octet-stream\r\nContent-Length: 1073741824\r\n\r\n");
      socket.getOutputStream().write(new byte[64 * 1024]); // then nothing more
      socket.getOutputStream().flush();
      stalled.add(socket);
    }

    assertPromptAnswers(client, smallDigest, small);
  }

  private void assertPromptAnswers(
      RegistryClient registryClient, Digest smallDigest, byte[] small) {
    // A probe that waits for ever would hang the test instead of failing it.
    java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
    RegistryClient client =
        new RegistryClient(
            registryClient.base(),
            request ->
                http.send(
                    java.net.http.HttpRequest.newBuilder(request, (n, v) -> true)
                        .timeout(java.time.Duration.ofSeconds(5))
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()));
    for (int i = 0; i < 3; i++) { // a first request sets up a connection and warms the code path
      client.get("/v2/");
      client.get("/v2/small/app/blobs/" + smallDigest);
    }
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long started = System.nanoTime();
      assertThat(client.get("/v2/").statusCode()).isEqualTo(200);
      millis.add((System.nanoTime() - started) / 1_000_000);
      started = System.nanoTime();
      var blob = client.get("/v2/small/app/blobs/" + smallDigest);
      millis.add((System.nanoTime() - started) / 1_000_000);
      assertThat(blob.statusCode()).isEqualTo(200);
      assertThat(blob.body()).isEqualTo(small);
    }
    System.out.println(
        "with "
            + STALLED
            + " stalled clients, /v2/ and a 4 KiB pull, in turn, took (ms): "
            + millis);
    assertThat(millis)
        .as("ms for /v2/ and small pulls, with %d stalled clients", STALLED)
        .allMatch(ms -> ms <= PROMPT_MILLIS);
  }

  private Socket open() throws IOException {
    URI base = registry.client().base();
    Socket socket = new Socket(base.getHost(), base.getPort());
    socket.setReceiveBufferSize(16 * 1024);
    // Before the fix the 65th download never started (64 workers were held): fail, not hang.
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static void send(Socket socket, String request) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
