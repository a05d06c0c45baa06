package dev.berth.registry2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.EngineStorage;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.testing.Command;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.ServerProcess;
import dev.berth.testing.TeamCertificate;
import dev.berth.testing.TestImages;
import dev.berth.testing.TlsClients;
import dev.berth.users.BcryptPasswords;
import dev.berth.users.UserService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration the issue promises, end to end with the real programs: Debian's docker-registry
 * (registry:2.8) with TLS, htpasswd and deletion gets a multi-platform index and single images from
 * skopeo, is stopped, and {@code berth import --from-registry2} brings its folder over; Berth then
 * serves every tag with the digest registry:2 served, to the same password, from the same inodes.
 */
class Registry2MigrationTest {
  private static final String ACCEPT =
      String.join(
          ",",
          MediaTypes.OCI_INDEX,
          MediaTypes.OCI_MANIFEST,
          MediaTypes.DOCKER_MANIFEST_LIST,
          MediaTypes.DOCKER_MANIFEST);

  /** What registry:2 served before it stopped: reference → digest. */
  private static final Map<String, String> served = new LinkedHashMap<>();

  private static final List<String> indexChildren = new ArrayList<>();

  @TempDir static Path shared;
  private static Path registry2Root;
  private static Path htpasswd;
  private static TeamCertificate certificate;
  private static Path certDir;
  private static String missingBlob;

  @TempDir Path temp;

  /** registry:2 is started, filled and stopped once for the class. */
  @BeforeAll
  static void aRegistry2WithData() throws Exception {
    Command.require("docker-registry", "docker-registry");
    Command.require("skopeo", "skopeo");
    Command.require("htpasswd", "apache2-utils");
    certificate = TeamCertificate.issue(shared, "registry2", "127.0.0.1");
    certDir = Files.createDirectories(shared.resolve("certs"));
    Files.copy(certificate.root(), certDir.resolve("ca.crt"));
    htpasswd = shared.resolve("htpasswd");
    Command.of("htpasswd", "-Bbc", htpasswd.toString(), "alice", "alice-pw").run();
    Command.of("htpasswd", "-bm", htpasswd.toString(), "bob", "bob-md5-pw")
        .run(); // MD5: registry:2 never accepted it
    registry2Root = shared.resolve("var-lib-registry");
    int port = ServerProcess.freePort();
    Path config =
        Files.writeString(
            shared.resolve("config.yml"),
            """
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
          tls:
            certificate: %s
            key: %s
        auth:
          htpasswd:
            realm: Registry Realm
            path: %s
        """
                .formatted(registry2Root, port, certificate.chain(), certificate.key(), htpasswd));
    Path log = shared.resolve("registry2.log");
    Process registry2 =
        new ProcessBuilder("docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      RegistryClient alice = https(port).withBasicAuth("alice", "alice-pw");
      awaitAnswer(alice, registry2, log);

      List<TestImages.Image> platforms =
          List.of(
              TestImages.ociImage("amd64", "amd64 layer of app 1.0"),
              TestImages.ociImage("arm64", "arm64 layer of app 1.0"));
      TestImages.Blob index = TestImages.index(MediaTypes.OCI_INDEX, platforms);
      push(port, "team/app:1.0", index, platforms, "--all");
      TestImages.Image latest = TestImages.ociImage("amd64", "app latest");
      push(port, "team/app:latest", latest.manifest(), List.of(latest));
      TestImages.Image tool = TestImages.ociImage("amd64", "tool v2", "tool v2 second layer");
      push(port, "org/team/tool:v2", tool.manifest(), List.of(tool), "--format", "v2s2");
      TestImages.Image old = TestImages.ociImage("amd64", "app old, deleted in registry:2");
      push(port, "team/app:old", old.manifest(), List.of(old));
      String oldDigest = manifestDigest(alice, "team/app", "old");
      RegistryClient.requireStatus(alice.delete("/v2/team/app/manifests/" + oldDigest), 202);

      for (String ref : List.of("team/app:1.0", "team/app:latest", "org/team/tool:v2")) {
        String[] parts = ref.split(":");
        served.put(ref, manifestDigest(alice, parts[0], parts[1]));
      }
      platforms.forEach(p -> indexChildren.add(p.digest().toString()));
    } finally {
      registry2.destroy();
      registry2.waitFor();
    }
    // What a garbage collection of registry:2 leaves behind: a layer link whose blob is gone.
    missingBlob = Digest.sha256("collected long ago".getBytes()).toString();
    Path dangling =
        registry2Root
            .resolve("docker/registry/v2/repositories/team/app/_layers/sha256")
            .resolve(missingBlob.substring(7));
    Files.createDirectories(dangling);
    Files.writeString(dangling.resolve("link"), missingBlob);
  }

