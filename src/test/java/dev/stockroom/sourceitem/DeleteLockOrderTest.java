package dev.stockroom.sourceitem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stockroom.TestServer;
import dev.stockroom.WriteLog;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A delete on PostgreSQL locks its rows in key order and then deletes those rows only. Were it to
 * delete by key, its DELETE would also take, in plan order, a row that another transaction
 * committed after the lock, and could deadlock with a writer that goes in key order. StressTest met
 * that race once in a CI run; this test forces it:
 *
 * <ol>
 *   <li>KEY-2 exists and a holder locks it;
 *   <li>a delete of KEY-1 and KEY-2 starts and waits for the holder;
 *   <li>KEY-1 is saved and committed;
 *   <li>a writer updates KEY-1 and then KEY-2 (key order), waiting in turn;
 *   <li>the holder commits.
 * </ol>
 *
 * The writer checks for deadlocks after 100 ms, so if one forms, the writer is the one refused.
 */
class DeleteLockOrderTest {
  @Test
  void a_delete_never_takes_a_row_it_did_not_lock_in_key_order() throws Exception {
    assumeTrue(TestServer.isPostgres(), "row locks are PostgreSQL's; SQLite has one writer");
    try (var server = TestServer.start();
        var background = Executors.newFixedThreadPool(2)) {
      String url = server.config().databaseUrl();
      assertThat(save(server, 2)).isEqualTo(200);
      try (var holder = DriverManager.getConnection(url);
          var writer = DriverManager.getConnection(url)) {
        holder.setAutoCommit(false);
        update(holder, "key-2");

        var delete =
            background.submit(() ->
                server.send(
                    "POST",
                    "/rest/V1/inventory/source-items-delete",
                    WriteLog.body(List.of(1, 2), 0)));
        awaitLockWaits(server, 1);
        assertThat(save(server, 1)).isEqualTo(200);

        writer.setAutoCommit(false);
        try (var statement = writer.createStatement()) {
          statement.execute("SET deadlock_timeout = '100ms'");
        }
        update(writer, "key-1");
        var writerDone =
            background.submit(() -> {
              update(writer, "key-2");
              return null;
            });
        awaitLockWaits(server, 2);
        holder.commit();

        writerDone.get(30, TimeUnit.SECONDS);
        writer.commit();
        assertThat(delete.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        // KEY-1 was saved after the delete locked its rows, so it stays.
        assertThat(storedKeys(url)).containsExactly("KEY-1");
      }
    }
  }

  private static int save(TestServer server, int key) {
    return server
        .send("POST", "/rest/V1/inventory/source-items", WriteLog.body(List.of(key), 7))
        .statusCode();
  }

  private static void update(Connection connection, String skuKey) throws SQLException {
    try (var update =
        connection.prepareStatement(
            "UPDATE source_item SET quantity_e4 = quantity_e4 + 1 WHERE sku_key = ?")) {
      update.setString(1, skuKey);
      update.executeUpdate();
    }
  }

  /** Waits until {@code count} sessions of the server's database wait for a lock. */
  private static void awaitLockWaits(TestServer server, int count) {
    TestServer.awaitPostgresSessions(
        server.config(), "wait_event_type = 'Lock'", waiting -> waiting >= count);
  }

  private static List<String> storedKeys(String url) throws SQLException {
    try (var connection = DriverManager.getConnection(url);
        var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT sku FROM source_item ORDER BY sku_key")) {
      var skus = new ArrayList<String>();
      while (rows.next()) {
        skus.add(rows.getString(1));
      }
      return skus;
    }
  }
}
