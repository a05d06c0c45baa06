package dev.berth.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.testing.AuthRegistryClient;
import dev.berth.testing.TestUsers;
import dev.berth.users.BcryptPasswords;
import dev.berth.users.User;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker token flow end to end over real HTTP: challenge, /token (GET and POST), use, refresh.
 */
class TokenFlowTest {
  @TempDir Path data;
  BerthEngine engine;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void start() throws Exception {
    TestUsers.in(data).add("alice", "alice-pw", false).add("reader", "reader-pw", true).create();
    engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                .withAuth(new AuthSettings(AuthSettings.Mode.TOKEN, false)));
    assertThat(
            new AuthRegistryClient(http, engine.url(), "alice", "alice-pw")
                .pushImage("team/app", "v1")
                .status())
        .isEqualTo(201);
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  @Test
  void unauthenticatedRequest_getsBearerChallenge_withRealmServiceAndScope() throws Exception {
    HttpResponse<String> r = get("/v2/team/app/manifests/v1", null);
    assertThat(r.statusCode()).isEqualTo(401);
    String challenge = r.headers().firstValue("WWW-Authenticate").orElseThrow();
    Map<String, String> p = AuthRegistryClient.params(challenge);
    assertThat(challenge).startsWith("Bearer ");
    assertThat(p)
        .containsEntry("realm", engine.url() + "/token")
        .containsEntry("service", "127.0.0.1:" + engine.port())
        .containsEntry("scope", "repository:team/app:pull");
    assertThat(r.body()).contains("\"UNAUTHORIZED\"");
    assertThat(get("/v2/", null).headers().firstValue("WWW-Authenticate").orElseThrow())
        .doesNotContain("scope=");
  }

