package dev.stockroom.sourceitem;

import dev.stockroom.db.Database;
import dev.stockroom.db.Dialect;
import dev.stockroom.db.Placeholders;
import dev.stockroom.db.UnitOfWork;
import dev.stockroom.error.CouldNotSaveException;
import dev.stockroom.inventory.Keys;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.search.Search;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchField;
import dev.stockroom.search.SearchResults;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Source items, keyed by (source, sku) case-insensitively. Writes run in the caller's unit of work
 * and take their rows in one fixed order (the order of the unique key), so concurrent writers queue
 * behind each other instead of deadlocking.
 */
public final class SourceItemStore {
  private static final List<SearchField> FIELDS =
      List.of(
          SearchField.key("sku", "sku_key"),
          SearchField.key("source_code", "source_key"),
          SearchField.number("quantity", "quantity_e4", 4, false),
          SearchField.number("status", "status", 0, false),
          SearchField.number("source_item_id", "source_item_id", 0, false));

  private final Database database;
  private final Search<SourceItem> search;

  public SourceItemStore(Database database) {
    this.database = database;
    this.search =
        new Search<>(
            database,
            "sku, source_code, quantity_e4, status",
            "source_item",
            FIELDS,
            "source_item_id",
            SourceItemStore::map);
  }

  /**
   * By position, in the order of the columns above: a lookup by name costs a hash per column and
   * row, which showed in streams of a million rows. Text is read as the database's bytes and
   * decoded here: sqlite-jdbc's getString builds a buffer object from native code for every text
   * column, which took a fifth of a stream's CPU.
   */
  private static SourceItem map(ResultSet row) throws SQLException {
    return new SourceItem(
        new String(row.getBytes(1), StandardCharsets.UTF_8),
        new String(row.getBytes(2), StandardCharsets.UTF_8),
        Quantity.ofE4(row.getLong(3)),
        row.getInt(4));
  }

