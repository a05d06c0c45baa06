package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import dev.berth.browse.CacheOrigin;
import dev.berth.browse.RepositoryBrowser;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.events.Caller;
import dev.berth.gc.GcOptions;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.RepositoryName;
import dev.berth.testing.Command;
import dev.berth.testing.OwnerOnly;
import dev.berth.testing.Registry2Upstream;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.Skopeo;
import dev.berth.testing.TestImages;
import dev.berth.testing.UpstreamForwarder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pull-through cache against a real registry:2 on loopback, with a counting forwarder between
 * Berth and registry:2 so that every upstream request is seen. Rules: {@code up/} (1 h TTL), {@code
 * short/} (5 s TTL), {@code hub/} (library/ names, the default mirror), all through the forwarder.
 */
class ProxyCacheTest {
  static final String ACCEPT = CachingManifestService.ACCEPT;
  static final Duration SHORT_TTL = Duration.ofSeconds(5);

  @TempDir static Path shared;
  static Registry2Upstream registry2;
  static UpstreamForwarder forwarder;
  static BerthEngine berth;
  static RegistryClient client;
  static RegistryClient upstream;
  static TestImages.Image app;
  static TestImages.Image alpine;

  @BeforeAll
  static void start() throws Exception {
    registry2 = Registry2Upstream.start(shared.resolve("registry2"), null, false);
    forwarder = new UpstreamForwarder(registry2.url());
    upstream = registry2.client();
    app = TestImages.ociImage("amd64", "app 1.0 base", "app 1.0 code");
    app.push(upstream, "team/app", "1.0");
    alpine = TestImages.dockerImage("amd64", "alpine 3.20");
    alpine.push(upstream, "library/alpine", "3.20");
    String via = forwarder.url().toString();
    berth =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), shared.resolve("berth"))
                .withProxy(
                    new ProxySettings(
                        List.of(
                            ProxyRule.of("up", via).withTtl(Duration.ofHours(1)),
                            ProxyRule.of("short", via).withTtl(SHORT_TTL),
                            ProxyRule.of("hub", via).withLibraryNames(true)),
                        Optional.of("hub"))));
    client = new RegistryClient(berth.url());
  }

  @AfterAll
  static void stop() throws Exception {
    if (berth != null) {
      berth.close();
    }
    if (forwarder != null) {
      forwarder.close();
    }
    if (registry2 != null) {
      registry2.close();
    }
  }

  static String digestOf(HttpResponse<byte[]> response) {
    RegistryClient.requireStatus(response, 200);
    return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  @Test
  void skopeoPullsThroughTheCache_withTheUpstreamsDigests_andTheUpstreamSeesEachBlobOnce()
      throws Exception {
    Skopeo skopeo = new Skopeo(shared.resolve("skopeo"));
    Map<String, Integer> afterFirstPull = new java.util.HashMap<>();
    for (int round = 0; round < 2; round++) {
      Path pulled = shared.resolve("pulled-" + round);
      Command.Result pull =
          skopeo.run(
              "copy",
              "--src-tls-verify=false",
              "docker://127.0.0.1:" + berth.port() + "/up/team/app:1.0",
              "oci:" + pulled + ":1.0");
      assertThat(pull.exitCode()).as(pull.toString()).isZero();
      // skopeo verified every digest on the way; the layout holds exactly the upstream's blobs.
      for (TestImages.Blob blob : app.blobs()) {
        assertThat(pulled.resolve("blobs/sha256").resolve(blob.digest().hex()))
            .hasBinaryContent(blob.bytes());
        String path = "/v2/team/app/blobs/" + blob.digest();
        if (round == 0) {
          // Fetched once, or (already stored for another repository) confirmed with a HEAD.
          assertThat(forwarder.count("GET", path))
              .as("upstream GETs of %s", blob.digest())
              .isLessThanOrEqualTo(1);
          afterFirstPull.put(path, forwarder.count("GET", path) + forwarder.count("HEAD", path));
        } else {
          assertThat(forwarder.count("GET", path) + forwarder.count("HEAD", path))
              .as("the second pull asks nothing")
              .isEqualTo(afterFirstPull.get(path));
        }
      }
      assertThat(Files.readString(pulled.resolve("index.json"))).contains(app.digest().toString());
    }
    String upstreamDigest = digestOf(upstream.get("/v2/team/app/manifests/1.0", "Accept", ACCEPT));
    assertThat(digestOf(client.get("/v2/up/team/app/manifests/1.0", "Accept", ACCEPT)))
        .isEqualTo(upstreamDigest)
        .isEqualTo(app.digest().toString());
    for (TestImages.Blob layer : app.layers()) {
      assertThat(forwarder.count("GET", "/v2/team/app/blobs/" + layer.digest()))
          .as("upstream GETs of %s", layer.digest())
          .isEqualTo(1);
    }
    // Two pulls within the TTL: the tag was asked for once, and never revalidated.
    assertThat(forwarder.count("GET", "/v2/team/app/manifests/1.0")).isEqualTo(1);
    assertThat(forwarder.count("HEAD", "/v2/team/app/manifests/1.0")).isZero();
    RuleStatistics stats = berth.proxy().statistics("up");
    assertThat(stats.hits()).isPositive();
    assertThat(stats.bytesSaved()).isPositive();
    assertThat(client.get("/v2/_catalog").body()).asString().contains("up/team/app");
    OwnerOnly.assertTree(shared.resolve("berth"));
  }

  @Test
  void dockerHubSingleNames_getLibrary_andTheDefaultMirrorServesDaemonStyleNames() {
    String expected = alpine.digest().toString();
    assertThat(digestOf(client.get("/v2/hub/alpine/manifests/3.20", "Accept", ACCEPT)))
        .isEqualTo(expected);
    assertThat(digestOf(client.get("/v2/hub/library/alpine/manifests/3.20", "Accept", ACCEPT)))
        .isEqualTo(expected);
    // What a Docker daemon with registry-mirrors asks: no prefix.
    assertThat(digestOf(client.get("/v2/library/alpine/manifests/3.20", "Accept", ACCEPT)))
        .isEqualTo(expected);
    TestImages.Blob layer = alpine.layers().get(0);
    HttpResponse<byte[]> blob = client.get("/v2/library/alpine/blobs/" + layer.digest());
    RegistryClient.requireStatus(blob, 200);
    assertThat(blob.body()).isEqualTo(layer.bytes());
    // One cached copy whatever the spelling; asked upstream once.
    assertThat(forwarder.count("GET", "/v2/library/alpine/manifests/3.20")).isEqualTo(1);
    assertThat(berth.metadata().repositories().exists(RepositoryName.parse("hub/library/alpine")))
        .isTrue();
    assertThat(berth.metadata().repositories().exists(RepositoryName.parse("library/alpine")))
        .isFalse();
  }

  @Test
  void containerdsNsParameter_selectsTheRuleOfThatRegistry() throws Exception {
    berth.proxy().save(ProxyRule.of("direct", registry2.url().toString()));
    String ns = "?ns=" + registry2.hostPort();
    assertThat(digestOf(client.get("/v2/team/app/manifests/1.0" + ns, "Accept", ACCEPT)))
        .isEqualTo(app.digest().toString());
    assertThat(berth.metadata().repositories().exists(RepositoryName.parse("direct/team/app")))
        .isTrue();
    TestImages.Blob config = app.config();
    assertThat(client.get("/v2/team/app/blobs/" + config.digest() + ns).body())
        .isEqualTo(config.bytes());
    // The rule is in the data folder, owner-only, for the app and the next serve.
    assertThat(Files.readString(shared.resolve("berth/proxy.json")))
        .contains("\"direct\"", registry2.url().toString());
  }

  @Test
  void nsOfARegistryWithoutARule_neverGetsTheDefaultMirrorsImage_butOurOwnRepositoriesStillServe() {
    // Without the refusal, library/alpine?ns=quay.io would be Docker Hub's alpine (the default
    // mirror).
    HttpResponse<byte[]> other =
        client.get("/v2/library/alpine/manifests/3.20?ns=quay.io", "Accept", ACCEPT);
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(RegistryClient.errorCode(other)).isEqualTo("NAME_UNKNOWN");
    assertThat(new String(other.body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("quay.io");

    TestImages.Image ours =
        TestImages.ociImage("amd64", "ours, served for any registry " + System.nanoTime());
    ours.push(client, "team/ours", "1");
    assertThat(digestOf(client.get("/v2/team/ours/manifests/1?ns=quay.io", "Accept", ACCEPT)))
        .isEqualTo(ours.digest().toString());
  }

  @Test
  void aNewRuleOverRepositoriesPushedHere_isRefused_andTheyStayOurs() throws Exception {
    TestImages.Image ours = TestImages.ociImage("amd64", "pushed under mine/ " + System.nanoTime());
    ours.push(client, "mine/app", "1");

    assertThatThrownBy(() -> berth.proxy().save(ProxyRule.of("mine", registry2.url().toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mine/app");

    assertThat(berth.proxy().rules().rule("mine")).isEmpty();
    assertThat(digestOf(client.get("/v2/mine/app/manifests/1", "Accept", ACCEPT)))
        .isEqualTo(ours.digest().toString());
  }

  @Test
  void aTagMovedUpstream_isSeenAfterTheTtl_notBefore() throws Exception {
    TestImages.Image first = TestImages.ociImage("amd64", "moving v1");
    TestImages.Image second = TestImages.ociImage("amd64", "moving v2");
    first.push(upstream, "team/moving", "v");
    Instant fetched = Instant.now();
    assertThat(digestOf(client.get("/v2/short/team/moving/manifests/v", "Accept", ACCEPT)))
        .isEqualTo(first.digest().toString());
    second.push(upstream, "team/moving", "v");
    // Within the TTL the cached answer stands, without asking the upstream.
    assertThat(digestOf(client.get("/v2/short/team/moving/manifests/v", "Accept", ACCEPT)))
        .isEqualTo(first.digest().toString());
    assertThat(Duration.between(fetched, Instant.now()))
        .as("the check above ran within the TTL")
        .isLessThan(SHORT_TTL);
    assertThat(forwarder.count("HEAD", "/v2/team/moving/manifests/v")).isZero();
    String seen;
    Instant deadline = fetched.plusSeconds(60);
    do {
      assertThat(Instant.now()).as("the moved tag shows within a minute").isBefore(deadline);
      Thread.sleep(250); // waiting for the TTL to pass: time is what is tested here
      seen = digestOf(client.get("/v2/short/team/moving/manifests/v", "Accept", ACCEPT));
    } while (!seen.equals(second.digest().toString()));
    assertThat(Duration.between(fetched, Instant.now())).isGreaterThanOrEqualTo(SHORT_TTL);
    assertThat(forwarder.count("HEAD", "/v2/team/moving/manifests/v"))
        .as("revalidated with HEAD")
        .isEqualTo(1);
    assertThat(forwarder.count("GET", "/v2/team/moving/manifests/v"))
        .as("fetched again only once it moved")
        .isEqualTo(2);
  }

  @Test
  void aLayerSharedByTwoCachedRepositories_isDownloadedOnce_andConfirmedWithAHead() {
    TestImages.Image first = TestImages.ociImage("amd64", "shared base layer", "first app");
    TestImages.Image second = TestImages.ociImage("amd64", "shared base layer", "second app");
    TestImages.Blob base = first.layers().get(0);
    assertThat(second.layers().get(0).digest()).isEqualTo(base.digest());
    first.push(upstream, "team/first", "1");
    second.push(upstream, "team/second", "1");
    assertThat(client.get("/v2/up/team/first/blobs/" + base.digest()).body())
        .isEqualTo(base.bytes());
    assertThat(client.get("/v2/up/team/second/blobs/" + base.digest()).body())
        .isEqualTo(base.bytes());
    assertThat(forwarder.count("GET", "/v2/team/second/blobs/" + base.digest())).isZero();
    assertThat(forwarder.count("HEAD", "/v2/team/second/blobs/" + base.digest())).isEqualTo(1);
    // Never linked without the upstream's word: a blob the upstream repository lacks stays unknown.
    TestImages.Blob notThere = second.layers().get(1);
    assertThat(
            client
                .get(
                    "/v2/up/team/first/blobs/"
                        + client.pushBlob("team/local-only", notThere.bytes()))
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void tagChecksSurviveARestart_soTheTtlStillHolds() throws Exception {
    TestImages.Image image = TestImages.ociImage("amd64", "across a restart");
    image.push(upstream, "team/restart", "1");
    EngineConfig config =
        EngineConfig.of(new ListenAddress("127.0.0.1", 0), shared.resolve("restarted"))
            .withProxy(
                new ProxySettings(
                    List.of(
                        ProxyRule.of("up", forwarder.url().toString())
                            .withTtl(Duration.ofHours(1))),
                    Optional.empty()));
    try (BerthEngine first = BerthEngine.start(config)) {
      assertThat(
              digestOf(
                  new RegistryClient(first.url())
                      .get("/v2/up/team/restart/manifests/1", "Accept", ACCEPT)))
          .isEqualTo(image.digest().toString());
    }
    try (BerthEngine second = BerthEngine.start(config)) {
      assertThat(
              digestOf(
                  new RegistryClient(second.url())
                      .get("/v2/up/team/restart/manifests/1", "Accept", ACCEPT)))
          .isEqualTo(image.digest().toString());
      assertThat(
              second
                  .proxy()
                  .originOf(RepositoryName.parse("up/team/restart"))
                  .orElseThrow()
                  .lastRevalidation())
          .isPresent();
    }
    assertThat(forwarder.count("GET", "/v2/team/restart/manifests/1")).isEqualTo(1);
    assertThat(forwarder.count("HEAD", "/v2/team/restart/manifests/1"))
        .as("within the TTL after the restart too")
        .isZero();
  }

  @Test
  void staleIfError_theCachedCopyIsServedWhileTheUpstreamIsDown() throws Exception {
    Registry2Upstream flaky = Registry2Upstream.start(shared.resolve("flaky"), null, false);
    try {
      TestImages.Image image = TestImages.ociImage("amd64", "served while down");
      image.push(flaky.client(), "team/app", "1");
      berth.proxy().save(ProxyRule.of("flaky", flaky.url().toString()).withTtl(Duration.ZERO));
      assertThat(digestOf(client.get("/v2/flaky/team/app/manifests/1", "Accept", ACCEPT)))
          .isEqualTo(image.digest().toString());
      for (TestImages.Blob blob : image.blobs()) {
        RegistryClient.requireStatus(client.get("/v2/flaky/team/app/blobs/" + blob.digest()), 200);
      }
      flaky.stop();
      // TTL 0: every pull asks the upstream; it is gone, so the cached copy is served.
      assertThat(digestOf(client.get("/v2/flaky/team/app/manifests/1", "Accept", ACCEPT)))
          .isEqualTo(image.digest().toString());
      for (TestImages.Blob blob : image.blobs()) {
        assertThat(client.get("/v2/flaky/team/app/blobs/" + blob.digest()).body())
            .isEqualTo(blob.bytes());
      }
      RuleStatistics stats = berth.proxy().statistics("flaky");
      assertThat(stats.staleServes()).isEqualTo(1);
      assertThat(stats.upstreamDown()).isTrue();
      assertThat(stats.lastError()).contains(flaky.url().toString(), "cannot be reached");
      HttpResponse<byte[]> uncached =
          client.get("/v2/flaky/team/app/manifests/2", "Accept", ACCEPT);
      assertThat(uncached.statusCode()).isEqualTo(503);
      assertThat(RegistryClient.errorCode(uncached)).isEqualTo("UNAVAILABLE");
      assertThat(new String(uncached.body())).contains("cannot be reached");
    } finally {
      flaky.close();
    }
  }

  @Test
  void twentyConcurrentPullsOfAnUncachedBlob_causeOneUpstreamFetch() throws Exception {
    byte[] bytes = new byte[6 * 1024 * 1024];
    new Random(12).nextBytes(bytes);
    Digest digest = upstream.pushBlob("team/big", bytes);
    int clients = 20;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<HttpResponse<byte[]>>> pulls = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        pulls.add(
            pool.submit(
                () -> {
                  go.await();
                  return new RegistryClient(berth.url()).get("/v2/up/team/big/blobs/" + digest);
                }));
      }
      go.countDown();
      for (Future<HttpResponse<byte[]>> pull : pulls) {
        HttpResponse<byte[]> r = pull.get();
        RegistryClient.requireStatus(r, 200);
        assertThat(Digest.sha256(r.body())).isEqualTo(digest);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(forwarder.count("GET", "/v2/team/big/blobs/" + digest)).isEqualTo(1);
    assertThat(berth.metadata().blobs().linkedSize(RepositoryName.parse("up/team/big"), digest))
        .contains((long) bytes.length);
    assertThat(Files.list(shared.resolve("berth/proxy-fetching")))
        .as("no fetch leftovers")
        .isEmpty();
  }

  @Test
  void twentyConcurrentPullsOfAnUncachedTag_causeOneUpstreamManifestFetch() throws Exception {
    TestImages.Image image = TestImages.ociImage("amd64", "wanted by twenty at once");
    image.push(upstream, "team/popular", "1");
    int clients = 20;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<HttpResponse<byte[]>>> pulls = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        pulls.add(
            pool.submit(
                () -> {
                  go.await();
                  return new RegistryClient(berth.url())
                      .get("/v2/up/team/popular/manifests/1", "Accept", ACCEPT);
                }));
      }
      go.countDown();
      for (Future<HttpResponse<byte[]>> pull : pulls) {
        assertThat(digestOf(pull.get())).isEqualTo(image.digest().toString());
      }
    } finally {
      pool.shutdown();
    }
    assertThat(forwarder.count("GET", "/v2/team/popular/manifests/1")).isEqualTo(1);
    assertThat(forwarder.count("HEAD", "/v2/team/popular/manifests/1")).isZero();
  }

  @Test
  void jibPullsThroughTheCache_toTheUpstreamsImage() throws Exception {
    TestImages.Image image = TestImages.dockerImage("amd64", "pulled by jib");
    image.push(upstream, "team/jib", "1");
    Path tarball = shared.resolve("jib.tar");
    JibContainer pulled =
        Jib.from(RegistryImage.named("127.0.0.1:" + berth.port() + "/up/team/jib:1"))
            .containerize(
                Containerizer.to(TarImage.at(tarball).named("pulled:1"))
                    .setAllowInsecureRegistries(true)
                    .setApplicationLayersCache(shared.resolve("jib-app"))
                    .setBaseImageLayersCache(shared.resolve("jib-base")));
    assertThat(pulled.getImageId()).isNotNull();
    // Jib writes a new config, but the base layers it fetched through the cache are the upstream's
    // bytes.
    java.util.Set<Digest> layersInTarball = new java.util.HashSet<>();
    try (java.io.InputStream in = Files.newInputStream(tarball)) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
        String name = new String(header, 0, 100).trim().replace("\0", "");
        long size = Long.parseLong(new String(header, 124, 11).trim(), 8);
        byte[] content = in.readNBytes((int) size);
        in.skipNBytes((512 - size % 512) % 512);
        if (name.endsWith(".tar.gz")) {
          layersInTarball.add(Digest.sha256(content));
        }
      }
    }
    for (TestImages.Blob layer : image.layers()) {
      assertThat(layersInTarball).contains(layer.digest());
      assertThat(forwarder.count("GET", "/v2/team/jib/blobs/" + layer.digest())).isEqualTo(1);
    }
  }

  @Test
  void localPushesWorkBesideTheCache_andPushesIntoAPrefixAreDenied() {
    TestImages.Image local = TestImages.ociImage("amd64", "our own");
    local.push(client, "team/local", "v1");
    assertThat(digestOf(client.get("/v2/team/local/manifests/v1", "Accept", ACCEPT)))
        .isEqualTo(local.digest().toString());
    assertThat(forwarder.countEndingWith("/team/local/manifests/v1"))
        .as("local names never reach an upstream")
        .isZero();

    HttpResponse<byte[]> upload = client.post("/v2/up/team/app/blobs/uploads/", new byte[0]);
    assertThat(upload.statusCode()).isEqualTo(403);
    assertThat(RegistryClient.errorCode(upload)).isEqualTo("DENIED");
    assertThat(new String(upload.body())).contains("pull-through cache of " + forwarder.url());
    HttpResponse<byte[]> manifest =
        client.putManifest("up/team/app", "2.0", MediaTypes.OCI_MANIFEST, local.manifest().bytes());
    assertThat(manifest.statusCode()).isEqualTo(403);
    assertThat(RegistryClient.errorCode(manifest)).isEqualTo("DENIED");
  }

  @Test
  void cachedRepositoriesAreMarkedInTheBrowser_andGarbageCollectedLikeAnyOther() throws Exception {
    TestImages.Image image = TestImages.ociImage("amd64", "collected once deleted");
    image.push(upstream, "team/gc", "1");
    assertThat(digestOf(client.get("/v2/up/team/gc/manifests/1", "Accept", ACCEPT)))
        .isEqualTo(image.digest().toString());
    TestImages.Blob layer = image.layers().get(0);
    RegistryClient.requireStatus(client.get("/v2/up/team/gc/blobs/" + layer.digest()), 200);

    RepositoryBrowser browser =
        new RepositoryBrowser(berth.metadata(), berth.blobs(), new ObjectMapper(), berth.proxy());
    CacheOrigin origin = browser.cacheOrigin(RepositoryName.parse("up/team/gc")).orElseThrow();
    assertThat(origin.prefix()).isEqualTo("up");
    assertThat(origin.upstream()).isEqualTo(forwarder.url());
    assertThat(origin.upstreamName()).isEqualTo("team/gc");
    assertThat(origin.lastRevalidation()).isPresent();
    assertThat(browser.cacheOrigin(RepositoryName.parse("team/local"))).isEmpty();

    GcOptions options = GcOptions.defaults().withGracePeriod(Duration.ZERO);
    berth.garbageCollector().run(Caller.app(), options, p -> {}, () -> false);
    assertThat(berth.blobs().size(layer.digest())).as("cached and in use: kept").isPresent();
    berth.registry().repositories().delete(Caller.app(), RepositoryName.parse("up/team/gc"));
    berth.garbageCollector().run(Caller.app(), options, p -> {}, () -> false);
    assertThat(berth.blobs().size(layer.digest())).as("its cache deleted: collected").isEmpty();
  }

  @Test
  void aFirstPushToANewName_isNotStoppedByTheDefaultMirrorsUpstream() {
    TestImages.Image fresh = TestImages.ociImage("amd64", "a new repository of ours");
    TestImages.Blob layer = fresh.layers().get(0);
    // docker push HEADs each blob first; the default mirror's upstream refusing that name must not
    // stop the push.
    forwarder.inject(
        "/v2/fresh/app/blobs/" + layer.digest(),
        new UpstreamForwarder.Fault.Status(403, Map.of(), "DENIED"));
    try {
      HttpResponse<byte[]> head = client.head("/v2/fresh/app/blobs/" + layer.digest());
      assertThat(head.statusCode()).isEqualTo(404);
      fresh.push(client, "fresh/app", "1");
      assertThat(digestOf(client.get("/v2/fresh/app/manifests/1", "Accept", ACCEPT)))
          .isEqualTo(fresh.digest().toString());
      assertThat(berth.metadata().repositories().exists(RepositoryName.parse("hub/fresh/app")))
          .isFalse();
    } finally {
      forwarder.clearFaults();
    }
  }

  @Test
  void aPushOfANameTheDefaultMirrorsUpstreamHas_uploadsItsBlobs() {
    // Retagging an upstream image into our registry: every blob HEAD must say "not here" until this
    // repository has it, or the client skips the upload and the manifest PUT finds nothing linked.
    TestImages.Image mirrored =
        TestImages.ociImage("amd64", "pushed upstream and here " + System.nanoTime());
    mirrored.push(upstream, "retag/app", "1");
    for (TestImages.Blob blob : List.of(mirrored.config(), mirrored.layers().get(0))) {
      assertThat(client.head("/v2/retag/app/blobs/" + blob.digest()).statusCode())
          .as("HEAD before the push")
          .isEqualTo(404);
    }

    mirrored.push(client, "retag/app", "1");

    assertThat(client.head("/v2/retag/app/blobs/" + mirrored.layers().get(0).digest()).statusCode())
        .isEqualTo(200);
    assertThat(berth.metadata().repositories().exists(RepositoryName.parse("retag/app"))).isTrue();
    assertThat(digestOf(client.get("/v2/retag/app/manifests/1", "Accept", ACCEPT)))
        .isEqualTo(mirrored.digest().toString());
  }

  /** An image with one layer of {@code size} random bytes. */
  static TestImages.Image imageOf(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    TestImages.Image base = TestImages.ociImage("amd64", "config of " + seed);
    return TestImages.manifest(
        MediaTypes.OCI_MANIFEST,
        "amd64",
        null,
        base.config(),
        List.of(new TestImages.Blob(TestImages.LAYER_GZIP, bytes)));
  }

  void pullWhole(String repository) {
    HttpResponse<byte[]> manifest =
        client.get("/v2/" + repository + "/manifests/1", "Accept", ACCEPT);
    RegistryClient.requireStatus(manifest, 200);
    for (String digest : RegistryClient.json(manifest).findValuesAsText("digest")) {
      RegistryClient.requireStatus(client.get("/v2/" + repository + "/blobs/" + digest), 200);
    }
  }

  @Test
  void aRuleOverItsSizeLimit_evictsTheLeastRecentlyPulledRepositories() throws Exception {
    int layer = 100_000;
    for (String name : List.of("a", "b", "c")) {
      imageOf(layer, name.hashCode()).push(upstream, "sized/" + name, "1");
    }
    berth
        .proxy()
        .save(ProxyRule.of("small", forwarder.url().toString()).withSizeLimit(layer * 5L / 2));
    pullWhole("small/sized/a");
    pullWhole("small/sized/b");
    pullWhole("small/sized/a"); // a is now more recent than b
    assertThat(berth.proxy().cachedBytes("small"))
        .isGreaterThan(2L * layer)
        .isLessThan(5L * layer / 2);
    pullWhole("small/sized/c");
    assertThat(berth.metadata().repositories().exists(RepositoryName.parse("small/sized/b")))
        .as("least recently pulled")
        .isFalse();
    assertThat(berth.metadata().repositories().exists(RepositoryName.parse("small/sized/a")))
        .isTrue();
    assertThat(berth.metadata().repositories().exists(RepositoryName.parse("small/sized/c")))
        .isTrue();
    assertThat(berth.proxy().cachedBytes("small")).isLessThanOrEqualTo(layer * 5L / 2);
    // Evicted is only cached: pulled again, it comes back from the upstream.
    pullWhole("small/sized/b");
    assertThat(berth.metadata().repositories().exists(RepositoryName.parse("small/sized/b")))
        .isTrue();
  }

  @Test
  void whatTheUpstreamDoesNotHave_isUnknownHereToo() {
    HttpResponse<byte[]> repository =
        client.get("/v2/up/team/nothing/manifests/1", "Accept", ACCEPT);
    assertThat(repository.statusCode()).isEqualTo(404);
    assertThat(RegistryClient.errorCode(repository)).isIn("NAME_UNKNOWN", "MANIFEST_UNKNOWN");
    HttpResponse<byte[]> tag = client.get("/v2/up/team/app/manifests/nope", "Accept", ACCEPT);
    assertThat(tag.statusCode()).isEqualTo(404);
    assertThat(RegistryClient.errorCode(tag)).isEqualTo("MANIFEST_UNKNOWN");
    HttpResponse<byte[]> blob =
        client.get("/v2/up/team/app/blobs/" + Digest.sha256("nothing".getBytes()));
    assertThat(blob.statusCode()).isEqualTo(404);
    assertThat(RegistryClient.errorCode(blob)).isEqualTo("BLOB_UNKNOWN");
    assertThat(Map.of("detail", new String(tag.body())))
        .extractingByKey("detail")
        .asString()
        .contains(forwarder.url().toString());
  }
}
