package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.testing.Registry2Upstream;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import dev.berth.testing.UpstreamForwarder;
import dev.berth.testing.UpstreamForwarder.Fault;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream that misbehaves (the forwarder between Berth and a real registry:2 injects it): each
 * case is a clear error for the client, and nothing of it is cached; once the upstream behaves, the
 * same pull works.
 */
class ProxyUpstreamFaultsTest {
  static final String ACCEPT = CachingManifestService.ACCEPT;
  static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

  @TempDir static Path shared;
  static Registry2Upstream registry2;
  static UpstreamForwarder forwarder;
  static BerthEngine berth;
  static RegistryClient client;
  static RegistryClient upstream;

  @BeforeAll
  static void start() throws Exception {
    registry2 = Registry2Upstream.start(shared.resolve("registry2"), null, false);
    forwarder = new UpstreamForwarder(registry2.url());
    upstream = registry2.client();
    berth =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), shared.resolve("berth"))
                .withProxy(
                    new ProxySettings(
                        List.of(ProxyRule.of("up", forwarder.url().toString())),
                        Optional.empty(),
                        new UpstreamClient.Timeouts(Duration.ofSeconds(2), READ_TIMEOUT),
                        Map.of())));
    client = new RegistryClient(berth.url());
  }

  @AfterEach
  void behaveAgain() {
    forwarder.clearFaults();
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

  static Digest uploadBlob(String repository, int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return upstream.pushBlob(repository, bytes);
  }

  /**
   * The client's GET failed: an error status, or a connection cut before the whole body arrived.
   */
  static void assertFailedPull(String path) {
    Throwable thrown =
        catchThrowable(
            () -> {
              HttpResponse<byte[]> r = client.get(path);
              assertThat(r.statusCode())
                  .as(
                      "status of "
                          + path
                          + " with "
                          + r.body().length
                          + " bytes "
                          + r.headers().map())
                  .isNotEqualTo(200);
              // An error answered in the blob's place must not carry the blob's year-long cache
              // headers.
              assertThat(r.headers().firstValue("Cache-Control"))
                  .as("Cache-Control of the error")
                  .isEmpty();
              assertThat(r.headers().firstValue("Docker-Content-Digest"))
                  .as("digest header of the error")
                  .isEmpty();
            });
    if (thrown != null) {
      assertThat(thrown)
          .as("the client saw the body cut off")
          .hasStackTraceContaining("IOException");
    }
  }

  void assertNotCached(String repository, Digest digest) throws Exception {
    assertThat(berth.metadata().blobs().linkedSize(RepositoryName.parse(repository), digest))
        .isEmpty();
    assertThat(berth.blobs().size(digest)).isEmpty();
    try (var leftovers = Files.list(shared.resolve("berth/proxy-fetching"))) {
      assertThat(leftovers).isEmpty();
    }
  }

  @Test
  void aBlobWhoseBytesDoNotMatchItsDigest_failsTheClient_andIsNotCached() throws Exception {
    Digest digest = uploadBlob("team/wrong", 300_000, 1);
    forwarder.inject("/blobs/" + digest, new Fault.WrongBytes());
    assertFailedPull("/v2/up/team/wrong/blobs/" + digest);
    assertNotCached("up/team/wrong", digest);
    forwarder.clearFaults();
    HttpResponse<byte[]> good = client.get("/v2/up/team/wrong/blobs/" + digest);
    RegistryClient.requireStatus(good, 200);
    assertThat(Digest.sha256(good.body())).isEqualTo(digest);
    assertThat(forwarder.count("GET", "/v2/team/wrong/blobs/" + digest))
        .as("fetched again, not served from a bad copy")
        .isEqualTo(2);
  }

  @Test
  void aTruncatedBlob_failsTheClient_andIsNotCached() throws Exception {
    Digest digest = uploadBlob("team/short", 500_000, 2);
    forwarder.inject("/blobs/" + digest, new Fault.Truncate());
    assertFailedPull("/v2/up/team/short/blobs/" + digest);
    assertNotCached("up/team/short", digest);
  }

  @Test
  void aBlobWhoseBodyNeverComes_isAnError_withoutTheBlobsYearLongCacheHeaders() throws Exception {
    Digest digest = uploadBlob("team/nobody", 100_000, 4);
    forwarder.inject("/blobs/" + digest, new Fault.NoBody());

    HttpResponse<byte[]> r = client.get("/v2/up/team/nobody/blobs/" + digest);

    assertThat(r.statusCode()).as("status with " + r.headers().map()).isGreaterThanOrEqualTo(500);
    // A proxy or CDN in front of Berth must not keep this error as the blob for a year.
    assertThat(r.headers().firstValue("Cache-Control")).isEmpty();
    assertThat(r.headers().firstValue("ETag")).isEmpty();
    assertThat(r.headers().firstValue("Docker-Content-Digest")).isEmpty();
    assertNotCached("up/team/nobody", digest);
  }

  @Test
  void aStalledBlob_failsTheClientWithinTheReadTimeout_andIsNotCached() throws Exception {
    Digest digest = uploadBlob("team/stall", 200_000, 3);
    forwarder.inject("/blobs/" + digest, new Fault.Stall());
    Instant start = Instant.now();
    assertFailedPull("/v2/up/team/stall/blobs/" + digest);
    assertThat(Duration.between(start, Instant.now())).isLessThan(READ_TIMEOUT.multipliedBy(10));
    assertNotCached("up/team/stall", digest);
  }

  @Test
  void aManifestWithTheWrongDigest_is502_andIsNotCached() {
    TestImages.Image image = TestImages.ociImage("amd64", "tampered");
    image.push(upstream, "team/tampered", "1");
    forwarder.inject("/manifests/1", new Fault.WrongBytes());
    HttpResponse<byte[]> r = client.get("/v2/up/team/tampered/manifests/1", "Accept", ACCEPT);
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(RegistryClient.errorCode(r)).isEqualTo("UNAVAILABLE");
    assertThat(new String(r.body())).contains("hashes to", "nothing was cached");
    assertThat(berth.metadata().repositories().exists(RepositoryName.parse("up/team/tampered")))
        .isFalse();
    // By digest, too: bytes that do not hash to the digest asked for are refused.
    HttpResponse<byte[]> byDigest =
        client.get("/v2/up/team/tampered/manifests/" + image.digest(), "Accept", ACCEPT);
    assertThat(byDigest.statusCode()).isEqualTo(200); // the fault is only on the tag's path
  }

  @Test
  void upstream429_isTooManyRequests_withItsRetryAfter() {
    forwarder.inject(
        "/team/limited/manifests/1",
        new Fault.Status(429, Map.of("Retry-After", "17"), "TOOMANYREQUESTS"));
    HttpResponse<byte[]> r = client.get("/v2/up/team/limited/manifests/1", "Accept", ACCEPT);
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(RegistryClient.errorCode(r)).isEqualTo("TOOMANYREQUESTS");
    assertThat(r.headers().firstValue("Retry-After")).contains("17");
  }

  @Test
  void upstream401WithoutAStoredLogin_isDenied_sayingHowToLogIn() {
    forwarder.inject(
        "/team/private/manifests/1",
        new Fault.Status(401, Map.of("WWW-Authenticate", "Basic realm=\"up\""), "UNAUTHORIZED"));
    HttpResponse<byte[]> r = client.get("/v2/up/team/private/manifests/1", "Accept", ACCEPT);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(RegistryClient.errorCode(r)).isEqualTo("DENIED");
    assertThat(new String(r.body())).contains("berth proxy login up");
  }

  @Test
  void upstream403_isDenied_and500_isUnavailable() {
    forwarder.inject("/team/forbidden/manifests/1", new Fault.Status(403, Map.of(), "DENIED"));
    forwarder.inject("/team/broken/manifests/1", new Fault.Status(500, Map.of(), "INTERNAL"));
    HttpResponse<byte[]> denied = client.get("/v2/up/team/forbidden/manifests/1", "Accept", ACCEPT);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(RegistryClient.errorCode(denied)).isEqualTo("DENIED");
    HttpResponse<byte[]> broken = client.get("/v2/up/team/broken/manifests/1", "Accept", ACCEPT);
    assertThat(broken.statusCode()).isEqualTo(503);
    assertThat(RegistryClient.errorCode(broken)).isEqualTo("UNAVAILABLE");
    assertThat(new String(broken.body())).contains("answered 500");
  }

  @Test
  void upstream404_isManifestUnknown() {
    forwarder.inject("/team/gone/manifests/1", new Fault.Status(404, Map.of(), "MANIFEST_UNKNOWN"));
    HttpResponse<byte[]> r = client.get("/v2/up/team/gone/manifests/1", "Accept", ACCEPT);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(RegistryClient.errorCode(r)).isEqualTo("MANIFEST_UNKNOWN");
  }

  @Test
  void anUpstreamWithAnUntrustedCertificate_isUnavailable_sayingTls() throws Exception {
    try (Registry2Upstream tls = Registry2Upstream.start(shared.resolve("tls"), null, true)) {
      berth.proxy().save(ProxyRule.of("tls", tls.url().toString()));
      HttpResponse<byte[]> r = client.get("/v2/tls/team/app/manifests/1", "Accept", ACCEPT);
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(RegistryClient.errorCode(r)).isEqualTo("UNAVAILABLE");
      assertThat(new String(r.body())).contains("TLS failed", "certificate");
      assertThat(berth.proxy().testConnection(berth.proxy().rules().rule("tls").orElseThrow()))
          .contains("TLS failed");
      assertThat(berth.metadata().repositories().exists(RepositoryName.parse("tls/team/app")))
          .isFalse();
    }
  }
}
