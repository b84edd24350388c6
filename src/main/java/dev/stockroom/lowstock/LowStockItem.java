package dev.stockroom.lowstock;

import dev.stockroom.inventory.Quantity;

/** An in-stock source item below its notify quantity, as the low-stock report lists it. */
public record LowStockItem(
    String sku, String sourceCode, Quantity quantity, Quantity notifyStockQty) {}
