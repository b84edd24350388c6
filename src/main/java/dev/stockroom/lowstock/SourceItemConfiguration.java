package dev.stockroom.lowstock;

import dev.stockroom.inventory.Quantity;

/**
 * The notify quantity of one SKU at one source (Magento's SourceItemConfigurationInterface), in
 * Magento's getter order. A null quantity, stored, means the configured default.
 */
public record SourceItemConfiguration(String sourceCode, Quantity notifyStockQty, String sku) {}
