package dev.stockroom.sourceitem;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.db.Database;
import dev.stockroom.db.Keys;
import dev.stockroom.error.CouldNotSaveException;
import dev.stockroom.http.Json;
import dev.stockroom.search.Search;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchField;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Source items, keyed by (source, sku) case-insensitively. Writes are one transaction each and take
 * their rows in one fixed order (the order of the unique key), so concurrent writers queue behind
 * each other instead of deadlocking.
 */
public final class SourceItemStore {
  private static final List<SearchField> FIELDS =
      List.of(
          SearchField.key("sku", "sku_key"),
          SearchField.key("source_code", "source_key"),
          SearchField.number("quantity", "quantity_e4", 4, false),
          SearchField.number("status", "status", 0, false),
          SearchField.number("source_item_id", "source_item_id", 0, false));

  // The names a stream writes, encoded once.
  private static final SerializedString SKU = new SerializedString("sku");
  private static final SerializedString SOURCE_CODE = new SerializedString("source_code");
  private static final SerializedString QUANTITY = new SerializedString("quantity");
  private static final SerializedString STATUS = new SerializedString("status");

  private final Database database;
  private final Search<SourceItem> search;

  public SourceItemStore(Database database, ObjectMapper mapper) {
    this.database = database;
    this.search =
        new Search<>(
            database,
            mapper,
            "sku, source_code, quantity_e4, status",
            "source_item",
            FIELDS,
            "source_item_id",
            // By position, in the order of the columns above: a lookup by name costs a hash per
            // column and row, which showed in streams of a million rows.
            row ->
                new SourceItem(
                    row.getString(1),
                    row.getString(2),
                    BigDecimal.valueOf(row.getLong(3), 4),
                    row.getInt(4)),
            SourceItemStore::writeRow);
  }

  /**
   * One row of a stream, as the mapper writes a {@link SourceItem}: the text columns go out as the
   * bytes the database holds, without a String in between, which made streams of source items spend
   * about a quarter less CPU.
   */
  private static void writeRow(ResultSet row, JsonGenerator out) throws SQLException, IOException {
    out.writeStartObject();
    out.writeFieldName(SKU);
    writeText(out, row.getBytes(1));
    out.writeFieldName(SOURCE_CODE);
    writeText(out, row.getBytes(2));
    out.writeFieldName(QUANTITY);
    out.writeNumber(Json.phpNumber(BigDecimal.valueOf(row.getLong(3), 4)));
    out.writeFieldName(STATUS);
    out.writeNumber(row.getInt(4));
    out.writeEndObject();
  }

  /**
   * ASCII text goes out as its bytes. Other text goes out as a String: Jackson escapes a character
   * beyond the 16-bit range when it writes a String, and copies it when it writes UTF-8 bytes, and
   * a stream must write an item as a page does.
   */
  private static void writeText(JsonGenerator out, byte[] utf8) throws IOException {
    for (byte octet : utf8) {
      if (octet < 0) {
        out.writeString(new String(utf8, StandardCharsets.UTF_8));
        return;
      }
    }
    out.writeUTF8String(utf8, 0, utf8.length);
  }

  /** The case-insensitive identity of a source item. */
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

  /** One row to write: its key, the sku's casing for a new row, and the stored values. */
  private record Row(String sourceKey, String skuKey, String sku, long quantityE4, int status) {
    static final Comparator<Row> KEY_ORDER =
        (one, other) -> {
          int bySource = one.sourceKey.compareTo(other.sourceKey);
          return bySource != 0 ? bySource : one.skuKey.compareTo(other.skuKey);
        };
  }

  /**
   * Inserts or updates every item, all or nothing. Within one request the last item of a key wins;
   * a new key keeps the casing of its first mention and an existing one keeps its stored casing, as
   * Magento's INSERT … ON DUPLICATE KEY UPDATE does.
   */
  public void saveAll(List<SourceItem> validItems) {
    List<Row> rows = rows(validItems);
    database.inTransaction(connection -> {
      Map<String, String> sourceCodes = sourceCodes(connection, rows);
      // 6 parameters a row: even 500 rows stay far below every driver's limit.
      int chunk = database.dialect().rowsPerStatement();
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
      return null;
    });
  }

