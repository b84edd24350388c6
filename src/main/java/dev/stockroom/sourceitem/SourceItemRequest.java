package dev.stockroom.sourceitem;

import java.math.BigDecimal;

/**
 * A source item as a client sent it: any part may be missing or out of range until {@link
 * SourceItemValidator} makes a {@link SourceItem} of it.
 */
record SourceItemRequest(String sku, String sourceCode, BigDecimal quantity, Integer status) {}
