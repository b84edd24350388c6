package dev.stockroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.sql.DriverManager;
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
 * Two Stockroom instances on one PostgreSQL database, each taking concurrent saves of overlapping
 * keys in random orders. Every save must succeed (no deadlock), and every key must end holding the
 * value of a save that no later save of that key followed (no lost update): the outcome of one
 * serial order per key.
 */
class TwoInstancesTest {
  private static final int KEYS = 2_000;
  private static final int KEYS_PER_SAVE = 500;
  private static final int CLIENTS = 8;
  private static final int SAVES_PER_CLIENT = 15;

  @Test
  void concurrent_saves_through_two_instances_never_deadlock_nor_lose_an_update() throws Exception {
    assumeTrue(TestServer.isPostgres(), "two instances share a database on PostgreSQL only");
    Config config = TestServer.config(Map.of());
    try (var first = TestServer.start(config);
        var second = TestServer.start(config)) {
      var saves = new WriteLog();
      var failures = new ConcurrentLinkedQueue<String>();
      try (var clients = Executors.newFixedThreadPool(CLIENTS)) {
        var work = new ArrayList<Future<?>>();
        for (int client = 0; client < CLIENTS; client++) {
          TestServer server = client % 2 == 0 ? first : second;
          int id = client;
          work.add(clients.submit(() -> run(server, id, saves, failures)));
        }
        for (Future<?> each : work) {
          each.get();
        }
      }

      assertThat(failures).as("failed saves").isEmpty();
      assertThat(saves.size()).isEqualTo(CLIENTS * SAVES_PER_CLIENT);
      saves.verify(storedQuantities(config.databaseUrl()), KEYS);
    }
    // A deadlock is retried, so it need not fail a save; key-ordered writers never meet one.
    assertThat(TestServer.deadlocks(config)).as("deadlocks PostgreSQL counted").isZero();
  }

  private static void run(
      TestServer server, int client, WriteLog saves, ConcurrentLinkedQueue<String> failures) {
    var random = new Random(client);
    List<Integer> all = new ArrayList<>();
    for (int key = 0; key < KEYS; key++) {
      all.add(key);
    }
    for (int round = 0; round < SAVES_PER_CLIENT; round++) {
      Collections.shuffle(all, random);
      List<Integer> keys = List.copyOf(all.subList(0, KEYS_PER_SAVE));
      int value = client * 1_000 + round + 1;
      long started = System.nanoTime();
      HttpResponse<String> response =
          server.send("POST", "/rest/V1/inventory/source-items", WriteLog.body(keys, value));
      long acknowledged = System.nanoTime();
      if (response.statusCode() == 200) {
        saves.add(new WriteLog.Write(value, keys, started, acknowledged));
      } else {
        failures.add(response.statusCode() + " " + response.body());
      }
    }
  }

  /** Read straight from PostgreSQL, past both instances. */
  private static Map<Integer, Integer> storedQuantities(String url) throws Exception {
    var stored = new HashMap<Integer, Integer>();
    try (var connection = DriverManager.getConnection(url);
        var rows =
            connection
                .createStatement()
                .executeQuery("SELECT sku, quantity_e4 FROM source_item WHERE sku LIKE 'KEY-%'")) {
      while (rows.next()) {
        stored.put(
            Integer.parseInt(rows.getString(1).substring(4)), (int) (rows.getLong(2) / 10_000));
      }
    }
    return stored;
  }
}