  /** The rows to write in key order, one per key. */
  private static List<Row> rows(List<SourceItem> validItems) {
    var sorted = new Row[validItems.size()];
    for (int index = 0; index < sorted.length; index++) {
      SourceItem item = validItems.get(index);
      sorted[index] =
          new Row(
              Keys.fold(item.sourceCode()),
              Keys.fold(item.sku()),
              item.sku(),
              item.quantity().movePointRight(4).longValueExact(),
              item.status());
    }
    // The sort is stable: the items of one key stay in the order they were sent.
    Arrays.sort(sorted, Row.KEY_ORDER);
    var rows = new ArrayList<Row>(sorted.length);
    for (int first = 0; first < sorted.length; ) {
      int last = first;
      while (last + 1 < sorted.length
          && Row.KEY_ORDER.compare(sorted[first], sorted[last + 1]) == 0) {
        last++;
      }
      Row winner = sorted[last];
      rows.add(
          first == last
              ? winner
              : new Row(
                  winner.sourceKey(),
                  winner.skuKey(),
                  sorted[first].sku(),
                  winner.quantityE4(),
                  winner.status()));
      first = last + 1;
    }
    return rows;
  }

  /** The stored code of every source the rows name; an unknown one refuses the whole save. */
  private static Map<String, String> sourceCodes(Connection connection, List<Row> rows)
      throws SQLException {
    var wanted = new HashSet<String>();
    rows.forEach(row -> wanted.add(row.sourceKey()));
    var found = new HashMap<String, String>();
    String placeholders = String.join(", ", Collections.nCopies(wanted.size(), "?"));
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT source_key, source_code FROM source WHERE source_key IN ("
                + placeholders
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
    String values = String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?, ?, ?)"));
    return connection.prepareStatement(
        """
        INSERT INTO source_item (source_key, source_code, sku, sku_key, quantity_e4, status)
        VALUES %s
        ON CONFLICT (source_key, sku_key)
        DO UPDATE SET quantity_e4 = excluded.quantity_e4, status = excluded.status
        """
            .formatted(values));
  }

  private static void upsert(
      PreparedStatement upsert, List<Row> rows, Map<String, String> sourceCodes)
      throws SQLException {
    int index = 1;
    for (Row row : rows) {
      upsert.setString(index++, row.sourceKey());
      upsert.setString(index++, sourceCodes.get(row.sourceKey()));
      upsert.setString(index++, row.sku());
      upsert.setString(index++, row.skuKey());
      upsert.setLong(index++, row.quantityE4());
      upsert.setInt(index++, row.status());
    }
    upsert.executeUpdate();
  }

  /** Deletes the (source, sku) pairs that exist; pairs that do not are ignored, as in Magento. */
  public void deleteAll(List<SourceItem> items) {
    var keys = new ArrayList<Key>();
    for (SourceItem item : items) {
      if (item.sku() != null && item.sourceCode() != null) {
        keys.add(Key.of(item.sourceCode(), item.sku()));
      }
    }
    var sorted = new ArrayList<>(new TreeSet<>(keys));
    database.inTransaction(connection -> {
      int chunk = database.dialect().rowsPerStatement();
      for (int start = 0; start < sorted.size(); start += chunk) {
        delete(connection, sorted.subList(start, Math.min(sorted.size(), start + chunk)));
      }
      return null;
    });
  }

  /**
   * Deletes the rows of {@code keys}. Where writers run side by side (PostgreSQL) it first locks
   * the rows in key order, and then deletes exactly the rows it locked, by id. A DELETE by key
   * would take rows in plan order, including any row that another transaction committed after the
   * lock, and could deadlock with a writer going in key order. A row committed after the lock
   * stays: this delete is ordered before the write that made it.
   */
  private void delete(Connection connection, List<Key> keys) throws SQLException {
    String pairs =
        "(source_key, sku_key) IN (VALUES "
            + String.join(", ", Collections.nCopies(keys.size(), "(?, ?)"))
            + ")";
    String lock = database.dialect().forUpdate();
    if (lock.isEmpty()) {
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM source_item WHERE " + pairs)) {
        bindKeys(delete, keys);
        delete.executeUpdate();
      }
      return;
    }
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
      return;
    }
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM source_item WHERE source_item_id = ANY (?)")) {
      delete.setArray(1, connection.createArrayOf("bigint", locked.toArray()));
      delete.executeUpdate();
    }
  }

  private static void bindKeys(PreparedStatement statement, List<Key> keys) throws SQLException {
    int index = 1;
    for (Key key : keys) {
      statement.setString(index++, key.sourceKey());
      statement.setString(index++, key.skuKey());
    }
  }

  /** A page of results, or a stream of every match when no page size is given. */
  public Object search(SearchCriteria criteria) {
    return search.run(criteria);
  }
}
