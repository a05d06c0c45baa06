package dev.berth.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Debian's docker-registry (CNCF Distribution 2.8, the reference registry:2) on a loopback port
 * with its own folder, as a real upstream: plain HTTP or TLS, open or with htpasswd (Basic) auth.
 * It can be stopped and started again on the same port and data.
 */
public final class Registry2Upstream implements AutoCloseable {
  private final Path folder;
  private final int port;
  private final Path config;
  private final TeamCertificate certificate;
  private Process process;

  private Registry2Upstream(Path folder, int port, Path config, TeamCertificate certificate) {
    this.folder = folder;
    this.port = port;
    this.config = config;
    this.certificate = certificate;
  }

  /**
   * @param htpasswd an htpasswd file (bcrypt) to require Basic auth with, or null for open access
   */
  public static Registry2Upstream start(Path folder, Path htpasswd, boolean tls) throws Exception {
    Command.require("docker-registry", "docker-registry");
    Files.createDirectories(folder);
    int port = ServerProcess.freePort();
    TeamCertificate certificate =
        tls ? TeamCertificate.issue(folder, "upstream", "127.0.0.1") : null;
    String yaml =
        """
        version: 0.1
        log:
          level: info
          accesslog:
            disabled: false
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
        """
            .formatted(folder.resolve("root"), port);
    if (certificate != null) {
      yaml +=
          "  tls:\n    certificate: %s\n    key: %s\n"
              .formatted(certificate.chain(), certificate.key());
    }
    if (htpasswd != null) {
      yaml += "auth:\n  htpasswd:\n    realm: upstream\n    path: %s\n".formatted(htpasswd);
    }
    Path config = Files.writeString(folder.resolve("config.yml"), yaml);
    Registry2Upstream upstream = new Registry2Upstream(folder, port, config, certificate);
    upstream.startProcess();
    return upstream;
  }

  public void startProcess() throws Exception {
    process =
        new ProcessBuilder("docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(folder.resolve("registry.log").toFile()))
            .start();
    awaitListening();
  }

  /** Stops the process and waits for it to be gone. */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      process.waitFor();
    }
  }

  /** Polls {@code GET /v2/} until registry:2 answers at all (200 or 401). */
  private void awaitListening() throws Exception {
    HttpClient http =
        certificate == null
            ? HttpClient.newHttpClient()
            : HttpClient.newBuilder()
                .sslContext(TlsClients.trustingOnly(certificate.root()))
                .build();
    RegistryClient client = new RegistryClient(url(), http);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError("docker-registry exited: " + log());
      }
      try {
        int status = client.get("/v2/").statusCode();
        if (status == 200 || status == 401) {
          return;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("docker-registry did not answer within 60 s: " + log());
      }
      Thread.sleep(50); // polling a starting process: nothing to wait on but its port
    }
  }

  public String log() throws IOException {
    Path log = folder.resolve("registry.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  public URI url() {
    return URI.create((certificate == null ? "http" : "https") + "://127.0.0.1:" + port);
  }

  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public RegistryClient client() {
    return new RegistryClient(url());
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
