package dev.berth.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.testing.TestUsers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginThrottleTest {

  @Test
  void blocksAfterLimit_perAddressAndPerUser_untilTheWindowPasses() {
    MutableClock clock = new MutableClock();
    LoginThrottle t = new LoginThrottle(3, Duration.ofMinutes(5), clock);
    for (int i = 0; i < 3; i++) {
      assertThat(t.blockedFor("10.0.0.1", "alice")).isEmpty();
      t.recordFailure("10.0.0.1", "alice");
    }
    assertThat(t.blockedFor("10.0.0.1", "alice")).contains(Duration.ofMinutes(5));
    assertThat(t.blockedFor("10.0.0.1", "bob")).as("same address, other user").isPresent();
    assertThat(t.blockedFor("10.0.0.2", "alice")).as("same user, other address").isPresent();
    assertThat(t.blockedFor("10.0.0.2", "bob")).isEmpty();
    clock.now = clock.now.plus(Duration.ofMinutes(5));
    assertThat(t.blockedFor("10.0.0.1", "alice")).isEmpty();
  }

  @Test
  void overHttp_wrongPasswordsEndIn429_andCredentialsNeverReachTheLog(@TempDir Path data) throws Exception {
    TestUsers.in(data).add("alice", "alice-secret-pw", false).create();
    ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    try (BerthEngine engine = BerthEngine.start(EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
        .withAuth(new AuthSettings(AuthSettings.Mode.BASIC, false)))) {
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < LoginThrottle.DEFAULT_LIMIT; i++) {
        assertThat(send(http, engine, "alice", "guess-number-" + i).statusCode()).isEqualTo(401);
      }
      HttpResponse<String> blocked = send(http, engine, "alice", "alice-secret-pw");
      assertThat(blocked.statusCode()).as("even the right password while blocked").isEqualTo(429);
      assertThat(blocked.body()).contains("TOOMANYREQUESTS");
      assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    } finally {
      root.detachAppender(logged);
    }
    String text = String.join("\n", logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    assertThat(text).contains("Failed login for user 'alice' from 127.0.0.1")
        .doesNotContain("guess-number").doesNotContain("alice-secret-pw").doesNotContain("$2y$");
  }

  private static HttpResponse<String> send(HttpClient http, BerthEngine engine, String user, String password) throws Exception {
    String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return http.send(HttpRequest.newBuilder(engine.url().resolve("/v2/")).header("Authorization", "Basic " + auth).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");

    @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }
}
