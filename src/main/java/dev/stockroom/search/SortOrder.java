package dev.stockroom.search;

/** A sort field; a missing direction sorts descending, as Magento does. */
public record SortOrder(String field, String direction) {
  public static final String ASC = "ASC";
  public static final String DESC = "DESC";

  boolean ascending() {
    return ASC.equals(direction);
  }
}
