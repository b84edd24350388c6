package dev.stockroom.lowstock;

import dev.stockroom.db.Database;
import dev.stockroom.db.Placeholders;
import dev.stockroom.db.UnitOfWork;
import dev.stockroom.inventory.Keys;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.search.Search;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchField;
import dev.stockroom.search.SearchResults;
import dev.stockroom.sourceitem.SourceItemStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Notify quantities of source items (Magento's low-stock notification configuration), keyed by
 * (source, sku) case-insensitively, written in key order; and the low-stock report over them.
 */
public final class SourceItemConfigurationStore {
  private final Database database;
  private final Search<LowStockItem> report;

  public SourceItemConfigurationStore(Database database, Quantity defaultNotifyQty) {
    this.database = database;
    String notify = "COALESCE(config.notify_stock_qty_e4, " + defaultNotifyQty.e4() + ")";
    this.report =
        new Search<>(
            database,
            "item.sku, item.source_code, item.quantity_e4, " + notify,
            """
            source_item item
            JOIN source ON source.source_key = item.source_key
            LEFT JOIN source_item_configuration config
              ON config.source_key = item.source_key AND config.sku_key = item.sku_key
            """,
            List.of(
                SearchField.key("sku", "item.sku_key"),
                SearchField.key("source_code", "item.source_key"),
                SearchField.number("quantity", "item.quantity_e4", 4, false),
                SearchField.number("notify_stock_qty", notify, 4, false)),
            "item.quantity_e4, item.source_item_id",
            // Magento's low-stock report: in stock, above zero, below the notify quantity, at an
            // enabled source; an item without a row of its own uses the default.
            "item.status = 1 AND item.quantity_e4 > 0 AND item.quantity_e4 < "
                + notify
                + " AND source.enabled = 1",
            row ->
                new LowStockItem(
                    row.getString(1),
                    row.getString(2),
                    Quantity.ofE4(row.getLong(3)),
                    Quantity.ofE4(row.getLong(4))));
  }

  /** The low-stock report: a page, or a stream of every match without a page size. */
  public SearchResults<LowStockItem> lowStock(SearchCriteria criteria) {
    return report.run(criteria);
  }

  /** A (source, sku) pair in key order. */
  record Key(String sourceKey, String skuKey) implements Comparable<Key> {
    static Key of(String sourceCode, String sku) {
      return new Key(Keys.fold(sourceCode), Keys.fold(sku));
    }

    @Override
    public int compareTo(Key other) {
      int bySource = sourceKey.compareTo(other.sourceKey);
      return bySource != 0 ? bySource : skuKey.compareTo(other.skuKey);
    }
  }

  /** The stored row of a pair, if any; its quantity null where it uses the default. */
  public Optional<SourceItemConfiguration> find(String sourceCode, String sku) {
    return database.read(connection -> {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT source_code, notify_stock_qty_e4, sku FROM source_item_configuration"
                  + " WHERE source_key = ? AND sku_key = ?")) {
        select.setString(1, Keys.fold(sourceCode));
        select.setString(2, Keys.fold(sku));
        try (ResultSet rows = select.executeQuery()) {
          if (!rows.next()) {
            return Optional.empty();
          }
          long notifyE4 = rows.getLong(2);
          Quantity notify = rows.wasNull() ? null : Quantity.ofE4(notifyE4);
          return Optional.of(
              new SourceItemConfiguration(rows.getString(1), notify, rows.getString(3)));
        }
      }
    });
  }

  /**
   * Inserts or updates every configuration (the last of a pair wins); an update keeps the casing
   * stored, as Magento's INSERT … ON DUPLICATE KEY UPDATE does.
   */
  public void saveAll(UnitOfWork unit, List<SourceItemConfiguration> configurations)
      throws SQLException {
    var byKey = new TreeMap<Key, SourceItemConfiguration>();
    configurations.forEach(each -> byKey.put(Key.of(each.sourceCode(), each.sku()), each));
    write(unit, byKey, "DO UPDATE SET notify_stock_qty_e4 = excluded.notify_stock_qty_e4");
  }

  /** Rows with the default (NULL) for pairs that have none: what bulk assign adds. */
  public void addDefaults(UnitOfWork unit, List<String> sourceCodes, List<String> skus)
      throws SQLException {
    var byKey = new TreeMap<Key, SourceItemConfiguration>();
    for (String sourceCode : sourceCodes) {
      for (String sku : skus) {
        byKey.putIfAbsent(
            Key.of(sourceCode, sku), new SourceItemConfiguration(sourceCode, null, sku));
      }
    }
    write(unit, byKey, "DO NOTHING");
  }

  /**
   * Gives every SKU without a row at {@code destination} the origin's notify quantity (or the
   * default): notify quantities move with a transfer, and one set at the destination stays.
   */
  public void copy(UnitOfWork unit, String origin, String destination, List<String> skus)
      throws SQLException {
    Map<String, SourceItemConfiguration> atOrigin = rows(unit.connection(), origin, skus);
    var byKey = new TreeMap<Key, SourceItemConfiguration>();
    for (String sku : skus) {
      SourceItemConfiguration from = atOrigin.get(Keys.fold(sku));
      byKey.putIfAbsent(
          Key.of(destination, sku),
          new SourceItemConfiguration(
              destination, from == null ? null : from.notifyStockQty(), sku));
    }
    write(unit, byKey, "DO NOTHING");
  }

  private static void write(
      UnitOfWork unit, TreeMap<Key, SourceItemConfiguration> byKey, String onConflict)
      throws SQLException {
    var rows = new ArrayList<>(byKey.entrySet());
    int chunk = unit.dialect().rowsPerStatement();
    for (int start = 0; start < rows.size(); start += chunk) {
      var part = rows.subList(start, Math.min(rows.size(), start + chunk));
      try (PreparedStatement upsert =
          unit.connection()
              .prepareStatement(
                  """
                  INSERT INTO source_item_configuration
                      (source_key, sku_key, source_code, sku, notify_stock_qty_e4)
                  VALUES %s
                  ON CONFLICT (source_key, sku_key) %s
                  """
                      .formatted(Placeholders.rows(part.size(), 5), onConflict))) {
        int index = 1;
        for (var row : part) {
          upsert.setString(index++, row.getKey().sourceKey());
          upsert.setString(index++, row.getKey().skuKey());
          upsert.setString(index++, row.getValue().sourceCode());
          upsert.setString(index++, row.getValue().sku());
          if (row.getValue().notifyStockQty() == null) {
            upsert.setNull(index++, Types.BIGINT);
          } else {
            upsert.setLong(index++, row.getValue().notifyStockQty().e4());
          }
        }
        upsert.executeUpdate();
      }
    }
  }

  /** The rows of {@code skus} at one source, by SKU key. */
  private static Map<String, SourceItemConfiguration> rows(
      Connection connection, String sourceCode, List<String> skus) throws SQLException {
    var found = new HashMap<String, SourceItemConfiguration>();
    List<String> keys = skus.stream().map(Keys::fold).distinct().toList();
    int chunk = 500;
    for (int start = 0; start < keys.size(); start += chunk) {
      List<String> part = keys.subList(start, Math.min(keys.size(), start + chunk));
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT sku_key, source_code, notify_stock_qty_e4, sku FROM source_item_configuration"
                  + " WHERE source_key = ? AND sku_key IN ("
                  + Placeholders.list(part.size())
                  + ")")) {
        int index = 1;
        select.setString(index++, Keys.fold(sourceCode));
        for (String key : part) {
          select.setString(index++, key);
        }
        try (ResultSet result = select.executeQuery()) {
          while (result.next()) {
            long notifyE4 = result.getLong(3);
            Quantity notify = result.wasNull() ? null : Quantity.ofE4(notifyE4);
            found.put(
                result.getString(1),
                new SourceItemConfiguration(result.getString(2), notify, result.getString(4)));
          }
        }
      }
    }
    return found;
  }

  /** Deletes the rows of these pairs; pairs without one are ignored. */
  public void deleteAll(UnitOfWork unit, List<SourceItemStore.Pair> pairs) throws SQLException {
    var keys = new TreeSet<Key>();
    pairs.forEach(pair -> keys.add(Key.of(pair.sourceCode(), pair.sku())));
    var sorted = new ArrayList<>(keys);
    int chunk = unit.dialect().rowsPerStatement();
    for (int start = 0; start < sorted.size(); start += chunk) {
      List<Key> part = sorted.subList(start, Math.min(sorted.size(), start + chunk));
      try (PreparedStatement delete =
          unit.connection()
              .prepareStatement(
                  "DELETE FROM source_item_configuration WHERE (source_key, sku_key) IN (VALUES "
                      + Placeholders.rows(part.size(), 2)
                      + ")")) {
        int index = 1;
        for (Key key : part) {
          delete.setString(index++, key.sourceKey());
          delete.setString(index++, key.skuKey());
        }
        delete.executeUpdate();
      }
    }
  }

  /**
   * The commit listener that keeps configurations with their source items: a deleted source item
   * takes its notify quantity with it, however it was deleted, as Magento's plugins do.
   */
  public UnitOfWork.CommitListener deletesFollowSourceItems() {
    return unit -> {
      var deleted = new ArrayList<SourceItemStore.Pair>();
      for (UnitOfWork.Change change : unit.changes()) {
        if (change instanceof SourceItemStore.Deleted removed) {
          deleted.addAll(removed.pairs());
        }
      }
      if (!deleted.isEmpty()) {
        deleteAll(unit, deleted);
      }
    };
  }
}
