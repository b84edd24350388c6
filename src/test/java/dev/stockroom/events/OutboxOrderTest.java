package dev.stockroom.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stockroom.TestServer;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL writers run side by side, and a transaction that took a lower change id may commit
 * after one that took a higher: a reader that followed ids alone would pass the late row over for
 * good. The outbox is read in (transaction, id) order and only for transactions that have all
 * ended, so the late row is delivered, first.
 */
class OutboxOrderTest {
  @Test
  void a_change_committed_late_is_not_passed_over() throws Exception {
    assumeTrue(TestServer.isPostgres(), "SQLite's writers commit in the order of their ids");
    try (var server = TestServer.start()) {
      EventOutbox outbox = server.app().core().events().outbox();
      EventOutbox.Cursor start = outbox.end();
      var types = java.util.Set.of(EventOutbox.SOURCE_ITEM_CHANGED);
      try (var late = DriverManager.getConnection(server.config().databaseUrl())) {
        late.setAutoCommit(false);
        try (var statement = late.createStatement()) {
          statement.executeUpdate(
              "INSERT INTO source_item (source_key, source_code, sku, sku_key, quantity_e4, status)"
                  + " VALUES ('default', 'default', 'LATE', 'late', 10000, 1)");
        }
        // Another writer takes a higher change id and commits first.
        var early =
            server.send(
                "POST",
                "/rest/V1/inventory/source-items",
                "{\"sourceItems\":[{\"sku\":\"EARLY\",\"source_code\":\"default\",\"quantity\":1,"
                    + "\"status\":1}]}");
        assertThat(early.statusCode()).isEqualTo(200);

        EventOutbox.Batch whileRunning = outbox.next(start, 100, types);
        assertThat(whileRunning.events()).as("events while an older writer runs").isEmpty();
        assertThat(whileRunning.next()).isEqualTo(start);

        late.commit();
      }
      EventOutbox.Batch after = outbox.next(start, 100, types);
      List<String> skus =
          after.events().stream()
              .map(event -> ((java.util.Map<?, ?>) event.data()).get("sku").toString())
              .toList();
      assertThat(skus).containsExactly("LATE", "EARLY");
      assertThat(outbox.next(after.next(), 100, types).events()).isEmpty();
    }
  }
}