  @Test
  void getToken_withBasicCredentials_grantsRequestedScopes_andWorks() throws Exception {
    String service = "127.0.0.1:" + engine.port();
    HttpResponse<String> r =
        get(
            "/token?service="
                + service
                + "&scope=repository:team/app:pull,push&scope=registry:catalog:*",
            basic("alice", "alice-pw"));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(r.body());
    assertThat(body.get("token").asText()).isEqualTo(body.get("access_token").asText());
    assertThat(body.get("expires_in").asInt()).isEqualTo(300);
    assertThat(body.get("issued_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    String token = body.get("token").asText();

    JsonNode header = json.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
    JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    assertThat(header.get("alg").asText()).isEqualTo("ES256");
    assertThat(claims.get("sub").asText()).isEqualTo("alice");
    assertThat(claims.get("aud").asText()).isEqualTo(service);
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(300);
    assertThat(claims.get("access").toString())
        .contains("\"name\":\"team/app\"")
        .contains("\"pull\",\"push\"")
        .contains("\"name\":\"catalog\"");

    assertThat(get("/v2/team/app/manifests/v1", "Bearer " + token).statusCode()).isEqualTo(200);
    assertThat(get("/v2/_catalog", "Bearer " + token).statusCode()).isEqualTo(200);
    // Not in the token: another repository.
    HttpResponse<String> other = get("/v2/other/app/manifests/v1", "Bearer " + token);
    assertThat(other.statusCode()).isEqualTo(401);
    assertThat(other.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"insufficient_scope\"");
  }

  @Test
  void adminApi_challengesForTheAdminScope_whichOnlyAnAdministratorsTokenCarries()
      throws Exception {
    HttpResponse<String> anonymous = post("/berth/v1/gc?dryRun=true", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(
            AuthRegistryClient.params(
                anonymous.headers().firstValue("WWW-Authenticate").orElseThrow()))
        .containsEntry("scope", "registry:admin:*");

    HttpResponse<String> issued =
        get(
            "/token?service=127.0.0.1:" + engine.port() + "&scope=registry:admin:*",
            basic("alice", "alice-pw"));
    assertThat(json.readTree(issued.body()).path("scope").asText()).isEqualTo("registry:admin:*");
    String admin = json.readTree(issued.body()).get("token").asText();
    JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(admin.split("\\.")[1]));
    assertThat(claims.get("access").toString())
        .contains("\"type\":\"registry\",\"name\":\"admin\",\"actions\":[\"*\"]");

    HttpResponse<String> gc = post("/berth/v1/gc?dryRun=true", "Bearer " + admin);
    assertThat(gc.statusCode()).as(gc.body()).isEqualTo(200);
    assertThat(gc.body()).contains("\"event\":\"report\"").contains("\"outcome\":\"dry-run\"");
    HttpResponse<String> runs = get("/berth/v1/gc/runs", "Bearer " + admin);
    assertThat(runs.statusCode()).as(runs.body()).isEqualTo(200);
    assertThat(json.readTree(runs.body()).path("runs").path(0).path("outcome").asText())
        .isEqualTo("dry-run");
    assertThat(json.readTree(runs.body()).path("runs").path(0).path("startedAt").asText())
        .matches("\\d{4}-.*Z");

    String readerToken = tokenFor("reader", "reader-pw", "registry:admin:*");
    JsonNode readerClaims =
        json.readTree(Base64.getUrlDecoder().decode(readerToken.split("\\.")[1]));
    assertThat(readerClaims.get("access").toString())
        .as("a read-only user gets no admin scope")
        .isEqualTo("[]");
    HttpResponse<String> refused = post("/berth/v1/gc?dryRun=true", "Bearer " + readerToken);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("\"DENIED\"");

    String pullToken = tokenFor("alice", "alice-pw", "repository:team/app:pull");
    assertThat(
            http.send(
                    HttpRequest.newBuilder(engine.url().resolve("/berth/v1/repositories/team/app"))
                        .header("Authorization", "Bearer " + pullToken)
                        .DELETE()
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .as("a repository token is no admin token")
        .isEqualTo(401);
  }

  @Test
  void removingDisablingOrNarrowingAUser_takesEffectOnTokensAlreadyIssued() throws Exception {
    var users = engine.metadata().users();
    User alice = users.find("alice").orElseThrow();
    users.add(
        new User(
            "carol", alice.passwordHash(), false, java.util.List.of(), false, alice.createdAt()));
    String aliceToken = tokenFor("alice", "alice-pw", "repository:team/app:pull,push");
    String carolToken = tokenFor("carol", "alice-pw", "repository:team/app:pull,push");
    assertThat(get("/v2/team/app/manifests/v1", "Bearer " + aliceToken).statusCode())
        .isEqualTo(200);
    assertThat(get("/v2/team/app/manifests/v1", "Bearer " + carolToken).statusCode())
        .isEqualTo(200);

    users.update(users.find("alice").orElseThrow().withReadOnly(true));
    HttpResponse<String> push =
        http.send(
            HttpRequest.newBuilder(engine.url().resolve("/v2/team/app/blobs/uploads/"))
                .header("Authorization", "Bearer " + aliceToken)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(push.statusCode()).isEqualTo(403);
    assertThat(push.body()).contains("\"DENIED\"").contains("may no longer");
    assertThat(get("/v2/team/app/manifests/v1", "Bearer " + aliceToken).statusCode())
        .isEqualTo(200);

    users.update(users.find("alice").orElseThrow().withDisabled(true));
    users.remove("carol");
    for (String token : new String[] {aliceToken, carolToken}) {
      HttpResponse<String> refused = get("/v2/team/app/manifests/v1", "Bearer " + token);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("error=\"invalid_token\"");
    }
  }

  @Test
  void changingAPassword_endsTheAccessTokensIssuedBefore() throws Exception {
    var users = engine.metadata().users();
    String before = tokenFor("alice", "alice-pw", "repository:team/app:pull");
    assertThat(get("/v2/team/app/manifests/v1", "Bearer " + before).statusCode()).isEqualTo(200);

    users.update(
        users
            .find("alice")
            .orElseThrow()
            .withPasswordHash(
                new BcryptPasswords(new java.security.SecureRandom(), 10)
                    .hash("new-pw".toCharArray())));

    HttpResponse<String> refused = get("/v2/team/app/manifests/v1", "Bearer " + before);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("the password changed");
    String after = tokenFor("alice", "new-pw", "repository:team/app:pull");
    assertThat(get("/v2/team/app/manifests/v1", "Bearer " + after).statusCode()).isEqualTo(200);
  }

  @Test
  void anonymousToken_stopsWorkingWhenAnonymousPullIsTurnedOff() throws Exception {
    engine.close();
    engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", engine.port()), data)
                .withAuth(new AuthSettings(AuthSettings.Mode.TOKEN, true)));
    HttpResponse<String> issued =
        get("/token?service=127.0.0.1:" + engine.port() + "&scope=repository:team/app:pull", null);
    String anonymous = json.readTree(issued.body()).get("token").asText();
    assertThat(get("/v2/team/app/manifests/v1", "Bearer " + anonymous).statusCode()).isEqualTo(200);

    engine.close(); // same port and data folder, so the same service name and signing key
    engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", engine.port()), data)
                .withAuth(new AuthSettings(AuthSettings.Mode.TOKEN, false)));

    HttpResponse<String> refused = get("/v2/team/app/manifests/v1", "Bearer " + anonymous);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("anonymous access is off");
  }

  @Test
  void tokenGrantsOnlyThePermittedSubset() throws Exception {
    HttpResponse<String> r =
        get(
            "/token?service=127.0.0.1:"
                + engine.port()
                + "&scope=repository:team/app:pull,push,delete",
            basic("reader", "reader-pw"));
    String token = json.readTree(r.body()).get("token").asText();
    JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    assertThat(claims.get("access").get(0).get("actions").toString()).isEqualTo("[\"pull\"]");
    assertThat(get("/v2/team/app/manifests/v1", "Bearer " + token).statusCode()).isEqualTo(200);
    HttpRequest delete =
        HttpRequest.newBuilder(engine.url().resolve("/v2/team/app/manifests/v1"))
            .header("Authorization", "Bearer " + token)
            .DELETE()
            .build();
    assertThat(http.send(delete, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
  }

  @Test
  void wrongPassword_anonymousWhenOff_andBadTokens_areRefused() throws Exception {
    String q = "/token?service=127.0.0.1:" + engine.port() + "&scope=repository:team/app:pull";
    assertThat(get(q, basic("alice", "wrong")).statusCode()).isEqualTo(401);
    assertThat(get(q, null).statusCode()).isEqualTo(401);
    String token = json.readTree(get(q, basic("alice", "alice-pw")).body()).get("token").asText();

    // Tampered payload: same header and signature, claims widened.
    String[] parts = token.split("\\.");
    String widened =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("team/app", "team/xyz");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(widened.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    HttpResponse<String> r = get("/v2/team/xyz/tags/list", "Bearer " + forged);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
    // alg=none is never accepted.
    String none =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(
            get("/v2/team/app/manifests/v1", "Bearer " + none + "." + parts[1] + ".").statusCode())
        .isEqualTo(401);
    // A token for another service (audience) is not valid here.
    String elsewhere =
        json.readTree(
                get(
                        "/token?service=other.example:5000&scope=repository:team/app:pull",
                        basic("alice", "alice-pw"))
                    .body())
            .get("token")
            .asText();
    assertThat(get("/v2/team/app/manifests/v1", "Bearer " + elsewhere).statusCode()).isEqualTo(401);
  }

  @Test
  void oauthPasswordGrant_returnsRefreshToken_whichRefreshes_untilPasswordChanges()
      throws Exception {
    String service = "127.0.0.1:" + engine.port();
    HttpResponse<String> r =
        post(
            "grant_type=password&username=alice&password=alice-pw&client_id=docker&access_type=offline"
                + "&service="
                + service
                + "&scope=repository%3Ateam%2Fapp%3Apull");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(r.body());
    String refresh = body.get("refresh_token").asText();
    assertThat(body.get("access_token").asText()).isNotBlank();

    HttpResponse<String> refreshed =
        post(
            "grant_type=refresh_token&client_id=docker&refresh_token="
                + refresh
                + "&service="
                + service
                + "&scope=repository%3Ateam%2Fapp%3Apull+repository%3Ateam%2Fapp%3Apush");
    assertThat(refreshed.statusCode()).isEqualTo(200);
    String access = json.readTree(refreshed.body()).get("access_token").asText();
    assertThat(get("/v2/team/app/manifests/v1", "Bearer " + access).statusCode()).isEqualTo(200);
    // A refresh token is not an access token.
    assertThat(get("/v2/team/app/manifests/v1", "Bearer " + refresh).statusCode()).isEqualTo(401);

    engine
        .metadata()
        .users()
        .update(
            engine
                .metadata()
                .users()
                .find("alice")
                .orElseThrow()
                .withPasswordHash(
                    new dev.berth.users.BcryptPasswords().hash("new-pw".toCharArray())));
    assertThat(
            post("grant_type=refresh_token&client_id=docker&refresh_token="
                    + refresh
                    + "&service="
                    + service)
                .statusCode())
        .isEqualTo(401);
    assertThat(
            post("grant_type=password&username=alice&password=alice-pw&service=" + service)
                .statusCode())
        .isEqualTo(401);
    assertThat(post("grant_type=client_credentials&service=" + service).statusCode())
        .isEqualTo(400);
  }

  @Test
  void signingKey_isKeptOwnerOnly_andSurvivesRestart() throws Exception {
    Path key = data.resolve("keys/token-signing.pem");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())))
        .isEqualTo("rwx------");
    String token =
        json.readTree(
                get(
                        "/token?service=127.0.0.1:"
                            + engine.port()
                            + "&scope=repository:team/app:pull",
                        basic("alice", "alice-pw"))
                    .body())
            .get("token")
            .asText();
    int port = engine.port();
    engine.close();
    engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", port), data)
                .withAuth(new AuthSettings(AuthSettings.Mode.TOKEN, false)));
    assertThat(get("/v2/team/app/manifests/v1", "Bearer " + token).statusCode()).isEqualTo(200);
  }

  @Test
  void basicMode_disablesTokenEndpoint_withAnExplanation() throws Exception {
    engine.close();
    engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                .withAuth(new AuthSettings(AuthSettings.Mode.BASIC, false)));
    HttpResponse<String> r = get("/token?service=x", basic("alice", "alice-pw"));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("token authentication is off");
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(engine.url() + path)).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String authorization) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(engine.url() + path))
            .POST(HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String form) throws Exception {
    return http.send(
        HttpRequest.newBuilder(engine.url().resolve("/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String tokenFor(String user, String password, String scope) throws Exception {
    HttpResponse<String> r =
        get("/token?service=127.0.0.1:" + engine.port() + "&scope=" + scope, basic(user, password));
    assertThat(r.statusCode()).isEqualTo(200);
    return json.readTree(r.body()).get("token").asText();
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
