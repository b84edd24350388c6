package dev.stockroom.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite statements kept for reuse behave as fresh ones: same results, no stale snapshot. */
class StatementCachingConnectionTest {
  @TempDir Path directory;
  private DataSource connections;

  @BeforeEach
  void createTable() throws SQLException {
    connections = new SqliteDialect(directory.resolve("test.db")).dataSource(2);
    try (Connection connection = connections.getConnection();
        var statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (n INTEGER)");
      statement.execute("INSERT INTO t VALUES (1), (2), (3)");
    }
  }

  @Test
  void a_statement_closed_mid_result_holds_no_snapshot() throws SQLException {
    try (Connection reader = open();
        Connection writer = open()) {
      assertThat(firstRowThenClose(reader)).isEqualTo(1);
      reader.commit();
      try (var insert = writer.prepareStatement("INSERT INTO t VALUES (?)")) {
        insert.setInt(1, 4);
        insert.executeUpdate();
      }
      writer.commit();
      try (var count = reader.prepareStatement("SELECT count(*) FROM t");
          var result = count.executeQuery()) {
        result.next();
        assertThat(result.getInt(1)).isEqualTo(4);
      }
    }
  }

  @Test
  void the_same_sql_open_twice_at_once_gets_two_statements() throws SQLException {
    try (Connection connection = open();
        var outer = connection.prepareStatement("SELECT n FROM t ORDER BY n");
        var inner = connection.prepareStatement("SELECT n FROM t ORDER BY n")) {
      assertThat(inner).isNotSameAs(outer);
      try (var outerRows = outer.executeQuery()) {
        int outerCount = 0;
        while (outerRows.next()) {
          outerCount++;
          try (var innerRows = inner.executeQuery()) {
            int innerCount = 0;
            while (innerRows.next()) {
              innerCount++;
            }
            assertThat(innerCount).isEqualTo(3);
          }
        }
        assertThat(outerCount).isEqualTo(3);
      }
    }
  }

  @Test
  void a_reused_statement_starts_without_the_last_parameters() throws SQLException {
    try (Connection connection = open()) {
      String sql = "SELECT count(*) FROM t WHERE n > ?";
      var first = connection.prepareStatement(sql);
      first.setInt(1, 1);
      first.executeQuery().close();
      first.close();
      try (var second = connection.prepareStatement(sql)) {
        assertThat(second).isSameAs(first);
        try (var result = second.executeQuery()) {
          result.next();
          // An unbound parameter is NULL: nothing is greater than NULL.
          assertThat(result.getInt(1)).isZero();
        }
      }
    }
  }

  @Test
  void statements_beyond_the_capacity_are_finalised_and_prepared_again() throws SQLException {
    try (Connection connection = open()) {
      for (int round = 0; round < 2; round++) {
        for (int number = 0; number < 500; number++) {
          try (var select = connection.prepareStatement("SELECT n + " + number + " FROM t");
              var result = select.executeQuery()) {
            result.next();
            assertThat(result.getInt(1)).isEqualTo(1 + number);
          }
        }
      }
    }
  }

  private Connection open() throws SQLException {
    Connection connection = connections.getConnection();
    connection.setAutoCommit(false);
    return connection;
  }

  /** Reads the first of several rows and closes the statement with its result still open. */
  private static int firstRowThenClose(Connection connection) throws SQLException {
    var select = connection.prepareStatement("SELECT n FROM t ORDER BY n");
    var result = select.executeQuery();
    result.next();
    int first = result.getInt(1);
    select.close();
    return first;
  }
}
