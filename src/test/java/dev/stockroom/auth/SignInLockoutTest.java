package dev.stockroom.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.TestClock;
import dev.stockroom.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignInLockoutTest {
  private static final String SIGN_IN = "/rest/V1/integration/admin/token";
  private static final String REFUSED =
      "{\"message\":\"The account sign-in was incorrect or your account is disabled temporarily."
          + " Please wait and try again later.\"}";

  private static int signIn(TestServer server, String password) {
    var response =
        server.send(
            "POST", SIGN_IN, "{\"username\":\"admin\",\"password\":\"" + password + "\"}", null);
    if (response.statusCode() == 401) {
      assertThat(response.body()).isEqualTo(REFUSED);
    }
    return response.statusCode();
  }

  @Test
  void six_failures_lock_the_user_for_thirty_minutes_even_with_the_right_password() {
    var clock = new TestClock();
    try (var server = TestServer.start(clock)) {
      for (int failure = 1; failure <= 6; failure++) {
        assertThat(signIn(server, "wrong")).isEqualTo(401);
      }
      assertThat(signIn(server, TestServer.PASSWORD)).as("locked").isEqualTo(401);

      clock.advance(Duration.ofMinutes(30).minusSeconds(1));
      assertThat(signIn(server, TestServer.PASSWORD)).as("still locked").isEqualTo(401);

      clock.advance(Duration.ofSeconds(1));
      assertThat(signIn(server, TestServer.PASSWORD)).as("lock over").isEqualTo(200);
    }
  }

  @Test
  void a_success_resets_the_count() {
    try (var server = TestServer.start()) {
      for (int failure = 1; failure <= 5; failure++) {
        assertThat(signIn(server, "wrong")).isEqualTo(401);
      }
      assertThat(signIn(server, TestServer.PASSWORD)).isEqualTo(200);
      for (int failure = 1; failure <= 5; failure++) {
        assertThat(signIn(server, "wrong")).isEqualTo(401);
      }
      assertThat(signIn(server, TestServer.PASSWORD)).isEqualTo(200);
    }
  }

  @Test
  void both_numbers_are_configurable() {
    var clock = new TestClock();
    try (var server =
        TestServer.start(
            clock, Map.of("STOCKROOM_LOCKOUT_FAILURES", "2", "STOCKROOM_LOCKOUT_TIME", "90s"))) {
      assertThat(signIn(server, "wrong")).isEqualTo(401);
      assertThat(signIn(server, "wrong")).isEqualTo(401);
      assertThat(signIn(server, TestServer.PASSWORD)).isEqualTo(401);
      clock.advance(Duration.ofSeconds(90));
      assertThat(signIn(server, TestServer.PASSWORD)).isEqualTo(200);
    }
  }

  @Test
  void unknown_usernames_are_counted_and_locked_alike() {
    try (var server = TestServer.start()) {
      for (int failure = 1; failure <= 7; failure++) {
        var response =
            server.send("POST", SIGN_IN, "{\"username\":\"nobody\",\"password\":\"x\"}", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(REFUSED);
      }
      assertThat(signIn(server, TestServer.PASSWORD))
          .as("other users are unaffected")
          .isEqualTo(200);
    }
  }
}
