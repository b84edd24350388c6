package dev.stockroom.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stockroom.Config;
import dev.stockroom.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL database drain one queue: bulks accepted by either are run by the
 * workers of both, each operation exactly once (each appends one reservation, so a second run would
 * show in the ledger).
 */
class AsyncTwoInstancesTest {
  private static final int BULKS = 20;
  private static final int OPERATIONS_PER_BULK = 50;
  private static final Pattern TOTAL = Pattern.compile("\"total_count\":(\\d+)");

  @Test
  void two_instances_run_each_operation_of_one_queue_exactly_once() throws Exception {
    assumeTrue(TestServer.isPostgres(), "two instances share a database on PostgreSQL only");
    Config config = TestServer.config(Map.of());
    try (var first = TestServer.start(config);
        var second = TestServer.start(config)) {
      var uuids = new ArrayList<String>();
      for (int bulk = 0; bulk < BULKS; bulk++) {
        var operations = new ArrayList<String>();
        for (int index = 0; index < OPERATIONS_PER_BULK; index++) {
          operations.add(
              "{\"reservations\":[{\"stock_id\":1,\"sku\":\"TWO-%d-%d\",\"quantity\":-1}]}"
                  .formatted(bulk, index));
        }
        TestServer accepting = bulk % 2 == 0 ? first : second;
        var accepted =
            accepting.send(
                "POST",
                "/rest/async/bulk/V1/stockroom/reservations",
                "[" + String.join(",", operations) + "]");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        var uuid = Pattern.compile("\"bulk_uuid\":\"([^\"]+)\"").matcher(accepted.body());
        assertThat(uuid.find()).isTrue();
        uuids.add(uuid.group(1));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (first.app().core().bulks().openOperations() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(first.app().core().bulks().openOperations()).as("open operations").isZero();
      for (String uuid : uuids) {
        assertThat(first.send("GET", "/rest/V1/bulk/" + uuid + "/operation-status/1", null).body())
            .isEqualTo(Integer.toString(OPERATIONS_PER_BULK));
      }
      var ledger =
          first.send("GET", "/rest/V1/stockroom/reservations?searchCriteria[pageSize]=1", null);
      var total = TOTAL.matcher(ledger.body());
      assertThat(total.find()).isTrue();
      assertThat(Long.parseLong(total.group(1)))
          .as("one reservation per operation")
          .isEqualTo((long) BULKS * OPERATIONS_PER_BULK);
    }
  }
}
