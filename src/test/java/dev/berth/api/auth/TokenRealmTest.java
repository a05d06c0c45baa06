package dev.berth.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.Cidr;
import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.engine.PublicAddressSettings;
import dev.berth.testing.AuthRegistryClient;
import dev.berth.testing.RawHttp;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestUsers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the Bearer challenge sends clients for a token. A client follows the realm with its
 * password, so the realm must never come from a Host header anyone can write: it comes from the
 * configured public URL, from {@code X-Forwarded-*} of a configured proxy, from a Host that names
 * this server on the port the request arrived on, or else from the address the request arrived on.
 */
class TokenRealmTest {
  @TempDir static Path data;
  @TempDir static Path publicData;
  @TempDir static Path proxiedData;

  /** Nothing configured. */
  static BerthEngine engine;

  /** {@code --public-url https://registry.example.com}. */
  static BerthEngine publicUrl;

  /** {@code --trusted-proxy 127.0.0.2}: only that loopback address is a proxy. */
  static BerthEngine proxied;

  @BeforeAll
  static void start() throws Exception {
    engine = start(data, PublicAddressSettings.NONE);
    publicUrl =
        start(
            publicData,
            new PublicAddressSettings(
                Optional.of(PublicAddressSettings.parseUrl("https://registry.example.com")),
                List.of()));
    proxied =
        start(
            proxiedData,
            new PublicAddressSettings(Optional.empty(), List.of(Cidr.parse("127.0.0.2"))));
  }

  private static BerthEngine start(Path folder, PublicAddressSettings publicAddress)
      throws Exception {
    TestUsers.in(folder).add("alice", "alice-pw", false).create();
    return BerthEngine.start(
        EngineConfig.of(new ListenAddress("127.0.0.1", 0), folder)
            .withAuth(new AuthSettings(AuthSettings.Mode.TOKEN, false))
            .withPublicAddress(publicAddress));
  }

  @AfterAll
  static void stop() {
    engine.close();
    publicUrl.close();
    proxied.close();
  }

  @Test
  void aForeignHost_neverBecomesTheRealm() {
    Map<String, String> challenge =
        challenge(engine, "127.0.0.1", "Host: attacker.example:443\r\n");

    assertThat(challenge)
        .containsEntry("realm", "http://127.0.0.1:" + engine.port() + "/token")
        .containsEntry("service", "127.0.0.1:" + engine.port());
  }

  @Test
  void forwardedHeaders_fromAClientThatIsNoConfiguredProxy_areIgnored() {
    Map<String, String> challenge =
        challenge(
            engine,
            "127.0.0.1",
            "Host: 127.0.0.1:"
                + engine.port()
                + "\r\nX-Forwarded-Host: attacker.example\r\nX-Forwarded-Proto: https\r\n");

    assertThat(challenge).containsEntry("realm", "http://127.0.0.1:" + engine.port() + "/token");
  }

  @Test
  void aHostNamingThisMachine_onThePortTheRequestArrivedOn_isKept_elseTheArrivalAddressIsUsed() {
    assertThat(challenge(engine, "127.0.0.1", "Host: localhost:" + engine.port() + "\r\n"))
        .containsEntry("realm", "http://localhost:" + engine.port() + "/token")
        .containsEntry("service", "localhost:" + engine.port());
    assertThat(challenge(engine, "127.0.0.1", "Host: localhost:1\r\n"))
        .as("our name, another port")
        .containsEntry("realm", "http://127.0.0.1:" + engine.port() + "/token");
  }

  @Test
  void theConfiguredPublicUrl_isTheRealmAndService_whateverTheHost_andItsTokensWork()
      throws Exception {
    Map<String, String> challenge = challenge(publicUrl, "127.0.0.1", "Host: attacker.example\r\n");

    assertThat(challenge)
        .containsEntry("realm", "https://registry.example.com/token")
        .containsEntry("service", "registry.example.com");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> issued =
        http.send(
            HttpRequest.newBuilder(
                    publicUrl
                        .url()
                        .resolve(
                            "/token?service=registry.example.com&scope=repository:team/app:pull"))
                .header("Authorization", RegistryClient.basic("alice", "alice-pw"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String token = new ObjectMapper().readTree(issued.body()).get("token").asText();
    HttpResponse<String> tags =
        http.send(
            HttpRequest.newBuilder(publicUrl.url().resolve("/v2/team/app/tags/list"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(tags.statusCode())
        .as("the token for the configured service is accepted: " + tags.body())
        .isIn(200, 404);
  }

  @Test
  void forwardedHeaders_fromAConfiguredProxy_areBelieved_fromAnyoneElseNot() {
    String forwarded =
        "Host: 10.1.2.3:5000\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: registry.example.com\r\n"
            + "X-Forwarded-Port: 8443\r\n";

    assertThat(challenge(proxied, "127.0.0.2", forwarded))
        .containsEntry("realm", "https://registry.example.com:8443/token")
        .containsEntry("service", "registry.example.com:8443");
    assertThat(challenge(proxied, "127.0.0.3", forwarded))
        .containsEntry("realm", "http://127.0.0.1:" + proxied.port() + "/token");
    assertThat(
            challenge(
                proxied, "127.0.0.2", "Host: registry.example.com\r\nX-Forwarded-Proto: https\r\n"))
        .as("the Host a proxy passes on, with the scheme it names")
        .containsEntry("realm", "https://registry.example.com/token");
    assertThat(
            challenge(
                proxied,
                "127.0.0.2",
                "Host: registry.example.com\r\nX-Forwarded-Host: bad\"host\r\n"))
        .as("a malformed forwarded host is ignored")
        .containsEntry("realm", "http://127.0.0.1:" + proxied.port() + "/token");
  }

  @Test
  void uploadLocation_followsTheSameRules() {
    try (RawHttp connection = RawHttp.connect(publicUrl.url())) {
      String token =
          connection
              .send(
                  "GET /token?service=registry.example.com&scope=repository:team/app:pull,push HTTP/1.1\r\n"
                      + "Host: attacker.example\r\nAuthorization: "
                      + RegistryClient.basic("alice", "alice-pw")
                      + "\r\n\r\n")
              .read()
              .body();
      String bearer = token.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
      RawHttp.Response started =
          connection
              .send(
                  "POST /v2/team/app/blobs/uploads/ HTTP/1.1\r\nHost: attacker.example\r\n"
                      + "Authorization: Bearer "
                      + bearer
                      + "\r\nContent-Length: 0\r\n\r\n")
              .read();

      assertThat(started.status()).isEqualTo(202);
      assertThat(started.header("Location"))
          .startsWith("https://registry.example.com/v2/team/app/blobs/uploads/");
    }
  }

  /**
   * The parameters of the Bearer challenge to an unauthenticated pull sent with {@code headers}.
   */
  static Map<String, String> challenge(BerthEngine engine, String source, String headers) {
    try (RawHttp connection = RawHttp.connect(engine.url(), source)) {
      RawHttp.Response response =
          connection.send("GET /v2/team/app/manifests/v1 HTTP/1.1\r\n" + headers + "\r\n").read();
      assertThat(response.status()).isEqualTo(401);
      return AuthRegistryClient.params(response.header("WWW-Authenticate"));
    }
  }
}
