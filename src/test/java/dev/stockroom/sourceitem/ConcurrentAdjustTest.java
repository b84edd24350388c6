package dev.stockroom.sourceitem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.TestServer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 16 clients add deltas to the same items at once, and set quantities by expectation: no delta is
 * lost (every item ends at its start plus the sum of the deltas answered 200), every delta is one
 * ledger row, and a compare-and-set that lost its race is answered 409 and writes nothing.
 */
class ConcurrentAdjustTest {
  private static final int CLIENTS = 16;
  private static final int REQUESTS = 25;
  private static final List<String> SKUS = List.of("R-1", "R-2", "R-3", "R-4");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void concurrent_deltas_lose_no_update() throws Exception {
    try (var server = TestServer.start()) {
      var items = new StringBuilder();
      for (String sku : SKUS) {
        items
            .append(items.isEmpty() ? "" : ",")
            .append(
                "{\"sku\":\"%s\",\"source_code\":\"default\",\"quantity\":1000,\"status\":1}"
                    .formatted(sku));
      }
      assertThat(
              server
                  .send(
                      "POST",
                      "/rest/V1/inventory/source-items",
                      "{\"sourceItems\":[" + items + "]}")
                  .statusCode())
          .isEqualTo(200);

      var failures = new ConcurrentLinkedQueue<String>();
      try (var clients = Executors.newFixedThreadPool(CLIENTS)) {
        var work = new ArrayList<Future<?>>();
        for (int client = 0; client < CLIENTS; client++) {
          int id = client;
          work.add(
              clients.submit(() -> {
                for (int request = 0; request < REQUESTS; request++) {
                  // Every client touches every item, in its own order: +1 on each, -0.5 on one.
                  var lines = new ArrayList<String>();
                  for (int index = 0; index < SKUS.size(); index++) {
                    String sku = SKUS.get((index + id) % SKUS.size());
                    lines.add(
                        "{\"sku\":\"%s\",\"source_code\":\"default\",\"delta\":1}".formatted(sku));
                  }
                  lines.add(
                      "{\"sku\":\"%s\",\"source_code\":\"default\",\"delta\":-0.5}"
                          .formatted(SKUS.get(request % SKUS.size())));
                  var response =
                      server.send(
                          "POST",
                          "/rest/V1/stockroom/source-items-adjust",
                          "{\"adjustments\":[" + String.join(",", lines) + "]}");
                  if (response.statusCode() != 200) {
                    failures.add(response.statusCode() + " " + response.body());
                  }
                }
              }));
        }
        for (Future<?> each : work) {
          each.get();
        }
      }
      assertThat(failures).as("refused adjustments").isEmpty();
      // Each item: 1000 + 16 × 25 × 1 − 0.5 × (the requests whose −0.5 fell on it).
      for (int index = 0; index < SKUS.size(); index++) {
        int halves = CLIENTS * (REQUESTS / SKUS.size() + (index < REQUESTS % SKUS.size() ? 1 : 0));
        BigDecimal expected =
            BigDecimal.valueOf(1000 + CLIENTS * REQUESTS)
                .subtract(new BigDecimal("0.5").multiply(BigDecimal.valueOf(halves)));
        assertThat(quantity(server, SKUS.get(index)))
            .as(SKUS.get(index))
            .isEqualByComparingTo(expected);
      }
      // One ledger row per adjusted item and request, plus the first save's.
      var ledger =
          JSON.readTree(
              server
                  .send("GET", "/rest/V1/stockroom/source-item-changes?fields=total_count", null)
                  .body());
      assertThat(ledger.get("total_count").asInt())
          .isEqualTo(SKUS.size() + CLIENTS * REQUESTS * SKUS.size());
    }
  }

  @Test
  void of_racing_expectations_exactly_one_wins() throws Exception {
    try (var server = TestServer.start()) {
      server.send(
          "POST",
          "/rest/V1/inventory/source-items",
          "{\"sourceItems\":[{\"sku\":\"CAS\",\"source_code\":\"default\",\"quantity\":7,\"status\":1}]}");
      var won = new AtomicInteger();
      var conflicts = new AtomicInteger();
      try (var clients = Executors.newFixedThreadPool(CLIENTS)) {
        var work = new ArrayList<Future<?>>();
        for (int client = 0; client < CLIENTS; client++) {
          int id = client;
          work.add(
              clients.submit(() -> {
                var response =
                    server.send(
                        "POST",
                        "/rest/V1/stockroom/source-items-adjust",
                        "{\"adjustments\":[{\"sku\":\"CAS\",\"source_code\":\"default\","
                            + "\"quantity\":%d,\"expected_quantity\":7}]}".formatted(100 + id));
                switch (response.statusCode()) {
                  case 200 -> won.incrementAndGet();
                  case 409 -> conflicts.incrementAndGet();
                  default -> throw new AssertionError(response.body());
                }
              }));
        }
        for (Future<?> each : work) {
          each.get();
        }
      }
      assertThat(won.get()).isEqualTo(1);
      assertThat(conflicts.get()).isEqualTo(CLIENTS - 1);
      assertThat(quantity(server, "CAS")).isBetween(new BigDecimal(100), new BigDecimal(115));
    }
  }

  private static BigDecimal quantity(TestServer server, String sku) throws Exception {
    JsonNode items =
        JSON.readTree(
                server
                    .send(
                        "GET",
                        "/rest/V1/inventory/source-items?searchCriteria[filter_groups][0][filters][0][field]=sku"
                            + "&searchCriteria[filter_groups][0][filters][0][value]="
                            + sku,
                        null)
                    .body())
            .get("items");
    return items.get(0).get("quantity").decimalValue();
  }
}
