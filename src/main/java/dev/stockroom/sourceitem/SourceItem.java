package dev.stockroom.sourceitem;

import dev.stockroom.inventory.Quantity;

/**
 * A quantity of one SKU at one source, valid. Status 1 is "in stock", 0 "out of stock"; Magento
 * stores it as sent, with no rule tying it to the quantity.
 */
public record SourceItem(String sku, String sourceCode, Quantity quantity, int status) {
  public static final int OUT_OF_STOCK = 0;
  public static final int IN_STOCK = 1;
}
