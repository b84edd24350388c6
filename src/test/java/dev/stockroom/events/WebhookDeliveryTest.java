package dev.stockroom.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.TestServer;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against a real receiver that is first down, then answers 500, then takes longer than
 * Stockroom waits, then recovers: every event arrives at least once, each item's changes in order,
 * every delivery signed. A receiver that fails every attempt gets its events parked as a dead
 * letter, listed and replayed over REST.
 */
class WebhookDeliveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "receiver-secret-0123456789";

  /** Retries soon and often enough to outlast the receiver's failures. */
  private static final Map<String, String> PATIENT =
      Map.of(
          "STOCKROOM_WEBHOOK_RETRY", "20ms",
          "STOCKROOM_WEBHOOK_ATTEMPTS", "10",
          "STOCKROOM_WEBHOOK_TIMEOUT", "1s");

  /** Gives up after three attempts. */
  private static final Map<String, String> IMPATIENT =
      Map.of(
          "STOCKROOM_WEBHOOK_RETRY", "20ms",
          "STOCKROOM_WEBHOOK_ATTEMPTS", "3",
          "STOCKROOM_WEBHOOK_TIMEOUT", "1s");

  private static final int SKUS = 20;

  @Test
  void events_arrive_at_least_once_in_order_and_signed_through_failures() throws Exception {
    int port = freePort();
    try (var server = TestServer.start(Clock.systemUTC(), PATIENT)) {
      ok(
          server.send(
              "POST",
              "/rest/V1/stockroom/webhooks",
              "{\"webhook\":{\"url\":\"http://127.0.0.1:%d/hook\",\"secret\":\"%s\"}}"
                  .formatted(port, SECRET)));
      makeChanges(server);
      // The receiver is down: the first attempts find no one listening.
      Thread.sleep(250);
      try (var receiver = new Receiver(port, SECRET)) {
        receiver.script(Receiver.Step.answer(500), Receiver.Step.pause(2_000));
        Set<String> expected = expectedIds(server);
        await(
            () ->
                ids(receiver.events()).containsAll(expected)
                    && types(receiver.events())
                        .containsAll(Set.of("reservation.appended", "bulk.finished")),
            "every event delivered");

        assertThat(receiver.badSignatures()).as("deliveries with a bad signature").isEmpty();
        assertThat(receiver.deliveries()).as("deliveries, failed ones included").isGreaterThan(2);
        assertInOrderPerItem(receiver.events());
        // SKU-0 at default went below its notify quantity (1) and back.
        assertThat(
                receiver.events().stream()
                    .filter(event -> event.get("type").asText().equals("stock.low"))
                    .filter(event -> event.get("data").get("sku").asText().equals("SKU-0"))
                    .map(event -> event.get("data").get("low").asBoolean())
                    .distinct()
                    .toList())
            .containsExactly(true, false);
        var webhook =
            JSON.readTree(server.send("GET", "/rest/V1/stockroom/webhooks/1", null).body());
        assertThat(webhook.get("attempts").asInt()).isZero();
        assertThat(webhook.get("delivered").asInt()).isGreaterThanOrEqualTo(expected.size());
        assertThat(webhook.has("secret")).as("the secret is shown at creation only").isFalse();
      }
    }
  }

  @Test
  void a_delivery_that_fails_every_attempt_is_parked_and_can_be_replayed() throws Exception {
    int port = freePort();
    try (var server = TestServer.start(Clock.systemUTC(), IMPATIENT);
        var receiver = new Receiver(port, SECRET)) {
      receiver.failing(true);
      ok(
          server.send(
              "POST",
              "/rest/V1/stockroom/webhooks",
              "{\"webhook\":{\"url\":\"%s\",\"secret\":\"%s\",\"event_types\":[\"source_item.changed\"]}}"
                  .formatted(receiver.url(), SECRET)));
      ok(
          server.send(
              "POST",
              "/rest/V1/inventory/source-items",
              "{\"sourceItems\":[{\"sku\":\"DL-1\",\"source_code\":\"default\",\"quantity\":3,\"status\":1}]}"));
      await(() -> deadLetters(server).size() == 1, "a dead letter");
      JsonNode letter = deadLetters(server).get(0);
      assertThat(letter.get("attempts").asInt()).isEqualTo(3);
      assertThat(letter.get("event_count").asInt()).isEqualTo(1);
      assertThat(letter.get("error").asText()).contains("HTTP 500");
      assertThat(receiver.events()).isEmpty();

      // The stream goes on past the parked delivery once the receiver takes events again.
      receiver.failing(false);
      ok(
          server.send(
              "POST",
              "/rest/V1/inventory/source-items",
              "{\"sourceItems\":[{\"sku\":\"DL-2\",\"source_code\":\"default\",\"quantity\":4,\"status\":1}]}"));
      await(() -> skus(receiver.events()).contains("DL-2"), "the next event");
      assertThat(skus(receiver.events())).doesNotContain("DL-1");

      var replay = server.send("POST", "/rest/V1/stockroom/webhooks/1/dead-letters/replay", "{}");
      ok(replay);
      assertThat(replay.body()).isEqualTo("1");
      await(() -> skus(receiver.events()).contains("DL-1"), "the replayed event");
      await(() -> deadLetters(server).isEmpty(), "no dead letter left");
    }
  }

  /** Saves, adjustments, a dip below the notify quantity and back, a reservation, a bulk. */
  private static void makeChanges(TestServer server) {
    ok(
        server.send(
            "POST",
            "/rest/V1/inventory/sources",
            "{\"source\":{\"source_code\":\"eu-1\",\"name\":\"EU 1\",\"country_id\":\"DE\",\"postcode\":\"1\"}}"));
    var items = new ArrayList<String>();
    for (int sku = 0; sku < SKUS; sku++) {
      for (String source : List.of("default", "eu-1")) {
        items.add(
            "{\"sku\":\"SKU-%d\",\"source_code\":\"%s\",\"quantity\":10,\"status\":1}"
                .formatted(sku, source));
      }
    }
    ok(
        server.send(
            "POST",
            "/rest/V1/inventory/source-items",
            "{\"sourceItems\":[" + String.join(",", items) + "]}"));
    var random = new Random(7);
    for (int adjustment = 0; adjustment < 150; adjustment++) {
      ok(
          server.send(
              "POST",
              "/rest/V1/stockroom/source-items-adjust",
              "{\"adjustments\":[{\"sku\":\"SKU-%d\",\"source_code\":\"%s\",\"delta\":%d}]}"
                  .formatted(
                      1 + random.nextInt(SKUS - 1),
                      random.nextBoolean() ? "default" : "eu-1",
                      1 + random.nextInt(5))));
    }
    for (String quantity : List.of("0.5", "5")) {
      ok(
          server.send(
              "POST",
              "/rest/V1/stockroom/source-items-adjust",
              "{\"adjustments\":[{\"sku\":\"SKU-0\",\"source_code\":\"default\",\"quantity\":%s,\"expected_quantity\":%s}]}"
                  .formatted(quantity, quantity.equals("0.5") ? "10" : "0.5")));
    }
    ok(
        server.send(
            "POST",
            "/rest/V1/stockroom/reservations",
            "{\"reservations\":[{\"stock_id\":1,\"sku\":\"SKU-1\",\"quantity\":-1}]}"));
    var accepted =
        server.send(
            "POST",
            "/rest/async/V1/inventory/source-items",
            "{\"sourceItems\":[{\"sku\":\"SKU-2\",\"source_code\":\"default\",\"quantity\":1,\"status\":1}]}");
    assertThat(accepted.statusCode()).isEqualTo(202);
    await(() -> server.app().core().bulks().openOperations() == 0, "the bulk ran");
  }

  /** The ids of every event the changes made: one per ledger row, the low crossings, and more. */
  private static Set<String> expectedIds(TestServer server) throws Exception {
    var ids = new LinkedHashSet<String>();
    JsonNode ledger =
        JSON.readTree(server.send("GET", "/rest/V1/stockroom/source-item-changes", null).body());
    for (JsonNode row : ledger.get("items")) {
      ids.add("change-" + row.get("change_id").asLong());
    }
    assertThat(ids).hasSize(2 * SKUS + 150 + 2 + 1);
    return ids;
  }

  /** Each item's changes arrive in change order (a repeat of an earlier one may follow). */
  private static void assertInOrderPerItem(List<JsonNode> events) {
    var last = new HashMap<String, Long>();
    var seen = new LinkedHashSet<String>();
    for (JsonNode event : events) {
      if (!event.get("type").asText().equals("source_item.changed")
          || !seen.add(event.get("id").asText())) {
        continue;
      }
      JsonNode data = event.get("data");
      String item = data.get("source_code").asText() + "/" + data.get("sku").asText();
      long change = data.get("change_id").asLong();
      Long before = last.put(item, change);
      assertThat(before == null || before < change)
          .as("%s: change %d after %s", item, change, before)
          .isTrue();
    }
    assertThat(
            events.stream().map(event -> event.get("type").asText()).distinct().sorted().toList())
        .containsExactly(
            "bulk.finished", "reservation.appended", "source_item.changed", "stock.low");
  }

  private static Set<String> ids(List<JsonNode> events) {
    var ids = new LinkedHashSet<String>();
    events.forEach(event -> ids.add(event.get("id").asText()));
    return ids;
  }

  private static Set<String> types(List<JsonNode> events) {
    var types = new LinkedHashSet<String>();
    events.forEach(event -> types.add(event.get("type").asText()));
    return types;
  }

  private static Set<String> skus(List<JsonNode> events) {
    var skus = new LinkedHashSet<String>();
    events.forEach(event -> skus.add(event.get("data").get("sku").asText()));
    return skus;
  }

  private static List<JsonNode> deadLetters(TestServer server) {
    var letters = new ArrayList<JsonNode>();
    try {
      JSON.readTree(server.send("GET", "/rest/V1/stockroom/webhooks/1/dead-letters", null).body())
          .forEach(letters::add);
    } catch (java.io.IOException unreadable) {
      throw new java.io.UncheckedIOException(unreadable);
    }
    return letters;
  }

  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException stopped) {
        throw new IllegalStateException(stopped);
      }
    }
  }

  static int freePort() throws Exception {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void ok(java.net.http.HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