  /**
   * The in-stock source items of {@code skus} at {@code sourceCodes}, in no particular order: what
   * source selection may deduct from.
   */
  public List<SourceItem> inStock(List<String> sourceCodes, List<String> skus) {
    var sourceKeys = sourceCodes.stream().map(Keys::fold).distinct().toList();
    var skuKeys = skus.stream().map(Keys::fold).distinct().toList();
    if (sourceKeys.isEmpty() || skuKeys.isEmpty()) {
      return List.of();
    }
    return database.read(connection -> {
      var items = new ArrayList<SourceItem>();
      int chunk = 500;
      for (int start = 0; start < skuKeys.size(); start += chunk) {
        List<String> part = skuKeys.subList(start, Math.min(skuKeys.size(), start + chunk));
        try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT sku, source_code, quantity_e4, status FROM source_item"
                    + " WHERE sku_key IN ("
                    + Placeholders.list(part.size())
                    + ") AND source_key IN ("
                    + Placeholders.list(sourceKeys.size())
                    + ") AND status = 1")) {
          int index = 1;
          for (String key : part) {
            select.setString(index++, key);
          }
          for (String key : sourceKeys) {
            select.setString(index++, key);
          }
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              items.add(map(rows));
            }
          }
        }
      }
      return items;
    });
  }

  /**
   * The codes (by their folded keys) of the sources that hold every one of {@code skus}, in any
   * quantity or status.
   */
  public Set<String> sourcesHoldingAll(List<String> skus) {
    var skuKeys = skus.stream().map(Keys::fold).distinct().toList();
    return database.read(connection -> {
      var sources = new HashSet<String>();
      if (skuKeys.isEmpty()) {
        return sources;
      }
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT source_key FROM source_item WHERE sku_key IN ("
                  + Placeholders.list(skuKeys.size())
                  + ") GROUP BY source_key HAVING COUNT(*) = ?")) {
        int index = 1;
        for (String key : skuKeys) {
          select.setString(index++, key);
        }
        select.setInt(index, skuKeys.size());
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            sources.add(rows.getString(1));
          }
        }
      }
      return sources;
    });
  }

  /** How many source items, distinct SKUs and sources holding items there are. */
  public record Summary(long sourceItems, long skus, long sources) {}

  public Summary summary() {
    return database.read(connection -> {
      try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT COUNT(*), COUNT(DISTINCT sku_key), COUNT(DISTINCT source_key)"
                      + " FROM source_item");
          ResultSet rows = select.executeQuery()) {
        rows.next();
        return new Summary(rows.getLong(1), rows.getLong(2), rows.getLong(3));
      }
    });
  }

  /**
   * Whether any source holds the SKU: Stockroom has no catalog, and a SKU exists where it has a
   * source item.
   */
  public boolean skuExists(String sku) {
    return database.read(connection -> {
      try (PreparedStatement select =
          connection.prepareStatement("SELECT 1 FROM source_item WHERE sku_key = ? LIMIT 1")) {
        select.setString(1, Keys.fold(sku));
        try (ResultSet rows = select.executeQuery()) {
          return rows.next();
        }
      }
    });
  }

  /** A page of results, or a stream of every match when no page size is given. */
  public SearchResults<SourceItem> search(SearchCriteria criteria) {
    return search.run(criteria);
  }

  /** Source items a unit of work saved, in key order, as they now are. */
  public record Saved(List<SourceItem> items) implements UnitOfWork.Change {}

  /** A source item's identity as a client names it: matched case-insensitively. */
  public record Pair(String sourceCode, String sku) {}

  /** Source items a unit of work deleted, as they were asked for (pairs that did not exist too). */
  public record Deleted(List<Pair> pairs) implements UnitOfWork.Change {}

  /** The case-insensitive identity of a source item, in the order rows are taken. */
  private record Key(String sourceKey, String skuKey) implements Comparable<Key> {
    static Key of(String sourceCode, String sku) {
      return new Key(Keys.fold(sourceCode), Keys.fold(sku));
    }

    @Override
    public int compareTo(Key other) {
      int bySource = sourceKey.compareTo(other.sourceKey);
      return bySource != 0 ? bySource : skuKey.compareTo(other.skuKey);
    }
  }

  /** One row to write: its key, the sku's casing for a new row, and the item. */
  private record Row(Key key, String sku, SourceItem item) {}

  /**
   * Inserts or updates every item, all or nothing. Within one request the last item of a key wins;
   * a new key keeps the casing of its first mention and an existing one keeps its stored casing, as
   * Magento's INSERT … ON DUPLICATE KEY UPDATE does.
   */
  public void saveAll(UnitOfWork unit, List<SourceItem> validItems) throws SQLException {
    if (validItems.isEmpty()) {
      return;
    }
    List<Row> rows = rows(validItems);
    Connection connection = unit.connection();
    Map<String, String> sourceCodes = sourceCodes(connection, rows);
    // 6 parameters a row: even 500 rows stay far below every driver's limit.
    int chunk = unit.dialect().rowsPerStatement();
    int whole = rows.size() / chunk * chunk;
    if (whole > 0) {
      // One statement, compiled once, for every whole chunk.
      try (PreparedStatement upsert = prepareUpsert(connection, chunk)) {
        for (int start = 0; start < whole; start += chunk) {
          upsert(upsert, rows.subList(start, start + chunk), sourceCodes);
        }
      }
    }
    if (whole < rows.size()) {
      try (PreparedStatement upsert = prepareUpsert(connection, rows.size() - whole)) {
        upsert(upsert, rows.subList(whole, rows.size()), sourceCodes);
      }
    }
    unit.record(new Saved(rows.stream().map(Row::item).toList()));
  }

  /** The rows to write in key order, one per key. */
  private static List<Row> rows(List<SourceItem> validItems) {
    var sorted = new Row[validItems.size()];
    for (int index = 0; index < sorted.length; index++) {
      SourceItem item = validItems.get(index);
      sorted[index] = new Row(Key.of(item.sourceCode(), item.sku()), item.sku(), item);
    }
    // The sort is stable: the items of one key stay in the order they were sent.
    Arrays.sort(sorted, (one, other) -> one.key().compareTo(other.key()));
    var rows = new ArrayList<Row>(sorted.length);
    for (int first = 0; first < sorted.length; ) {
      int last = first;
      while (last + 1 < sorted.length && sorted[first].key().equals(sorted[last + 1].key())) {
        last++;
      }
      Row winner = sorted[last];
      rows.add(first == last ? winner : new Row(winner.key(), sorted[first].sku(), winner.item()));
      first = last + 1;
    }
    return rows;
  }

  /** The stored code of every source the rows name; an unknown one refuses the whole save. */
  private static Map<String, String> sourceCodes(Connection connection, List<Row> rows)
      throws SQLException {
    var wanted = new HashSet<String>();
    rows.forEach(row -> wanted.add(row.key().sourceKey()));
    var found = new HashMap<String, String>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT source_key, source_code FROM source WHERE source_key IN ("
                + Placeholders.list(wanted.size())
                + ")")) {
      int index = 1;
      for (String sourceKey : wanted) {
        select.setString(index++, sourceKey);
      }
      try (var result = select.executeQuery()) {
        while (result.next()) {
          found.put(result.getString(1), result.getString(2));
        }
      }
    }
    if (found.size() != wanted.size()) {
      throw new CouldNotSaveException("Could not save Source Item");
    }
    return found;
  }

  private static PreparedStatement prepareUpsert(Connection connection, int rows)
      throws SQLException {
    return connection.prepareStatement(
        """
        INSERT INTO source_item (source_key, source_code, sku, sku_key, quantity_e4, status)
        VALUES %s
        ON CONFLICT (source_key, sku_key)
        DO UPDATE SET quantity_e4 = excluded.quantity_e4, status = excluded.status
        """
            .formatted(Placeholders.rows(rows, 6)));
  }

  private static void upsert(
      PreparedStatement upsert, List<Row> rows, Map<String, String> sourceCodes)
      throws SQLException {
    int index = 1;
    for (Row row : rows) {
      upsert.setString(index++, row.key().sourceKey());
      upsert.setString(index++, sourceCodes.get(row.key().sourceKey()));
      upsert.setString(index++, row.sku());
      upsert.setString(index++, row.key().skuKey());
      upsert.setLong(index++, row.item().quantity().e4());
      upsert.setInt(index++, row.item().status());
    }
    upsert.executeUpdate();
  }

  /**
   * Deletes the (source, sku) pairs that exist; pairs that do not are ignored, as in Magento.
   * Returns how many source items were deleted.
   */
  public int deleteAll(UnitOfWork unit, List<Pair> pairs) throws SQLException {
    var keys = new TreeSet<Key>();
    pairs.forEach(pair -> keys.add(Key.of(pair.sourceCode(), pair.sku())));
    var sorted = new ArrayList<>(keys);
    int chunk = unit.dialect().rowsPerStatement();
    int deleted = 0;
    for (int start = 0; start < sorted.size(); start += chunk) {
      deleted += delete(unit, sorted.subList(start, Math.min(sorted.size(), start + chunk)));
    }
    unit.record(new Deleted(List.copyOf(pairs)));
    return deleted;
  }

  /**
   * Assigns every SKU to every source that does not hold it yet, with quantity 0 and out of stock
   * (Magento's bulk assign); returns how many source items were created.
   */
  public int assign(UnitOfWork unit, List<String> sourceCodes, List<String> skus)
      throws SQLException {
    var byKey = new TreeMap<Key, Row>();
    for (String sourceCode : sourceCodes) {
      for (String sku : skus) {
        Key key = Key.of(sourceCode, sku);
        byKey.putIfAbsent(
            key,
            new Row(
                key, sku, new SourceItem(sku, sourceCode, Quantity.ZERO, SourceItem.OUT_OF_STOCK)));
      }
    }
    var rows = new ArrayList<>(byKey.values());
    if (rows.isEmpty()) {
      return 0;
    }
    Connection connection = unit.connection();
    Map<String, String> stored = sourceCodes(connection, rows);
    var created = new ArrayList<SourceItem>();
    int chunk = unit.dialect().rowsPerStatement();
    for (int start = 0; start < rows.size(); start += chunk) {
      List<Row> part = rows.subList(start, Math.min(rows.size(), start + chunk));
      try (PreparedStatement insert =
          connection.prepareStatement(
              """
              INSERT INTO source_item (source_key, source_code, sku, sku_key, quantity_e4, status)
              VALUES %s
              ON CONFLICT (source_key, sku_key) DO NOTHING
              RETURNING sku, source_code
              """
                  .formatted(Placeholders.rows(part.size(), 6)))) {
        int index = 1;
        for (Row row : part) {
          insert.setString(index++, row.key().sourceKey());
          insert.setString(index++, stored.get(row.key().sourceKey()));
          insert.setString(index++, row.sku());
          insert.setString(index++, row.key().skuKey());
          insert.setLong(index++, 0);
          insert.setInt(index++, SourceItem.OUT_OF_STOCK);
        }
        try (ResultSet inserted = insert.executeQuery()) {
          while (inserted.next()) {
            created.add(
                new SourceItem(
                    inserted.getString(1),
                    inserted.getString(2),
                    Quantity.ZERO,
                    SourceItem.OUT_OF_STOCK));
          }
        }
      }
    }
    unit.record(new Saved(created));
    return created.size();
  }

  /**
   * The source items of {@code skus} at {@code sourceCodes} that exist, by their folded (source,
   * sku) key; where writers run side by side (PostgreSQL) they stay locked, taken in key order,
   * until the unit of work ends.
   */
  public Map<Pair, SourceItem> lock(UnitOfWork unit, List<String> sourceCodes, List<String> skus)
      throws SQLException {
    var sourceKeys = new TreeSet<String>();
    sourceCodes.forEach(code -> sourceKeys.add(Keys.fold(code)));
    var skuKeys = new TreeSet<String>();
    skus.forEach(sku -> skuKeys.add(Keys.fold(sku)));
    var found = new HashMap<Pair, SourceItem>();
    if (skuKeys.isEmpty() || sourceKeys.isEmpty()) {
      return found;
    }
    // A writer's table lock before its row locks (see TableLock.WRITE).
    lockTable(unit, Dialect.TableLock.WRITE);
    var skuList = new ArrayList<>(skuKeys);
    int chunk = 500;
    for (int start = 0; start < skuList.size(); start += chunk) {
      List<String> part = skuList.subList(start, Math.min(skuList.size(), start + chunk));
      try (PreparedStatement select =
          unit.connection()
              .prepareStatement(
                  "SELECT sku, source_code, quantity_e4, status, source_key, sku_key"
                      + " FROM source_item WHERE source_key IN ("
                      + Placeholders.list(sourceKeys.size())
                      + ") AND sku_key IN ("
                      + Placeholders.list(part.size())
                      + ") ORDER BY source_key, sku_key"
                      + unit.dialect().forUpdate())) {
        int index = 1;
        for (String sourceKey : sourceKeys) {
          select.setString(index++, sourceKey);
        }
        for (String skuKey : part) {
          select.setString(index++, skuKey);
        }
        readLocked(select, found);
      }
    }
    return found;
  }

  /**
   * The source items of exactly these (source, sku) pairs that exist, by their folded key, locked
   * in key order until the unit of work ends (where writers run side by side).
   */
  public Map<Pair, SourceItem> lockPairs(UnitOfWork unit, List<Pair> pairs) throws SQLException {
    var keys = new TreeSet<Key>();
    pairs.forEach(pair -> keys.add(Key.of(pair.sourceCode(), pair.sku())));
    var found = new HashMap<Pair, SourceItem>();
    if (keys.isEmpty()) {
      return found;
    }
    lockTable(unit, Dialect.TableLock.WRITE);
    var sorted = new ArrayList<>(keys);
    int chunk = unit.dialect().rowsPerStatement();
    for (int start = 0; start < sorted.size(); start += chunk) {
      List<Key> part = sorted.subList(start, Math.min(sorted.size(), start + chunk));
      try (PreparedStatement select =
          unit.connection()
              .prepareStatement(
                  "SELECT sku, source_code, quantity_e4, status, source_key, sku_key"
                      + " FROM source_item WHERE (source_key, sku_key) IN (VALUES "
                      + Placeholders.rows(part.size(), 2)
                      + ") ORDER BY source_key, sku_key"
                      + unit.dialect().forUpdate())) {
        bindKeys(select, part);
        readLocked(select, found);
      }
    }
    return found;
  }

  /** The rows a locking SELECT of (sku, source_code, quantity, status, keys) read, by key. */
  private static void readLocked(PreparedStatement select, Map<Pair, SourceItem> found)
      throws SQLException {
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        found.put(
            new Pair(rows.getString(5), rows.getString(6)),
            new SourceItem(
                rows.getString(1),
                rows.getString(2),
                Quantity.ofE4(rows.getLong(3)),
                rows.getInt(4)));
      }
    }
  }

  /**
   * Takes the whole table for a rewrite that must read rows before it writes rows of other keys (a
   * full transfer): saves wait for it, and it for them, so their key orders cannot cross.
   */
  public void lockTable(UnitOfWork unit) throws SQLException {
    lockTable(unit, Dialect.TableLock.REWRITE);
  }

  private static void lockTable(UnitOfWork unit, Dialect.TableLock mode) throws SQLException {
    unit.lockTable("source_item", mode);
  }

  /**
   * Deletes the rows of {@code keys}. Where writers run side by side (PostgreSQL) it first locks
   * the rows in key order, and then deletes exactly the rows it locked, by id. A DELETE by key
   * would take rows in plan order, including any row that another transaction committed after the
   * lock, and could deadlock with a writer going in key order. A row committed after the lock
   * stays: this delete is ordered before the write that made it.
   */
  private static int delete(UnitOfWork unit, List<Key> keys) throws SQLException {
    Connection connection = unit.connection();
    String pairs = "(source_key, sku_key) IN (VALUES " + Placeholders.rows(keys.size(), 2) + ")";
    String lock = unit.dialect().forUpdate();
    if (lock.isEmpty()) {
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM source_item WHERE " + pairs)) {
        bindKeys(delete, keys);
        return delete.executeUpdate();
      }
    }
    lockTable(unit, Dialect.TableLock.WRITE);
    var locked = new ArrayList<Long>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT source_item_id FROM source_item WHERE "
                + pairs
                + " ORDER BY source_key, sku_key"
                + lock)) {
      bindKeys(select, keys);
      try (var rows = select.executeQuery()) {
        while (rows.next()) {
          locked.add(rows.getLong(1));
        }
      }
    }
    if (locked.isEmpty()) {
      return 0;
    }
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM source_item WHERE source_item_id = ANY (?)")) {
      delete.setArray(1, connection.createArrayOf("bigint", locked.toArray()));
      return delete.executeUpdate();
    }
  }

  private static void bindKeys(PreparedStatement statement, List<Key> keys) throws SQLException {
    int index = 1;
    for (Key key : keys) {
      statement.setString(index++, key.sourceKey());
      statement.setString(index++, key.skuKey());
    }
  }
}
