package dev.stockroom.search;

/**
 * A field clients may filter and sort on, and how its column compares.
 *
 * @param name the field's Magento name (matched case-insensitively, as MySQL column names)
 * @param column the column, for {@link Kind#KEY} the folded key column
 * @param kind how values compare
 * @param scale for numbers, the power of ten the column is scaled by (quantity: 4)
 * @param nullable whether the column can hold NULL
 */
public record SearchField(String name, String column, Kind kind, int scale, boolean nullable) {
  public enum Kind {
    /** Case-insensitive text with a folded key column beside it (sku, codes). */
    KEY,
    /** Case-insensitive text without a key column: folded in SQL. */
    TEXT,
    /** An exact decimal or integer, stored as an integer scaled by 10^scale. */
    NUMBER
  }

  public static SearchField key(String name, String keyColumn) {
    return new SearchField(name, keyColumn, Kind.KEY, 0, false);
  }

  public static SearchField text(String name, String column, boolean nullable) {
    return new SearchField(name, column, Kind.TEXT, 0, nullable);
  }

  public static SearchField number(String name, String column, int scale, boolean nullable) {
    return new SearchField(name, column, Kind.NUMBER, scale, nullable);
  }
}
