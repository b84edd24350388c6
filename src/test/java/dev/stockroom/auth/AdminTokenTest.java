package dev.stockroom.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.App;
import dev.stockroom.TestClock;
import dev.stockroom.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AdminTokenTest {
  private static final String SIGN_IN = "/rest/V1/integration/admin/token";
  private static final String SOURCES = "/rest/V1/inventory/sources";

  @Test
  void signing_in_returns_a_fresh_opaque_token_as_a_bare_json_string() {
    try (var server = TestServer.start()) {
      String credentials = "{\"username\":\"ADMIN\",\"password\":\"" + TestServer.PASSWORD + "\"}";
      var first = server.send("POST", SIGN_IN, credentials, null);
      var second = server.send("POST", SIGN_IN, credentials, null);

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.body()).matches("\"[a-z0-9]{32}\"");
      assertThat(second.body()).isNotEqualTo(first.body());
      String token = first.body().replace("\"", "");
      assertThat(server.send("GET", SOURCES, null, "Bearer " + token).statusCode()).isEqualTo(200);
      assertThat(server.send("GET", SOURCES, null, "bearer " + token).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void a_token_answers_401_once_its_four_hours_are_over() {
    var clock = new TestClock();
    try (var server = TestServer.start(clock)) {
      String token = server.token();
      clock.advance(Duration.ofHours(4).minusMillis(1));
      assertThat(server.send("GET", SOURCES, null).statusCode()).isEqualTo(200);

      clock.advance(Duration.ofMillis(1));
      var expired = server.send("GET", SOURCES, null, "Bearer " + token);
      assertThat(expired.statusCode()).isEqualTo(401);
      assertThat(expired.body())
          .isEqualTo(
              "{\"message\":\"The consumer isn't authorized to access %resources.\","
                  + "\"parameters\":{\"resources\":\"Magento_InventoryApi::source\"}}");
    }
  }

  @Test
  void a_first_start_without_password_prints_a_generated_one_that_signs_in() throws Exception {
    var printed = new ByteArrayOutputStream();
    PrintStream standardOut = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    var config =
        TestServer.config(Map.of("STOCKROOM_ADMIN_USER", "owner", "STOCKROOM_ADMIN_PASSWORD", ""));
    App app;
    try {
      app = App.create(config);
    } finally {
      System.setOut(standardOut);
    }
    try (app) {
      var matcher =
          Pattern.compile("generated password: (\\S+)")
              .matcher(printed.toString(StandardCharsets.UTF_8));
      assertThat(matcher.find()).isTrue();
      var client = HttpClient.newHttpClient();
      var response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + SIGN_IN))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"username\":\"owner\",\"password\":\"" + matcher.group(1) + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
    }
  }
}
