package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.ServerProcess;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The headless command as an operator uses it: start-up line, refusals, SIGTERM. */
class ServeCommandTest {
  @TempDir Path data;

  @Test
  void logsReadyLineWithUrl_andAnswersApiBase() throws Exception {
    int port = ServerProcess.freePort();
    try (ServerProcess server = ServerProcess.serve(port, data)) {
      assertThat(server.log()).contains("Berth registry listening on http://127.0.0.1:" + port);
      assertThat(
              server.client().get("/v2/").headers().firstValue("Docker-Distribution-API-Version"))
          .contains("registry/2.0");
    }
  }

  @Test
  void secondServerOnSameDataFolder_refusesInPlainWords() throws Exception {
    try (ServerProcess first = ServerProcess.serve(ServerProcess.freePort(), data);
        ServerProcess second =
            ServerProcess.launch(
                0,
                "serve",
                "--addr",
                "127.0.0.1:" + ServerProcess.freePort(),
                "--data",
                data.toString())) {
      assertThat(second.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(second.log())
          .contains("berth serve: Berth is already running with the data folder " + data);
      assertThat(second.log()).doesNotContain("\tat ");
      assertThat(first.client().get("/v2/").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void portInUse_isReportedInPlainWords() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
        ServerProcess server =
            ServerProcess.launch(
                0,
                "serve",
                "--addr",
                "127.0.0.1:" + taken.getLocalPort(),
                "--data",
                data.toString())) {
      assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(server.log()).contains("the port is already in use").doesNotContain("\tat ");
    }
  }

  @Test
  void badAddress_isReportedInPlainWords() throws Exception {
    try (ServerProcess server =
        ServerProcess.launch(0, "serve", "--addr", "localhost", "--data", data.toString())) {
      assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(server.log()).contains("is not HOST:PORT");
    }
  }

  @Test
  void publicUrl_setsTheTokenRealm_andBadPublicUrlsOrProxiesAreRefusedInPlainWords()
      throws Exception {
    dev.berth.testing.TestUsers.in(data).add("alice", "alice-pw", false).create();
    int port = ServerProcess.freePort();
    try (ServerProcess server =
        ServerProcess.serve(
            port,
            data,
            "--auth",
            "token",
            "--public-url",
            "https://registry.example.com:8443",
            "--trusted-proxy",
            "10.0.0.0/8",
            "--trusted-proxy",
            "fd00::/8")) {
      try (dev.berth.testing.RawHttp connection =
          dev.berth.testing.RawHttp.connect(server.client().base())) {
        String challenge =
            connection
                .send("GET /v2/team/app/manifests/v1 HTTP/1.1\r\nHost: attacker.example\r\n\r\n")
                .read()
                .header("WWW-Authenticate");
        assertThat(challenge).contains("realm=\"https://registry.example.com:8443/token\"");
      }
    }
    for (String[] bad :
        new String[][] {
          {"--public-url", "ftp://registry.example.com"},
          {"--public-url", "https://registry.example.com/registry"},
          {"--trusted-proxy", "proxy.example.com"}
        }) {
      try (ServerProcess refused =
          ServerProcess.launch(0, "serve", "--data", data.toString(), bad[0], bad[1])) {
        assertThat(refused.awaitExit(Duration.ofSeconds(60)))
            .as(String.join(" ", bad))
            .isEqualTo(2);
        assertThat(refused.log()).contains(bad[1]).doesNotContain("\tat ");
      }
    }
  }

  @Test
  void sigterm_letsInFlightUploadFinish_thenStops() throws Exception {
    int port = ServerProcess.freePort();
    ServerProcess server = ServerProcess.serve(port, data);
    RegistryClient client = server.client();
    var start = client.post("/v2/app/blobs/uploads/", new byte[0]);
    String location = start.headers().firstValue("Location").orElseThrow();
    byte[] chunk = new byte[1024 * 1024];

    PipedOutputStream body = new PipedOutputStream();
    PipedInputStream source = new PipedInputStream(body, 64 * 1024);
    CompletableFuture<HttpResponse<String>> inFlight =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(client.resolve(location))
                    .method(
                        "PATCH",
                        HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> source),
                            2L * chunk.length))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    String path = location.substring(location.indexOf("/v2/"));
    try (OutputStream out = body) {
      out.write(chunk);
      awaitUploadStarted(client, path); // the request is now being served
      server.process().destroy(); // SIGTERM
      Thread.sleep(500);
      assertThat(server.process().isAlive()).as("waits for the in-flight request").isTrue();
      out.write(chunk);
    }

    assertThat(inFlight.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    server.awaitExit(Duration.ofSeconds(60));
    assertThat(server.log()).contains("Berth registry stopped");
    server.close();

    try (ServerProcess restarted = ServerProcess.serve(port, data)) {
      assertThat(restarted.client().get(path).headers().firstValue("Range"))
          .contains("0-" + (2 * chunk.length - 1));
      var put =
          restarted
              .client()
              .put(location + "?digest=" + Digest.sha256(new byte[2 * chunk.length]), new byte[0]);
      assertThat(put.statusCode()).isEqualTo(201);
    }
  }

  /** Waits until the server holds some bytes of the upload: its PATCH is being served. */
  private static void awaitUploadStarted(RegistryClient client, String path)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (client.get(path).headers().firstValue("Range").orElse("0-0").equals("0-0")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the PATCH never started within 30 s");
      }
      Thread.sleep(10);
    }
  }
}
