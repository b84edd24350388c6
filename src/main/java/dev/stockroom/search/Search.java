package dev.stockroom.search;

import dev.stockroom.db.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs searchCriteria over one table. With a page size it reads the page and the total in one
 * snapshot; without one (Magento returns every match) it gives a stream whose rows are read while
 * they are written out, so memory stays flat however many rows match.
 */
public final class Search<T> {
  /** Maps the current row of a result set. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private final Database database;
  private final String columns;
  private final String table;
  private final List<SearchField> fields;
  private final String tieBreaker;
  private final String baseCondition;
  private final RowMapper<T> rowMapper;

  /**
   * @param columns the columns {@code rowMapper} reads
   * @param table the table searched
   * @param fields the fields clients may filter and sort on
   * @param tieBreaker the column ordering rows that compare equal (Magento has no default order,
   *     which in practice is insertion order; paging needs a total order)
   */
  public Search(
      Database database,
      String columns,
      String table,
      List<SearchField> fields,
      String tieBreaker,
      RowMapper<T> rowMapper) {
    this(database, columns, table, fields, tieBreaker, null, rowMapper);
  }

  /**
   * As above, where every match must also meet {@code baseCondition} (SQL over the table's columns)
   * and {@code tieBreaker} may list several columns.
   */
  public Search(
      Database database,
      String columns,
      String table,
      List<SearchField> fields,
      String tieBreaker,
      String baseCondition,
      RowMapper<T> rowMapper) {
    this.database = database;
    this.columns = columns;
    this.table = table;
    this.fields = fields;
    this.tieBreaker = tieBreaker;
    this.baseCondition = baseCondition;
    this.rowMapper = rowMapper;
  }

  public SearchResults<T> run(SearchCriteria criteria) {
    SearchQuery query =
        SearchQuery.of(criteria, fields, database.dialect(), tieBreaker, baseCondition);
    long pageSize = criteria.pageSize() == null ? 0 : criteria.pageSize();
    if (pageSize == 0) {
      return new SearchStream<>(criteria, consumer -> stream(query, consumer));
    }
    // Magento's paging: a negative size reads one row per page, pages start at 1, and a page past
    // the end returns the last page.
    long size = pageSize < 0 ? 1 : pageSize;
    return database.read(connection -> {
      long total = count(connection, query);
      long lastPage = Math.max(1, (total + size - 1) / size);
      long requested = criteria.currentPage() == null ? 1 : criteria.currentPage();
      long page = Math.min(Math.max(requested, 1), lastPage);
      var items = new ArrayList<T>();
      // LIMIT and OFFSET as literals (they are numbers computed here): PostgreSQL's generic plan
      // for a parameterised LIMIT cannot know it is small, and sorts every match instead.
      String sql =
          select(query) + query.orderBy() + " LIMIT " + size + " OFFSET " + (page - 1) * size;
      try (PreparedStatement statement = prepare(connection, sql, query)) {
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            items.add(rowMapper.map(rows));
          }
        }
      }
      return new SearchPage<>(items, criteria, total);
    });
  }

  /** Every row, in the tie-breaker's order, as a stream written as a JSON array. */
  public RowStream<T> dump() {
    SearchQuery query =
        SearchQuery.of(SearchCriteria.EMPTY, fields, database.dialect(), tieBreaker, baseCondition);
    return new RowStream<>(consumer -> stream(query, consumer));
  }

  /** Every match of the criteria's filters and sort orders, read whole (for small tables). */
  public List<T> all(SearchCriteria criteria) {
    SearchQuery query =
        SearchQuery.of(criteria, fields, database.dialect(), tieBreaker, baseCondition);
    return database.read(connection -> {
      var items = new ArrayList<T>();
      try (PreparedStatement statement =
              prepare(connection, select(query) + query.orderBy(), query);
          ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          items.add(rowMapper.map(rows));
        }
      }
      return items;
    });
  }

  private String select(SearchQuery query) {
    return "SELECT " + columns + " FROM " + table + query.where();
  }

  private long count(Connection connection, SearchQuery query) throws SQLException {
    try (PreparedStatement statement =
            prepare(connection, "SELECT COUNT(*) FROM " + table + query.where(), query);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** One statement: the rows are counted as they are consumed. */
  private long stream(SearchQuery query, SearchStream.RowConsumer<T> consumer) {
    return database.readStatement(connection -> {
      long total = 0;
      try (PreparedStatement statement =
          prepare(connection, select(query) + query.orderBy(), query)) {
        database.dialect().streamResults(connection, statement);
        try (ResultSet rows = statement.executeQuery()) {
          consumer.start();
          while (rows.next()) {
            consumer.accept(rowMapper.map(rows));
            total++;
          }
        }
      } catch (IOException clientGone) {
        throw new UncheckedIOException(clientGone);
      }
      return total;
    });
  }

  private static PreparedStatement prepare(Connection connection, String sql, SearchQuery query)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      int index = 1;
      for (Object parameter : query.parameters()) {
        statement.setObject(index++, parameter);
      }
      return statement;
    } catch (SQLException | RuntimeException failure) {
      statement.close();
      throw failure;
    }
  }
}
