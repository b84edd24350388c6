package dev.stockroom.ledger;

import dev.stockroom.inventory.Quantity;

/**
 * One row of the change ledger: a source item's quantity and status before and after a change
 * (absent where it did not exist, or no longer does), the delta, who made it and how, and when.
 */
public record SourceItemChange(
    long changeId,
    String sku,
    String sourceCode,
    Quantity quantityBefore,
    Integer statusBefore,
    Quantity quantityAfter,
    Integer statusAfter,
    Quantity delta,
    String actorType,
    Long actorId,
    String actorName,
    String via,
    String bulkUuid,
    String requestId,
    String changedAt) {}
