package dev.stockroom.sourceitem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.Config;
import dev.stockroom.TestServer;
import dev.stockroom.WriteLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Sixteen clients save and delete overlapping keys in random orders for a bounded time. Every
 * request must succeed, and every key must end as the last acknowledged write to it left it: its
 * value, or gone after a delete. "Last" allows for writes whose times overlap: the stored outcome
 * must come from a write that no other write of the key started after.
 */
class StressTest {
  private static final int CLIENTS = 16;
  private static final int KEYS = 1_000;
  private static final long MILLIS = Long.getLong("stockroom.stress.millis", 6_000);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void concurrent_saves_and_deletes_end_as_the_acknowledged_writes_predict() throws Exception {
    var writes = new WriteLog();
    var failures = new ConcurrentLinkedQueue<String>();
    Config config;
    try (var server = TestServer.start()) {
      config = server.config();
      server.token();
      long deadline = System.nanoTime() + MILLIS * 1_000_000;
      try (var clients = Executors.newFixedThreadPool(CLIENTS)) {
        var work = new ArrayList<Future<?>>();
        for (int client = 0; client < CLIENTS; client++) {
          int id = client;
          work.add(clients.submit(() -> run(server, id, deadline, writes, failures)));
        }
        for (Future<?> each : work) {
          each.get();
        }
      }
      assertThat(failures).as("failed requests").isEmpty();
      int verified = writes.verify(stored(server), KEYS);
      System.out.printf(
          "StressTest (%s): %d clients, %d acknowledged writes, %d keys verified%n",
          TestServer.isPostgres() ? "postgresql" : "sqlite", CLIENTS, writes.size(), verified);
    }
    // A deadlock is retried, so it need not fail a request; key-ordered writers never meet one.
    assertThat(TestServer.deadlocks(config)).as("deadlocks PostgreSQL counted").isZero();
  }

  private static void run(
      TestServer server,
      int client,
      long deadline,
      WriteLog writes,
      ConcurrentLinkedQueue<String> failures) {
    var random = new Random(client);
    var all = new ArrayList<Integer>();
    for (int key = 0; key < KEYS; key++) {
      all.add(key);
    }
    for (int round = 1; System.nanoTime() < deadline; round++) {
      Collections.shuffle(all, random);
      List<Integer> keys = List.copyOf(all.subList(0, 20 + random.nextInt(180)));
      boolean delete = random.nextInt(4) == 0;
      int value = delete ? 0 : client * 100_000 + round;
      String path =
          delete ? "/rest/V1/inventory/source-items-delete" : "/rest/V1/inventory/source-items";
      long started = System.nanoTime();
      var response = server.send("POST", path, WriteLog.body(keys, value));
      long acknowledged = System.nanoTime();
      if (response.statusCode() == 200) {
        writes.add(new WriteLog.Write(value, keys, started, acknowledged));
      } else {
        failures.add(response.statusCode() + " " + response.body());
      }
    }
  }

  private static Map<Integer, Integer> stored(TestServer server) throws Exception {
    var stored = new HashMap<Integer, Integer>();
    var items =
        JSON.readTree(
                server.send("GET", "/rest/V1/inventory/source-items?searchCriteria=", null).body())
            .get("items");
    items.forEach(item ->
        stored.put(
            Integer.parseInt(item.get("sku").asText().substring(4)), item.get("quantity").asInt()));
    return stored;
  }
}
