package dev.berth.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.testing.RawHttp;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestUsers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failed-login throttling as clients meet it, over real HTTP, in Basic and token mode. A guesser on
 * one loopback address ({@code 127.0.0.2} and up: Linux routes all of 127/8 to loopback) must never
 * cost the real user on another address ({@code 127.0.0.1}) a single refusal; the guesser itself is
 * slowed down with short, bounded waits. Each test guesses from its own address.
 */
class LoginThrottleApiTest {
  private static final int GUESSES = 30;

  @TempDir static Path basicData;
  @TempDir static Path tokenData;
  static BerthEngine basic;
  static BerthEngine token;

  @BeforeAll
  static void start() throws Exception {
    for (Path data : List.of(basicData, tokenData)) {
      TestUsers.in(data).add("admin", "admin-pw", false).add("alice", "alice-pw", false).create();
    }
    basic =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), basicData)
                .withAuth(new AuthSettings(AuthSettings.Mode.BASIC, false)));
    token =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), tokenData)
                .withAuth(new AuthSettings(AuthSettings.Mode.TOKEN, false)));
  }

  @AfterAll
  static void stop() {
    basic.close();
    token.close();
  }

  @Test
  void basic_thirtyWrongPasswordsForAdmin_fromOneAddress_neverRefuseTheRealAdminOnAnother() {
    assertThat(statusFrom("127.0.0.1", basic, "/v2/", "admin", "admin-pw"))
        .as("remembered login")
        .isEqualTo(200);

    List<RawHttp.Response> guesses = guess("127.0.0.2", basic, "/v2/", "admin");

    assertThat(statusFrom("127.0.0.1", basic, "/v2/", "admin", "admin-pw")).isEqualTo(200);
    assertThat(
            new RegistryClient(basic.url())
                .withBasicAuth("admin", "admin-pw")
                .get("/v2/_catalog")
                .statusCode())
        .as("a new connection from the default address")
        .isEqualTo(200);
    assertSlowedDownNotAnswered(guesses);
  }

  @Test
  void token_thirtyWrongPasswordsForAdmin_fromOneAddress_neverRefuseTheRealAdminOnAnother() {
    String path = "/token?service=127.0.0.1:" + token.port() + "&scope=repository:team/app:pull";

    List<RawHttp.Response> guesses = guess("127.0.0.3", token, path, "admin");

    assertThat(statusFrom("127.0.0.1", token, path, "admin", "admin-pw")).isEqualTo(200);
    assertSlowedDownNotAnswered(guesses);
  }

  @Test
  void theGuessingAddress_isSlowedDown_andEvenTheRightPasswordWaits_soTheWaitRevealsNothing() {
    try (RawHttp guesser = RawHttp.connect(basic.url(), "127.0.0.4")) {
      for (int i = 0; i < LoginThrottle.DEFAULT.freePerUser(); i++) {
        assertThat(send(guesser, "/v2/", "alice", "guess-" + i).status()).isEqualTo(401);
      }
      RawHttp.Response right = send(guesser, "/v2/", "alice", "alice-pw");

      assertThat(right.status()).isEqualTo(429);
      assertThat(right.body()).contains("\"TOOMANYREQUESTS\"");
      assertThat(Long.parseLong(right.header("Retry-After")))
          .isBetween(1L, LoginThrottle.DEFAULT.firstDelay().toSeconds());
    }
    assertThat(statusFrom("127.0.0.5", basic, "/v2/", "alice", "alice-pw"))
        .as("alice elsewhere")
        .isEqualTo(200);
  }

  /**
   * Sends {@link #GUESSES} wrong passwords for {@code user} from {@code source} on one connection.
   */
  private static List<RawHttp.Response> guess(
      String source, BerthEngine engine, String path, String user) {
    List<RawHttp.Response> responses = new ArrayList<>();
    try (RawHttp guesser = RawHttp.connect(engine.url(), source)) {
      for (int i = 0; i < GUESSES; i++) {
        responses.add(send(guesser, path, user, "guess-" + i));
      }
    }
    return responses;
  }

  /** Wrong passwords get 401 or, once the address is slowed down, 429 with a short wait. */
  private static void assertSlowedDownNotAnswered(List<RawHttp.Response> guesses) {
    assertThat(guesses).extracting(RawHttp.Response::status).containsOnly(401, 429).contains(429);
    assertThat(guesses)
        .filteredOn(r -> r.status() == 429)
        .allSatisfy(
            r ->
                assertThat(Long.parseLong(r.header("Retry-After")))
                    .isBetween(1L, LoginThrottle.DEFAULT.maxDelay().toSeconds()));
  }

  private static int statusFrom(
      String source, BerthEngine engine, String path, String user, String password) {
    try (RawHttp connection = RawHttp.connect(engine.url(), source)) {
      return send(connection, path, user, password).status();
    }
  }

  private static RawHttp.Response send(
      RawHttp connection, String path, String user, String password) {
    return connection
        .send(
            "GET "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                + RegistryClient.basic(user, password)
                + "\r\n\r\n")
        .read();
  }
}