  @Test
  void importThenPull_everyTagWithItsDigest_thePasswordWorks_andNoBlobByteWasCopied()
      throws Exception {
    Path data = temp.resolve("berth");
    Command.Result imported =
        Command.of(
                ServerProcess.berth(
                        "import",
                        "--from-registry2",
                        registry2Root.toString(),
                        "--data",
                        data.toString(),
                        "--htpasswd",
                        htpasswd.toString())
                    .toArray(String[]::new))
            .timeout(Duration.ofMinutes(2))
            .tryRun();
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    assertThat(imported.stdout())
        .contains("Imported 2 repositories, 5 manifests, 3 tags")
        .contains("0 copied (0 B)")
        .contains("Users: 1 added (alice)")
        .contains("blob " + missingBlob + ": linked in team/app but its bytes are missing")
        .contains("htpasswd line 2 (bob): the hash of 'bob' is not bcrypt")
        .doesNotContain("$apr1$")
        .doesNotContain("$2y$");
    assertThat(imported.stderr())
        .contains("Verifying and linking blobs: ")
        .contains("Importing manifests and tags: 2/2");

    // Same inode for every blob: the bytes exist once on disk.
    List<Path> berthBlobs;
    try (Stream<Path> files = Files.walk(data.resolve("storage/blobs/sha256"))) {
      berthBlobs = files.filter(Files::isRegularFile).toList();
    }
    assertThat(berthBlobs)
        .hasSize(11); // 5 configs and 6 layers: the deleted image's stay linked in team/app, as in
    // registry:2
    for (Path blob : berthBlobs) {
      String hex = blob.getFileName().toString();
      Path original =
          registry2Root
              .resolve("docker/registry/v2/blobs/sha256")
              .resolve(hex.substring(0, 2))
              .resolve(hex)
              .resolve("data");
      assertThat(Files.getAttribute(blob, "unix:ino"))
          .as(hex)
          .isEqualTo(Files.getAttribute(original, "unix:ino"));
    }

    int port = ServerProcess.freePort();
    try (ServerProcess berth =
        ServerProcess.launch(
            port,
            "serve",
            "--addr",
            "127.0.0.1:" + port,
            "--data",
            data.toString(),
            "--auth",
            "basic",
            "--tls-cert",
            certificate.chain().toString(),
            "--tls-key",
            certificate.key().toString())) {
      RegistryClient anonymous = https(port);
      RegistryClient alice = anonymous.withBasicAuth("alice", "alice-pw");
      awaitAnswer(alice, berth.process(), null);
      for (Map.Entry<String, String> ref : served.entrySet()) {
        String[] parts = ref.getKey().split(":");
        assertThat(manifestDigest(alice, parts[0], parts[1]))
            .as(ref.getKey())
            .isEqualTo(ref.getValue());
      }
      for (String child : indexChildren) {
        assertThat(manifestDigest(alice, "team/app", child)).isEqualTo(child);
      }
      assertThat(alice.get("/v2/team/app/manifests/old", "Accept", ACCEPT).statusCode())
          .isEqualTo(404);
      assertThat(RegistryClient.json(alice.get("/v2/_catalog")).path("repositories").toString())
          .isEqualTo("[\"org/team/tool\",\"team/app\"]");
      assertThat(anonymous.withBasicAuth("alice", "wrong").get("/v2/").statusCode()).isEqualTo(401);
      assertThat(anonymous.withBasicAuth("bob", "bob-md5-pw").get("/v2/").statusCode())
          .isEqualTo(401);

      // skopeo checks every blob's digest on the way: the whole index, each platform, the Docker
      // image.
      for (String ref : served.keySet()) {
        Command.Result pull =
            skopeo(
                "copy",
                "--all",
                "--src-creds",
                "alice:alice-pw",
                "--src-cert-dir",
                certDir.toString(),
                "docker://127.0.0.1:" + port + "/" + ref,
                "dir:" + temp.resolve("pulled-" + ref.replaceAll("[/:]", "-")));
        assertThat(pull.exitCode()).as(pull.toString()).isZero();
      }
    }
  }

