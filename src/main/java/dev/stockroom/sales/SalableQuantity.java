package dev.stockroom.sales;

import dev.stockroom.db.Placeholders;
import dev.stockroom.inventory.Quantity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures behind the salable quantity of a SKU in a stock, read from committed data (Magento
 * reads an index that lags behind writes):
 *
 * <pre>
 * in stock  = Σ quantity of the SKU's in-stock source items at enabled sources linked to the stock
 * salable   = in stock + Σ reservations of the SKU in the stock − out-of-stock threshold
 * </pre>
 *
 * A SKU is assigned to the stock when it has a source item (of any status) at an enabled linked
 * source; Magento's index has a row for exactly those.
 */
record SalableQuantity(boolean assigned, boolean anyInStock, long salableE4) {
  private static final int CHUNK = 500;

  /** What get-product-salable-quantity answers: nothing salable below zero or without stock. */
  Quantity reported() {
    return assigned && anyInStock && salableE4 > 0 ? Quantity.ofE4(salableE4) : Quantity.ZERO;
  }

  /** is-product-salable: something in stock and more than nothing left. */
  boolean isSalable() {
    return anyInStock && salableE4 > 0;
  }

  /** Whether {@code requestedE4} can be sold, as the reservations condition compares it. */
  boolean covers(long requestedE4) {
    return assigned && salableE4 >= requestedE4;
  }

  /** The figures of every SKU key, in one snapshot of the caller's transaction. */
  static Map<String, SalableQuantity> read(
      Connection connection, long stockId, Collection<String> skuKeys, long defaultThresholdE4)
      throws SQLException {
    // A SKU is here when it has a source item at an enabled linked source.
    var assigned = new HashMap<String, Items>();
    var reserved = new HashMap<String, Long>();
    var thresholds = new HashMap<String, Long>();
    List<String> keys = new ArrayList<>(skuKeys);
    for (int start = 0; start < keys.size(); start += CHUNK) {
      List<String> chunk = keys.subList(start, Math.min(keys.size(), start + CHUNK));
      String in = Placeholders.list(chunk.size());
      query(
          connection,
          """
          SELECT item.sku_key, MAX(item.status),
                 SUM(CASE WHEN item.status = 1 THEN item.quantity_e4 ELSE 0 END)
          FROM source_item item
          JOIN stock_source_link link ON link.source_key = item.source_key
          JOIN source ON source.source_key = item.source_key
          WHERE link.stock_id = ? AND source.enabled = 1 AND item.sku_key IN (%s)
          GROUP BY item.sku_key
          """
              .formatted(in),
          stockId,
          chunk,
          row -> assigned.put(row.getString(1), new Items(row.getInt(2) == 1, row.getLong(3))));
      query(
          connection,
          """
          SELECT sku_key, SUM(quantity_e4) FROM reservation
          WHERE stock_id = ? AND sku_key IN (%s) GROUP BY sku_key
          """
              .formatted(in),
          stockId,
          chunk,
          row -> reserved.put(row.getString(1), row.getLong(2)));
      query(
          connection,
          "SELECT sku_key, min_quantity_e4 FROM sku_threshold WHERE sku_key IN (%s)".formatted(in),
          null,
          chunk,
          row -> thresholds.put(row.getString(1), row.getLong(2)));
    }
    var figures = new HashMap<String, SalableQuantity>();
    for (String key : keys) {
      Items items = assigned.get(key);
      long inStockE4 = items == null ? 0 : items.inStockE4();
      long salable =
          inStockE4
              + reserved.getOrDefault(key, 0L)
              - thresholds.getOrDefault(key, defaultThresholdE4);
      figures.put(
          key, new SalableQuantity(items != null, items != null && items.anyInStock(), salable));
    }
    return figures;
  }

  /** A SKU's source items in the stock: whether any is in stock, and the in-stock quantity. */
  private record Items(boolean anyInStock, long inStockE4) {}

  private interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  private static void query(
      Connection connection, String sql, Long stockId, List<String> keys, RowReader reader)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      int index = 1;
      if (stockId != null) {
        select.setLong(index++, stockId);
      }
      for (String key : keys) {
        select.setString(index++, key);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          reader.read(rows);
        }
      }
    }
  }
}
