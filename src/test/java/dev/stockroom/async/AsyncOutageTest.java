package dev.stockroom.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stockroom.TestServer;
import dev.stockroom.db.DatabaseUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped while workers run accepted operations, and started again: the operations that
 * met the outage are retried, and every one ends complete, none failed, each once.
 */
class AsyncOutageTest {
  private static final int OPERATIONS = 300;
  private static final Pattern TOTAL = Pattern.compile("\"total_count\":(\\d+)");

  @Test
  void operations_that_meet_a_database_outage_run_again_and_complete() throws Exception {
    assumeTrue(TestServer.isPostgres(), "the outage is of a PostgreSQL server");
    try (var server = TestServer.start(Clock.systemUTC(), Map.of("STOCKROOM_ASYNC_LEASE", "2s"))) {
      var operations = new ArrayList<String>();
      for (int index = 0; index < OPERATIONS; index++) {
        operations.add(
            "{\"reservations\":[{\"stock_id\":1,\"sku\":\"OUT-%d\",\"quantity\":-1}]}"
                .formatted(index));
      }
      var accepted =
          server.send(
              "POST",
              "/rest/async/bulk/V1/stockroom/reservations",
              "[" + String.join(",", operations) + "]");
      assertThat(accepted.statusCode()).isEqualTo(202);
      var uuid = Pattern.compile("\"bulk_uuid\":\"([^\"]+)\"").matcher(accepted.body());
      assertThat(uuid.find()).isTrue();

      TestServer.pausePostgres();
      try {
        Thread.sleep(5_000);
      } finally {
        TestServer.resumePostgres();
      }

      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (open(server) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      String status = "/rest/V1/bulk/" + uuid.group(1) + "/operation-status/";
      assertThat(server.send("GET", status + "1", null).body())
          .as("complete")
          .isEqualTo(Integer.toString(OPERATIONS));
      assertThat(server.send("GET", status + "2", null).body())
          .as("retriably failed")
          .isEqualTo("0");
      assertThat(server.send("GET", status + "3", null).body()).as("failed").isEqualTo("0");
      var ledger =
          server.send("GET", "/rest/V1/stockroom/reservations?searchCriteria[pageSize]=1", null);
      var total = TOTAL.matcher(ledger.body());
      assertThat(total.find()).isTrue();
      assertThat(Long.parseLong(total.group(1))).as("reservations").isEqualTo(OPERATIONS);
    }
  }

  /** Whether operations are open; true while the database is still coming back. */
  private static boolean open(TestServer server) {
    try {
      return server.app().core().bulks().openOperations() > 0;
    } catch (DatabaseUnavailableException stillDown) {
      return true;
    }
  }
}