  @Test
  void anInterruptedImport_resumesWhereItStopped_withTheSameResult() throws Exception {
    Path data = temp.resolve("berth");
    Registry2Layout layout = Registry2Layout.find(registry2Root).orElseThrow();
    ObjectMapper json = new ObjectMapper();
    class Interrupted extends RuntimeException {}
    try (EngineStorage storage = EngineStorage.open(data, json, Clock.systemUTC())) {
      Registry2Importer importer = importer(storage, json);
      assertThatThrownBy(
              () ->
                  importer.run(
                      layout,
                      Optional.empty(),
                      step -> {
                        if (step.phase() == ImportProgress.Phase.BLOBS && step.done() == 4) {
                          throw new Interrupted(); // as if the process stopped after its fourth
                          // blob
                        }
                      }))
          .isInstanceOf(Interrupted.class);
    }
    try (EngineStorage storage = EngineStorage.open(data, json, Clock.systemUTC())) {
      List<ImportProgress.Step> steps = new ArrayList<>();
      ImportReport report = importer(storage, json).run(layout, Optional.empty(), steps::add);
      assertThat(report.blobsPresent()).isEqualTo(4);
      assertThat(report.blobsLinked()).isEqualTo(7);
      assertThat(report.blobsCopied()).isZero();
      assertThat(report.manifests()).isEqualTo(5);
      assertThat(report.tags()).isEqualTo(3);
      assertThat(report.skipped())
          .extracting(ImportReport.Skipped::item)
          .containsExactly("blob " + missingBlob);
      assertThat(steps)
          .extracting(ImportProgress.Step::phase)
          .containsSubsequence(
              ImportProgress.Phase.SCANNING,
              ImportProgress.Phase.BLOBS,
              ImportProgress.Phase.MANIFESTS);
      assertThat(
              storage
                  .metadata()
                  .manifests()
                  .resolveTag(
                      dev.berth.oci.RepositoryName.parse("team/app"),
                      dev.berth.oci.Tag.parse("1.0"))
                  .orElseThrow()
                  .toString())
          .isEqualTo(served.get("team/app:1.0"));
      // Running once more changes nothing and copies nothing.
      ImportReport again =
          importer(storage, json).run(layout, Optional.empty(), ImportProgress.NONE);
      assertThat(again.blobsPresent()).isEqualTo(11);
      assertThat(again.manifests()).isEqualTo(5);
    }
  }

