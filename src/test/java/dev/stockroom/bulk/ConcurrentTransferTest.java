package dev.stockroom.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.Config;
import dev.stockroom.TestServer;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Sixteen clients transfer overlapping SKUs between the same three sources (full and partial
 * transfers, in every direction) while others save and bulk-assign the same SKUs. No request fails
 * (a partial transfer may be refused for want of quantity, never for anything else), no deadlock
 * occurs, and each SKU's total over the three sources is what it was.
 */
class ConcurrentTransferTest {
  private static final int CLIENTS = 16;
  private static final int REQUESTS_PER_CLIENT =
      Integer.getInteger("stockroom.transfer.requests", 40);
  private static final List<String> SOURCES = List.of("eu-1", "eu-2", "eu-3");
  private static final int SKUS = 200;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @Test
  void concurrent_transfers_and_saves_conserve_every_total_without_deadlock() throws Exception {
    Config config;
    var failures = new ConcurrentLinkedQueue<String>();
    var done = new AtomicInteger();
    try (var server = TestServer.start()) {
      config = server.config();
      for (String source : List.of("eu-1", "eu-2", "eu-3", "spare")) {
        ok(
            server.send(
                "POST",
                "/rest/V1/inventory/sources",
                "{\"source\":{\"source_code\":\"%s\",\"name\":\"%s\",\"country_id\":\"DE\",\"postcode\":\"1\"}}"
                    .formatted(source, source)));
      }
      var items = new ArrayList<String>();
      for (int sku = 0; sku < SKUS; sku++) {
        for (String source : SOURCES) {
          items.add(item(source, sku, 100, 1));
        }
      }
      ok(
          server.send(
              "POST",
              "/rest/V1/inventory/source-items",
              "{\"sourceItems\":[" + String.join(",", items) + "]}"));
      Map<String, BigDecimal> before = totals(server);

      try (var clients = Executors.newFixedThreadPool(CLIENTS)) {
        var work = new ArrayList<Future<?>>();
        for (int client = 0; client < CLIENTS; client++) {
          var random = new Random(client);
          work.add(
              clients.submit(() -> {
                for (int request = 0; request < REQUESTS_PER_CLIENT; request++) {
                  check(send(server, random), failures);
                  done.incrementAndGet();
                }
              }));
        }
        for (Future<?> each : work) {
          each.get();
        }
      }
      assertThat(failures).as("failed requests").isEmpty();
      assertThat(totals(server)).as("each SKU's total over the three sources").isEqualTo(before);
      System.out.printf(
          "ConcurrentTransferTest (%s): %d clients, %d requests%n",
          TestServer.isPostgres() ? "postgresql" : "sqlite", CLIENTS, done.get());
    }
    assertThat(TestServer.deadlocks(config)).as("deadlocks PostgreSQL counted").isZero();
  }

  /** One random request: a transfer, a partial transfer, a save elsewhere or a bulk assign. */
  private static Exchange send(TestServer server, Random random) {
    List<String> pair = new ArrayList<>(SOURCES);
    Collections.shuffle(pair, random);
    String origin = pair.get(0);
    String destination = pair.get(1);
    List<Integer> skus = skus(random);
    String body;
    String target;
    switch (random.nextInt(4)) {
      case 0 -> {
        target = "/rest/V1/inventory/bulk-product-source-transfer";
        body =
            "{\"skus\":%s,\"originSource\":\"%s\",\"destinationSource\":\"%s\",\"unassignFromOrigin\":false}"
                .formatted(names(skus), origin, destination);
      }
      case 1 -> {
        target = "/rest/V1/inventory/bulk-partial-source-transfer";
        var lines = new ArrayList<String>();
        skus.forEach(sku ->
            lines.add("{\"sku\":\"SKU-%d\",\"qty\":%d.5}".formatted(sku, random.nextInt(20))));
        body =
            "{\"originSourceCode\":\"%s\",\"destinationSourceCode\":\"%s\",\"items\":[%s]}"
                .formatted(origin, destination, String.join(",", lines));
      }
      case 2 -> {
        // Saves of the same SKUs, at a source outside the transfers, in random order.
        target = "/rest/V1/inventory/source-items";
        var lines = new ArrayList<String>();
        skus.forEach(sku -> lines.add(item("spare", sku, random.nextInt(50), random.nextInt(2))));
        body = "{\"sourceItems\":[" + String.join(",", lines) + "]}";
      }
      default -> {
        // Assigning SKUs the three sources hold already changes nothing, but takes their rows.
        target = "/rest/V1/inventory/bulk-product-source-assign";
        body = "{\"skus\":%s,\"sourceCodes\":[\"eu-3\",\"spare\",\"eu-1\"]}".formatted(names(skus));
      }
    }
    return new Exchange(target, body, server.send("POST", target, body));
  }

  record Exchange(String target, String body, HttpResponse<String> response) {}

  private static void check(Exchange exchange, ConcurrentLinkedQueue<String> failures) {
    int status = exchange.response().statusCode();
    boolean refusedForQuantity =
        status == 400
            && exchange.target().endsWith("partial-source-transfer")
            && exchange.response().body().contains("is not available")
            && !exchange.response().body().contains("does not exist");
    if (status != 200 && !refusedForQuantity) {
      failures.add(
          exchange.target()
              + " "
              + exchange.body()
              + " → "
              + status
              + " "
              + exchange.response().body());
    }
  }

  /** 1 to 30 distinct SKUs in random order. */
  private static List<Integer> skus(Random random) {
    var all = new ArrayList<Integer>();
    for (int sku = 0; sku < SKUS; sku++) {
      all.add(sku);
    }
    Collections.shuffle(all, random);
    return all.subList(0, 1 + random.nextInt(30));
  }

  private static String names(List<Integer> skus) {
    return skus.stream().map(sku -> "\"SKU-" + sku + "\"").toList().toString();
  }

  private static String item(String source, int sku, int quantity, int status) {
    return "{\"source_code\":\"%s\",\"sku\":\"SKU-%d\",\"quantity\":%d,\"status\":%d}"
        .formatted(source, sku, quantity, status);
  }

  private static Map<String, BigDecimal> totals(TestServer server) throws Exception {
    var response =
        server.send(
            "GET",
            "/rest/V1/inventory/source-items?searchCriteria[filter_groups][0][filters][0][field]=source_code"
                + "&searchCriteria[filter_groups][0][filters][0][value]=eu-1,eu-2,eu-3"
                + "&searchCriteria[filter_groups][0][filters][0][condition_type]=in",
            null);
    ok(response);
    var totals = new TreeMap<String, BigDecimal>();
    for (JsonNode item : JSON.readTree(response.body()).get("items")) {
      totals.merge(item.get("sku").asText(), item.get("quantity").decimalValue(), BigDecimal::add);
    }
    totals.replaceAll((sku, total) -> total.stripTrailingZeros());
    return totals;
  }

  private static void ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
