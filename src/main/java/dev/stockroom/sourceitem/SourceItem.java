package dev.stockroom.sourceitem;

import java.math.BigDecimal;

/**
 * A quantity of one SKU at one source. Status 1 is "in stock", 0 "out of stock"; Magento stores it
 * as sent, with no rule tying it to the quantity.
 */
public record SourceItem(String sku, String sourceCode, BigDecimal quantity, Integer status) {}