  @Test
  void serveWithTheSameEnvironment_onRegistry2sFolder_importsItOnce_andServesIt() throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    int port = ServerProcess.freePort();
    env.put("REGISTRY_HTTP_ADDR", "127.0.0.1:" + port);
    env.put("REGISTRY_HTTP_TLS_CERTIFICATE", certificate.chain().toString());
    env.put("REGISTRY_HTTP_TLS_KEY", certificate.key().toString());
    env.put("REGISTRY_AUTH", "htpasswd");
    env.put("REGISTRY_AUTH_HTPASSWD_REALM", "Registry Realm");
    env.put("REGISTRY_AUTH_HTPASSWD_PATH", htpasswd.toString());
    env.put("REGISTRY_STORAGE_DELETE_ENABLED", "true");
    env.put("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", registry2Root.toString());
    RegistryClient alice = https(port).withBasicAuth("alice", "alice-pw");
    try (ServerProcess first =
        ServerProcess.launchCommand(port, ServerProcess.berth("serve"), env)) {
      awaitAnswer(alice, first.process(), null);
      assertThat(first.log())
          .contains("holds registry:2 data that Berth has not imported yet")
          .contains("registry:2 import: Imported 2 repositories, 5 manifests, 3 tags");
      assertThat(manifestDigest(alice, "team/app", "1.0")).isEqualTo(served.get("team/app:1.0"));
      RegistryClient.requireStatus(alice.delete("/v2/team/app/manifests/latest"), 202);
      first.terminate(Duration.ofSeconds(60));
    }
    try (ServerProcess second =
        ServerProcess.launchCommand(port, ServerProcess.berth("serve"), env)) {
      awaitAnswer(alice, second.process(), null);
      assertThat(second.log()).doesNotContain("registry:2 import");
      assertThat(manifestDigest(alice, "org/team/tool", "v2"))
          .isEqualTo(served.get("org/team/tool:v2"));
      // A deletion made in Berth stays: registry:2's tree is not read again.
      assertThat(alice.get("/v2/team/app/manifests/latest", "Accept", ACCEPT).statusCode())
          .isEqualTo(404);
    } finally {
      for (String berthFile : List.of("metadata", "storage", "berth.lock", "registry2-imported")) {
        dev.berth.testing.Command.of("rm", "-rf", registry2Root.resolve(berthFile).toString())
            .run();
      }
    }
  }

  private static Registry2Importer importer(EngineStorage storage, ObjectMapper json) {
    return new Registry2Importer(
        storage.blobs(),
        storage.metadata(),
        new ManifestParser(json),
        new UserService(storage.metadata().users(), new BcryptPasswords(), Clock.systemUTC()));
  }

  private static RegistryClient https(int port) throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(TlsClients.trustingOnly(certificate.root()))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    return new RegistryClient(URI.create("https://127.0.0.1:" + port), http);
  }

  private static String manifestDigest(RegistryClient client, String repository, String reference) {
    HttpResponse<byte[]> response =
        client.get("/v2/" + repository + "/manifests/" + reference, "Accept", ACCEPT);
    RegistryClient.requireStatus(response, 200);
    String digest = response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    assertThat(Digest.sha256(response.body()).toString()).isEqualTo(digest);
    return digest;
  }

  private static void push(
      int port, String ref, TestImages.Blob top, List<TestImages.Image> images, String... options)
      throws Exception {
    Path layout = Files.createTempDirectory(shared, "layout");
    TestImages.writeOciLayout(layout, "t", top, images);
    List<String> args =
        new ArrayList<>(
            List.of(
                "copy", "--dest-creds", "alice:alice-pw", "--dest-cert-dir", certDir.toString()));
    args.addAll(List.of(options));
    args.addAll(List.of("oci:" + layout + ":t", "docker://127.0.0.1:" + port + "/" + ref));
    Command.Result result = skopeo(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }

  private static Command.Result skopeo(String... args) throws Exception {
    Path policy = shared.resolve("policy.json");
    if (!Files.exists(policy)) {
      Files.writeString(policy, "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
      Files.writeString(shared.resolve("auth.json"), "{}");
    }
    List<String> command = new ArrayList<>(List.of("--policy", policy.toString()));
    command.addAll(List.of(args));
    return Command.of("skopeo", command)
        .env("REGISTRY_AUTH_FILE", shared.resolve("auth.json").toString())
        .tryRun();
  }

  /** Polls /v2/ until the server answers 200 with the credentials (or fails when it exits). */
  private static void awaitAnswer(RegistryClient client, Process server, Path log)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      if (!server.isAlive()) {
        throw new AssertionError("server exited: " + (log == null ? "" : Files.readString(log)));
      }
      try {
        if (client.get("/v2/").statusCode() == 200) {
          return;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "no answer within 60 s" + (log == null ? "" : ": " + Files.readString(log)));
      }
      Thread.sleep(50);
    }
  }
}
