package dev.stockroom.stock;

/** Where a stock sells: Magento implements one type, {@code website}, keyed by website code. */
public record SalesChannel(String type, String code) {
  public static final String WEBSITE = "website";
}
