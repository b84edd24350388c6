package dev.stockroom.stock;

import dev.stockroom.db.Database;
import dev.stockroom.db.UnitOfWork;
import dev.stockroom.error.CouldNotSaveException;
import dev.stockroom.inventory.Keys;
import dev.stockroom.search.Search;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchField;
import dev.stockroom.search.SearchResults;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Links between stocks and sources, keyed by (stock, source). Writes take their rows in key order,
 * as source-item writes do.
 */
public final class StockSourceLinkStore {
  private static final List<SearchField> FIELDS =
      List.of(
          SearchField.number("link_id", "link_id", 0, false),
          SearchField.number("stock_id", "stock_id", 0, false),
          SearchField.key("source_code", "source_key"),
          SearchField.number("priority", "priority", 0, false));

  private final Search<StockSourceLink> search;

  public StockSourceLinkStore(Database database) {
    this.search =
        new Search<>(
            database,
            "stock_id, source_code, priority",
            "stock_source_link JOIN source USING (source_key)",
            FIELDS,
            "link_id",
            row ->
                new StockSourceLink(
                    row.getLong("stock_id"),
                    row.getString("source_code"),
                    row.getLong("priority")));
  }

  public SearchResults<StockSourceLink> search(SearchCriteria criteria) {
    return search.run(criteria);
  }

  private record Key(long stockId, String sourceKey) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int byStock = Long.compare(stockId, other.stockId);
      return byStock != 0 ? byStock : sourceKey.compareTo(other.sourceKey);
    }
  }

  /**
   * Inserts or updates the priority of every link, all or nothing; within one request the last link
   * of a key wins. An unknown stock or source refuses the whole save.
   */
  void saveAll(UnitOfWork unit, List<StockSourceLink> validLinks) throws SQLException {
    var byKey = new TreeMap<Key, StockSourceLink>();
    validLinks.forEach(link -> byKey.put(key(link), link));
    Connection connection = unit.connection();
    for (Map.Entry<Key, StockSourceLink> entry : byKey.entrySet()) {
      Key key = entry.getKey();
      if (!StockStore.exists(connection, key.stockId())
          || !sourceExists(connection, key.sourceKey())) {
        throw new CouldNotSaveException("Could not save StockSourceLinks");
      }
      try (PreparedStatement upsert =
          connection.prepareStatement(
              """
              INSERT INTO stock_source_link (stock_id, source_key, priority) VALUES (?, ?, ?)
              ON CONFLICT (stock_id, source_key) DO UPDATE SET priority = excluded.priority
              """)) {
        upsert.setLong(1, key.stockId());
        upsert.setString(2, key.sourceKey());
        upsert.setLong(3, entry.getValue().priority());
        upsert.executeUpdate();
      }
    }
    unit.record(new Saved(List.copyOf(byKey.values())));
  }

  /** Links a unit of work saved, in key order. */
  public record Saved(List<StockSourceLink> links) implements UnitOfWork.Change {}

  /** Links a unit of work deleted, as asked for. */
  public record Deleted(List<StockSourceLink> links) implements UnitOfWork.Change {}

  /**
   * Deletes the links that exist; links that do not (or name no stock or source) are ignored.
   * Priorities are not renumbered.
   */
  void deleteAll(UnitOfWork unit, List<StockSourceLink> links) throws SQLException {
    var keys = new TreeMap<Key, StockSourceLink>();
    for (StockSourceLink link : links) {
      if (link.stockId() != null && link.sourceCode() != null) {
        keys.put(key(link), link);
      }
    }
    try (PreparedStatement delete =
        unit.connection()
            .prepareStatement(
                "DELETE FROM stock_source_link WHERE stock_id = ? AND source_key = ?")) {
      for (Key key : keys.keySet()) {
        delete.setLong(1, key.stockId());
        delete.setString(2, key.sourceKey());
        delete.executeUpdate();
      }
    }
    unit.record(new Deleted(List.copyOf(links)));
  }

  private static Key key(StockSourceLink link) {
    return new Key(link.stockId(), Keys.fold(link.sourceCode()));
  }

  private static boolean sourceExists(Connection connection, String sourceKey) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM source WHERE source_key = ?")) {
      select.setString(1, sourceKey);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }
}
