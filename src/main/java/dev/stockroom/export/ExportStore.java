package dev.stockroom.export;

import dev.stockroom.db.Database;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.search.RowStream;
import dev.stockroom.search.Search;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchField;
import dev.stockroom.search.SearchResults;
import java.util.List;

/**
 * The SKUs of a stock with their quantities, for Magento's export routes. A SKU belongs to a stock
 * where it has a source item at an enabled source linked to it (Stockroom has no catalog); its
 * figures are read from committed data, as the salable quantity always is.
 */
public final class ExportStore {
  private final Database database;
  private final long defaultThresholdE4;

  public ExportStore(Database database, Quantity defaultThreshold) {
    this.database = database;
    this.defaultThresholdE4 = defaultThreshold.e4();
  }

  /**
   * The stock's SKUs (one row each): any item in stock, the in-stock quantity, the sum of the
   * stock's reservations and the out-of-stock threshold. The stock id is a number of Stockroom's,
   * written into the SQL as one.
   */
  private String stockTable(long stockId) {
    return """
    (SELECT MIN(item.sku) AS sku, item.sku_key AS sku_key,
            MAX(item.status) AS any_in_stock,
            SUM(CASE WHEN item.status = 1 THEN item.quantity_e4 ELSE 0 END) AS in_stock_e4
     FROM source_item item
     JOIN stock_source_link link ON link.source_key = item.source_key AND link.stock_id = %1$d
     JOIN source ON source.source_key = item.source_key AND source.enabled = 1
     GROUP BY item.sku_key) export
    LEFT JOIN (SELECT sku_key, SUM(quantity_e4) AS reserved_e4 FROM reservation
               WHERE stock_id = %1$d GROUP BY sku_key) reserved
      ON reserved.sku_key = export.sku_key
    LEFT JOIN sku_threshold threshold ON threshold.sku_key = export.sku_key
    """
        .formatted(stockId);
  }

  private static final String COLUMNS =
      "export.sku, export.any_in_stock, export.in_stock_e4, COALESCE(reserved.reserved_e4, 0),"
          + " COALESCE(threshold.min_quantity_e4, %d)";

  /**
   * export-stock-salable-qty: each SKU's salable quantity (in stock + reservations − threshold, 0
   * where nothing is salable) and whether it is salable. Searchable by sku; {@code type_id} is
   * {@code simple} for every SKU.
   */
  public SearchResults<StockQuantity> salable(long stockId, SearchCriteria criteria) {
    return search(stockId, true).run(criteria);
  }

  /**
   * dump-stock-index-data: each SKU's index quantity (in stock, without reservations or threshold)
   * and whether it is salable, as Magento's stock index holds them.
   */
  public RowStream<StockQuantity> dump(long stockId) {
    return search(stockId, false).dump();
  }

  private Search<StockQuantity> search(long stockId, boolean salable) {
    return new Search<>(
        database,
        COLUMNS.formatted(defaultThresholdE4),
        stockTable(stockId),
        List.of(
            SearchField.key("sku", "export.sku_key"),
            SearchField.text("type_id", "'simple'", false)),
        "export.sku_key",
        row -> {
          boolean anyInStock = row.getInt(2) == 1;
          long inStock = row.getLong(3);
          long salableE4 = inStock + row.getLong(4) - row.getLong(5);
          boolean isSalable = anyInStock && salableE4 > 0;
          if (salable) {
            return new StockQuantity(
                row.getString(1), Quantity.ofE4(isSalable ? salableE4 : 0), isSalable);
          }
          // Magento's stock index: salable where in-stock quantity and reservations exceed the
          // threshold.
          return new StockQuantity(row.getString(1), Quantity.ofE4(inStock), salableE4 > 0);
        });
  }

  /** One SKU's quantity in a stock and whether it is salable, as Magento's export items. */
  public record StockQuantity(String sku, Quantity qty, boolean isSalable) {}
}
