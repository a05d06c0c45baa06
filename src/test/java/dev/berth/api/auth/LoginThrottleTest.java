package dev.berth.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.testing.TestUsers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginThrottleTest {

  private static final LoginThrottle.Limits LIMITS =
      new LoginThrottle.Limits(
          3, 6, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(15));

  @Test
  void failuresForOneUserFromOneAddress_slowThatPairDown_andNoOtherAddress() {
    MutableClock clock = new MutableClock();
    LoginThrottle t = new LoginThrottle(LIMITS, clock);
    for (int i = 0; i < 3; i++) {
      assertThat(t.blockedFor("10.0.0.1", "alice")).isEmpty();
      t.recordFailure("10.0.0.1", "alice");
    }

    assertThat(t.blockedFor("10.0.0.1", "alice")).contains(Duration.ofSeconds(5));
    assertThat(t.blockedFor("10.0.0.2", "alice"))
        .as("the same user elsewhere is never refused")
        .isEmpty();
    assertThat(t.blockedFor("10.0.0.1", "bob"))
        .as("another user from the same address, below its own limit")
        .isEmpty();
  }

  @Test
  void delaysDoubleAfterEachFurtherFailure_upToTheMaximum_neverALockOut() {
    MutableClock clock = new MutableClock();
    LoginThrottle t = new LoginThrottle(LIMITS, clock);
    for (int i = 0; i < 3; i++) {
      t.recordFailure("10.0.0.1", "alice");
    }
    List<Long> waits = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Duration wait = t.blockedFor("10.0.0.1", "alice").orElseThrow();
      waits.add(wait.toSeconds());
      clock.now = clock.now.plus(wait);
      assertThat(t.blockedFor("10.0.0.1", "alice")).as("allowed once the wait is over").isEmpty();
      t.recordFailure("10.0.0.1", "alice");
    }

    assertThat(waits).containsExactly(5L, 10L, 20L, 40L, 60L, 60L, 60L, 60L);
  }

  @Test
  void theRightPassword_forgivesThatUsersMistakes_andOldFailuresAreForgotten() {
    MutableClock clock = new MutableClock();
    LoginThrottle t = new LoginThrottle(LIMITS, clock);
    for (int i = 0; i < 3; i++) {
      t.recordFailure("10.0.0.1", "alice");
    }
    clock.now = clock.now.plusSeconds(5);
    t.recordSuccess("10.0.0.1", "alice");
    t.recordFailure("10.0.0.1", "alice");
    assertThat(t.blockedFor("10.0.0.1", "alice"))
        .as("counting starts again after a success")
        .isEmpty();

    for (int i = 0; i < 3; i++) {
      t.recordFailure("10.0.0.9", "carol");
    }
    clock.now = clock.now.plus(Duration.ofMinutes(15));
    t.recordFailure("10.0.0.9", "carol");
    assertThat(t.blockedFor("10.0.0.9", "carol"))
        .as("failures 15 minutes old are forgotten")
        .isEmpty();
  }

  @Test
  void oneAddressSprayingManyNames_isSlowedDownAsAnAddress_otherAddressesAreNot() {
    MutableClock clock = new MutableClock();
    LoginThrottle t = new LoginThrottle(LIMITS, clock);
    for (int i = 0; i < 6; i++) {
      t.recordFailure("10.0.0.1", "user" + i);
    }

    assertThat(t.blockedFor("10.0.0.1", "someone-new")).contains(Duration.ofSeconds(5));
    assertThat(t.blockedFor("10.0.0.2", "someone-new")).isEmpty();
  }

  @Test
  void ipv6Clients_areCountedPerSlash64() {
    MutableClock clock = new MutableClock();
    LoginThrottle t = new LoginThrottle(LIMITS, clock);
    for (int i = 1; i <= 3; i++) {
      t.recordFailure("2001:db8:1:2::" + i, "alice");
    }

    assertThat(t.blockedFor("2001:db8:1:2:ffff::1", "alice")).as("same /64").isPresent();
    assertThat(t.blockedFor("2001:db8:1:3::1", "alice")).as("another /64").isEmpty();
    assertThat(LoginThrottle.addressBlock("2001:0db8:0001:0002:0000:0000:0000:0001"))
        .isEqualTo("2001:db8:1:2::/64");
    assertThat(LoginThrottle.addressBlock("192.0.2.1")).isEqualTo("192.0.2.1");
  }

  @Test
  void overHttp_wrongPasswordsEndIn429_andCredentialsNeverReachTheLog(@TempDir Path data)
      throws Exception {
    TestUsers.in(data).add("alice", "alice-secret-pw", false).create();
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    try (BerthEngine engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                .withAuth(new AuthSettings(AuthSettings.Mode.BASIC, false)))) {
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < LoginThrottle.DEFAULT.freePerUser(); i++) {
        assertThat(send(http, engine, "alice", "guess-number-" + i).statusCode()).isEqualTo(401);
      }
      HttpResponse<String> blocked = send(http, engine, "alice", "alice-secret-pw");
      assertThat(blocked.statusCode()).as("even the right password while blocked").isEqualTo(429);
      assertThat(blocked.body()).contains("TOOMANYREQUESTS");
      assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    } finally {
      root.detachAppender(logged);
    }
    String text =
        String.join("\n", logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    assertThat(text)
        .contains("Failed login for user 'alice' from 127.0.0.1")
        .doesNotContain("guess-number")
        .doesNotContain("alice-secret-pw")
        .doesNotContain("$2y$");
  }

  private static HttpResponse<String> send(
      HttpClient http, BerthEngine engine, String user, String password) throws Exception {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(engine.url().resolve("/v2/"))
            .header("Authorization", "Basic " + auth)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
