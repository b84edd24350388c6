package dev.stockroom.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stockroom.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops under load: requests answer a Magento-shaped 503 within seconds, health says so,
 * and when the database returns service resumes without a restart, with nothing acknowledged lost.
 */
class DatabaseOutageTest {
  private static final String SAVE = "/rest/V1/inventory/source-items";
  private static final Pattern QUANTITY = Pattern.compile("\"quantity\":(\\d+)");
  private static final String UNAVAILABLE =
      "{\"message\":\"The service is temporarily unavailable. Try again later.\"}";

  @Test
  void an_outage_answers_503_quickly_and_service_resumes_when_the_database_returns()
      throws Exception {
    assumeTrue(TestServer.isPostgres(), "the outage is of a PostgreSQL server");
    try (var server = TestServer.start()) {
      server.token();
      var acknowledged = new ConcurrentHashMap<String, Integer>();
      var running = new AtomicBoolean(true);
      var written = new AtomicInteger();
      var unexpected = new ConcurrentLinkedQueue<String>();
      try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int client = 0; client < 4; client++) {
          int id = client;
          clients.submit(() -> load(server, id, running, acknowledged, written, unexpected));
        }
        while (written.get() < 20) {
          Thread.sleep(20);
        }

        TestServer.pausePostgres();
        try {
          long started = System.nanoTime();
          var during = server.send("POST", SAVE, item("OUTAGE", 1));
          double seconds = (System.nanoTime() - started) / 1e9;
          assertThat(during.statusCode()).isEqualTo(503);
          assertThat(during.body()).isEqualTo(UNAVAILABLE);
          assertThat(seconds).as("answered without hanging").isLessThan(10);
          assertThat(health(server)).isEqualTo(503);
        } finally {
          TestServer.resumePostgres();
        }

        int before = written.get();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (written.get() < before + 20 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        running.set(false);
        assertThat(written.get()).as("saves succeed again").isGreaterThanOrEqualTo(before + 20);
      }
      assertThat(unexpected).as("answers other than 200 and 503").isEmpty();
      assertThat(health(server)).isEqualTo(200);
      // A save whose answer was lost in the outage may have landed after the last acknowledged
      // one; each key's values only grow, so the stored one is at least the acknowledged one.
      for (var entry : acknowledged.entrySet()) {
        var found =
            server.send(
                "GET",
                "/rest/V1/inventory/source-items?searchCriteria[filter_groups][0][filters][0][field]=sku"
                    + "&searchCriteria[filter_groups][0][filters][0][value]="
                    + entry.getKey(),
                null);
        var matcher = QUANTITY.matcher(found.body());
        assertThat(matcher.find()).as(found.body()).isTrue();
        assertThat(Integer.parseInt(matcher.group(1)))
            .as("acknowledged save of %s", entry.getKey())
            .isGreaterThanOrEqualTo(entry.getValue());
      }
    }
  }

  /** Each client saves its own keys, so that every acknowledged value is the last one. */
  private static void load(
      TestServer server,
      int client,
      AtomicBoolean running,
      Map<String, Integer> acknowledged,
      AtomicInteger written,
      ConcurrentLinkedQueue<String> unexpected) {
    for (int round = 1; running.get(); round++) {
      String sku = "LOAD-" + client + "-" + (round % 50);
      var response = server.send("POST", SAVE, item(sku, round));
      if (response.statusCode() == 200) {
        acknowledged.put(sku, round);
        written.incrementAndGet();
      } else if (response.statusCode() != 503 || !response.body().equals(UNAVAILABLE)) {
        unexpected.add(response.statusCode() + " " + response.body());
      }
    }
  }

  private static String item(String sku, int quantity) {
    return "{\"sourceItems\":[{\"sku\":\""
        + sku
        + "\",\"source_code\":\"default\",\"quantity\":"
        + quantity
        + ",\"status\":1}]}";
  }

  private static int health(TestServer server) {
    return server
        .send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health")).build())
        .statusCode();
  }
}
