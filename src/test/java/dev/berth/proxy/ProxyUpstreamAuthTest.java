package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.testing.AuthRegistryClient;
import dev.berth.testing.Command;
import dev.berth.testing.OwnerOnly;
import dev.berth.testing.Registry2Upstream;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.ServerProcess;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestUsers;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstreams that want a login: registry:2 with htpasswd (Basic), and a second Berth with token
 * authentication (the Bearer challenge flow with a pull scope, as Docker Hub and GHCR use it). The
 * login is stored with the real {@code berth proxy login} command.
 */
class ProxyUpstreamAuthTest {
  static final String ACCEPT = CachingManifestService.ACCEPT;

  @TempDir static Path shared;
  static Registry2Upstream basicUpstream;
  static BerthEngine tokenUpstream;
  static BerthEngine berth;
  static RegistryClient client;
  static TestImages.Image basicImage;
  static TestImages.Image tokenImage;

  @BeforeAll
  static void start() throws Exception {
    Command.require("htpasswd", "apache2-utils");
    Path htpasswd = shared.resolve("htpasswd");
    Command.of("htpasswd", "-Bbc", htpasswd.toString(), "alice", "alice-pw").run();
    basicUpstream = Registry2Upstream.start(shared.resolve("registry2"), htpasswd, false);
    basicImage = TestImages.ociImage("amd64", "behind basic auth");
    basicImage.push(basicUpstream.client().withBasicAuth("alice", "alice-pw"), "team/app", "1");

    Path tokenData = shared.resolve("token-upstream");
    Files.createDirectories(tokenData);
    TestUsers.in(tokenData).add("bob", "bob-pw", true).add("admin", "admin-pw", false).create();
    tokenUpstream =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), tokenData)
                .withAuth(new AuthSettings(AuthSettings.Mode.TOKEN, false)));
    AuthRegistryClient admin =
        new AuthRegistryClient(
            HttpClient.newHttpClient(), tokenUpstream.url(), "admin", "admin-pw");
    tokenImage = TestImages.ociImage("amd64", "behind token auth");
    tokenImage.push(admin.registry(), "team/tool", "2");

    berth =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), shared.resolve("berth"))
                .withProxy(
                    new ProxySettings(
                        List.of(
                            ProxyRule.of("basic", basicUpstream.url().toString()),
                            ProxyRule.of("token", tokenUpstream.url().toString())),
                        Optional.empty())));
    client = new RegistryClient(berth.url());
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {berth, tokenUpstream, basicUpstream}) {
      if (c != null) {
        c.close();
      }
    }
  }

  /**
   * {@code berth proxy login PREFIX --data DIR --user NAME --password-stdin}, as a user runs it.
   */
  static String login(String prefix, String user, String password) throws Exception {
    Process p =
        new ProcessBuilder(
                ServerProcess.berth(
                    "proxy",
                    "login",
                    prefix,
                    "--data",
                    shared.resolve("berth").toString(),
                    "--user",
                    user,
                    "--password-stdin"))
            .redirectErrorStream(true)
            .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  static String digestOf(HttpResponse<byte[]> response) {
    RegistryClient.requireStatus(response, 200);
    return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  @Test
  void basicAuthUpstream_isDeniedWithoutALogin_andPulledWithTheStoredOne() throws Exception {
    HttpResponse<byte[]> anonymous = client.get("/v2/basic/team/app/manifests/1", "Accept", ACCEPT);
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertThat(new String(anonymous.body()))
        .contains("asks for a password", "berth proxy login basic");

    String said = login("basic", "alice", "alice-pw");
    assertThat(said).contains("alice").doesNotContain("alice-pw");
    Path credentials = shared.resolve("berth/proxy-credentials.json");
    assertThat(Files.readString(credentials)).contains("alice-pw");
    OwnerOnly.assertTree(shared.resolve("berth"));

    assertThat(digestOf(client.get("/v2/basic/team/app/manifests/1", "Accept", ACCEPT)))
        .isEqualTo(basicImage.digest().toString());
    for (TestImages.Blob blob : basicImage.blobs()) {
      assertThat(client.get("/v2/basic/team/app/blobs/" + blob.digest()).body())
          .isEqualTo(blob.bytes());
    }
    assertThat(berth.proxy().testConnection(berth.proxy().rules().rule("basic").orElseThrow()))
        .contains("password (Basic) login", "the stored login works");
  }

  @Test
  void tokenAuthUpstream_isPulledThroughTheBearerFlow_withTheStoredLogin() throws Exception {
    HttpResponse<byte[]> anonymous =
        client.get("/v2/token/team/tool/manifests/2", "Accept", ACCEPT);
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertThat(new String(anonymous.body())).contains("token server", "anonymous");

    login("token", "bob", "bob-pw");
    assertThat(digestOf(client.get("/v2/token/team/tool/manifests/2", "Accept", ACCEPT)))
        .isEqualTo(tokenImage.digest().toString());
    for (TestImages.Blob blob : tokenImage.blobs()) {
      assertThat(client.get("/v2/token/team/tool/blobs/" + blob.digest()).body())
          .isEqualTo(blob.bytes());
    }
    assertThat(berth.proxy().testConnection(berth.proxy().rules().rule("token").orElseThrow()))
        .contains("token login at " + tokenUpstream.url() + "/token", "the stored login works");
    // Both logins live apart from the rules, in the owner-only credentials file.
    assertThat(Files.readString(shared.resolve("berth/proxy-credentials.json")))
        .contains("\"bob\"")
        .doesNotContain("bob-pw\n");
    OwnerOnly.assertTree(shared.resolve("berth"));
  }
}
