package dev.stockroom.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.ChildServer;
import dev.stockroom.Config;
import dev.stockroom.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Stockroom killed with SIGKILL twice while events are undelivered: first with the receiver down,
 * then in the middle of deliveries to a slow receiver. After the restarts every event arrives.
 */
class WebhookCrashTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "webhook-crash-1";
  private static final String SECRET = "crash-secret-0123456789";

  @Test
  void undelivered_events_are_delivered_after_a_kill() throws Exception {
    Config config = TestServer.config(Map.of());
    var flags =
        new ArrayList<>(
            List.of(
                "--admin-password=" + PASSWORD,
                "--webhook-retry=50ms",
                "--webhook-attempts=100",
                "--webhook-timeout=2s"));
    flags.addAll(TestServer.databaseFlags(config));
    int port = WebhookDeliveryTest.freePort();

    var server = ChildServer.start(List.of(), flags);
    String token = server.token(PASSWORD);
    server.send(
        token,
        "POST",
        "/rest/V1/stockroom/webhooks",
        "{\"webhook\":{\"url\":\"http://127.0.0.1:%d/hook\",\"secret\":\"%s\"}}"
            .formatted(port, SECRET));
    var items = new ArrayList<String>();
    for (int sku = 0; sku < 1_000; sku++) {
      items.add(
          "{\"sku\":\"CRASH-%d\",\"source_code\":\"default\",\"quantity\":%d,\"status\":1}"
              .formatted(sku, sku));
    }
    assertThat(
            server
                .send(
                    token,
                    "POST",
                    "/rest/V1/inventory/source-items",
                    "{\"sourceItems\":[" + String.join(",", items) + "]}")
                .statusCode())
        .isEqualTo(200);
    Set<String> expected = ledgerIds(server, token);
    assertThat(expected).hasSize(1_000);

    // Killed while the receiver is down: nothing was delivered.
    server.kill();
    try (var receiver = new Receiver(port, SECRET)) {
      receiver.slow(150);
      server = ChildServer.start(List.of(), flags);
      token = server.token(PASSWORD);
      // Killed again in the middle of the deliveries to the slow receiver.
      WebhookDeliveryTest.await(() -> receiver.events().size() >= 200, "some deliveries");
      int beforeKill = receiver.events().size();
      server.kill();
      receiver.slow(0);
      server = ChildServer.start(List.of(), flags);
      try {
        WebhookDeliveryTest.await(
            () -> ids(receiver.events()).containsAll(expected), "every event after the restarts");
        assertThat(receiver.badSignatures()).isEmpty();
        System.out.printf(
            "WebhookCrashTest (%s): killed with 0 and %d of %d events taken; all delivered (%d"
                + " deliveries, repeats included)%n",
            TestServer.isPostgres() ? "postgresql" : "sqlite",
            beforeKill,
            expected.size(),
            receiver.events().size());
      } finally {
        server.close();
      }
    }
  }

  private Set<String> ledgerIds(ChildServer server, String token) throws Exception {
    var ids = new LinkedHashSet<String>();
    JsonNode ledger =
        JSON.readTree(
            server.send(token, "GET", "/rest/V1/stockroom/source-item-changes", null).body());
    ledger.get("items").forEach(row -> ids.add("change-" + row.get("change_id").asLong()));
    return ids;
  }

  private static Set<String> ids(List<JsonNode> events) {
    var ids = new LinkedHashSet<String>();
    events.forEach(event -> ids.add(event.get("id").asText()));
    return ids;
  }
}
