package dev.stockroom.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.TestClock;
import dev.stockroom.TestServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: Prometheus' text format, series that move with traffic, the token. */
class MetricsTest {
  private static final String SOURCE_ROUTE =
      "method=\"GET\",route=\"/V1/inventory/sources/:sourceCode\",status=\"404\"";

  @Test
  void the_series_exist_and_move_with_traffic() throws Exception {
    var clock = new TestClock();
    // No workers: an accepted asynchronous operation stays open. A webhook nobody listens at:
    // its events stay behind, and each delivery fails.
    try (var server =
        TestServer.start(
            clock, Map.of("STOCKROOM_ASYNC_WORKERS", "0", "STOCKROOM_WEBHOOK_RETRY", "50ms"))) {
      String first = scrape(server);
      assertThat(first)
          .contains(
              "jvm_memory_used_bytes{",
              "jvm_gc_",
              "jvm_threads_live_threads",
              "process_uptime_seconds",
              "hikaricp_connections_active{",
              "hikaricp_connections_pending{",
              "hikaricp_connections_acquire_seconds_count{",
              "stockroom_async_operations_open ",
              "stockroom_async_oldest_open_operation_age_seconds ",
              "stockroom_events_lag_seconds ",
              "stockroom_events_delivery_failures_total ",
              "stockroom_events_dead_letters ",
              "stockroom_reservations_appended_total ");

      for (int request = 0; request < 3; request++) {
        assertThat(server.send("GET", "/rest/V1/inventory/sources/none", null).statusCode())
            .isEqualTo(404);
      }
      assertThat(value(scrape(server), "http_server_requests_seconds_count{" + SOURCE_ROUTE + "}"))
          .isEqualTo(3);
      assertThat(
              value(
                  scrape(server),
                  "http_server_requests_seconds_bucket{" + SOURCE_ROUTE + ",le=\"30.0\"}"))
          .as("every request falls in the last bucket")
          .isEqualTo(3);

      // Reservations appended: an order of two lines.
      assertThat(
              server
                  .send(
                      "POST",
                      "/rest/V1/inventory/source-items",
                      "{\"sourceItems\":[{\"sku\":\"M-1\",\"source_code\":\"default\","
                          + "\"quantity\":10,\"status\":1},{\"sku\":\"M-2\","
                          + "\"source_code\":\"default\",\"quantity\":10,\"status\":1}]}")
                  .statusCode())
          .isEqualTo(200);
      int webhookPort;
      try (var socket = new ServerSocket(0)) {
        webhookPort = socket.getLocalPort();
      }
      assertThat(
              server
                  .send(
                      "POST",
                      "/rest/V1/stockroom/webhooks",
                      "{\"webhook\":{\"url\":\"http://127.0.0.1:%d/hook\",\"secret\":\"%s\"}}"
                          .formatted(webhookPort, "metrics-test-webhook-secret"))
                  .statusCode())
          .isEqualTo(200);
      double appended = value(scrape(server), "stockroom_reservations_appended_total");
      assertThat(
              server
                  .send(
                      "POST",
                      "/rest/V1/stockroom/orders/7/reserve",
                      "{\"items\":[{\"sku\":\"M-1\",\"qty\":1},{\"sku\":\"M-2\",\"qty\":2}],"
                          + "\"stockId\":1}")
                  .statusCode())
          .isEqualTo(200);
      assertThat(value(scrape(server), "stockroom_reservations_appended_total"))
          .isEqualTo(appended + 2);

      // The webhook's delivery fails, and its oldest event ages with the clock.
      await(() -> value(scrape(server), "stockroom_events_delivery_failures_total"), 1);
      clock.advance(Duration.ofMinutes(2));
      assertThat(value(scrape(server), "stockroom_events_lag_seconds")).isGreaterThanOrEqualTo(120);

      // An accepted asynchronous operation is open, and ages with the clock.
      assertThat(value(scrape(server), "stockroom_async_operations_open")).isZero();
      assertThat(
              server
                  .send(
                      "POST",
                      "/rest/async/V1/inventory/source-items",
                      "{\"sourceItems\":[{\"sku\":\"M-3\",\"source_code\":\"default\","
                          + "\"quantity\":1,\"status\":1}]}")
                  .statusCode())
          .isEqualTo(202);
      clock.advance(Duration.ofMinutes(5));
      String later = scrape(server);
      assertThat(value(later, "stockroom_async_operations_open")).isEqualTo(1);
      assertThat(value(later, "stockroom_async_oldest_open_operation_age_seconds"))
          .isGreaterThanOrEqualTo(299);
      assertThat(value(later, "hikaricp_connections_acquire_seconds_count{"))
          .isGreaterThan(value(first, "hikaricp_connections_acquire_seconds_count{"));
    }
  }

  @Test
  void a_configured_token_is_required_as_a_bearer_token() {
    try (var server =
        TestServer.start(
            new TestClock(), Map.of("STOCKROOM_METRICS_TOKEN", "scrape-token-for-tests"))) {
      var refused = server.send("GET", "/metrics", null, null);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body())
          .isEqualTo(
              "{\"message\":\"/metrics needs the bearer token set by STOCKROOM_METRICS_TOKEN.\"}");
      assertThat(server.send("GET", "/metrics", null, "Bearer wrong").statusCode()).isEqualTo(401);
      var scraped = server.send("GET", "/metrics", null, "Bearer scrape-token-for-tests");
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.body()).contains("jvm_memory_used_bytes");
    }
  }

  /** Open by default, as Prometheus scrapes, in its text format. */
  private static String scrape(TestServer server) {
    var response =
        server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics")).build());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    return response.body();
  }

  /** The value of the first series whose line starts with {@code series}. */
  private static double value(String scrape, String series) {
    var line =
        Pattern.compile(
                "^" + Pattern.quote(series) + "[^\\n]* ([-+0-9.eE]+|NaN)$", Pattern.MULTILINE)
            .matcher(scrape);
    assertThat(line.find()).as(series + " in\n" + scrape).isTrue();
    return Double.parseDouble(line.group(1));
  }

  private static void await(DoubleSupplier reading, double atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (reading.getAsDouble() < atLeast) {
      assertThat(System.nanoTime()).as("waiting for a metric").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
