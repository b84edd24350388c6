package dev.stockroom.sourceitem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConcurrentSaveTest {
  private static final int KEYS = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    server.send(
        "POST",
        "/rest/V1/inventory/sources",
        "{\"source\":{\"source_code\":\"eu-1\",\"name\":\"EU 1\",\"country_id\":\"DE\",\"postcode\":\"1\"}}");
  }

  @AfterAll
  static void stop() {
    server.close();
    assertThat(TestServer.deadlocks(server.config())).as("deadlocks PostgreSQL counted").isZero();
  }

  @Test
  void two_saves_of_the_same_keys_in_opposite_orders_both_succeed_and_one_wins_entirely()
      throws Exception {
    var keys = new ArrayList<String[]>();
    for (int index = 0; index < KEYS; index++) {
      keys.add(new String[] {index % 2 == 0 ? "default" : "eu-1", "SKU-" + index});
    }
    List<String[]> reversed = new ArrayList<>(keys);
    Collections.reverse(reversed);
    String ascending = body(keys, 1);
    String descending = body(reversed, 2);

    List<HttpResponse<String>> responses;
    try (var executor = Executors.newFixedThreadPool(2)) {
      List<Callable<HttpResponse<String>>> saves =
          List.of(
              () -> server.send("POST", "/rest/V1/inventory/source-items", ascending),
              () -> server.send("POST", "/rest/V1/inventory/source-items", descending));
      responses = new ArrayList<>();
      for (Future<HttpResponse<String>> future : executor.invokeAll(saves)) {
        responses.add(future.get());
      }
    }

    assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
    JsonNode stored =
        JSON.readTree(
            server.send("GET", "/rest/V1/inventory/source-items?searchCriteria=", null).body());
    assertThat(stored.get("total_count").asInt()).isEqualTo(KEYS);
    Set<String> quantities = new HashSet<>();
    stored.get("items").forEach(item -> quantities.add(item.get("quantity").asText()));
    assertThat(quantities).as("every row comes from the same save").hasSize(1);
  }

  private static String body(List<String[]> keys, int quantity) {
    var items = new StringBuilder("{\"sourceItems\":[");
    for (int index = 0; index < keys.size(); index++) {
      String[] key = keys.get(index);
      items
          .append(index == 0 ? "" : ",")
          .append("{\"sku\":\"")
          .append(key[1])
          .append("\",\"source_code\":\"")
          .append(key[0])
          .append("\",\"quantity\":")
          .append(quantity)
          .append(",\"status\":1}");
    }
    return items.append("]}").toString();
  }
}
