package dev.stockroom.reservation;

import dev.stockroom.inventory.Quantity;

/**
 * One entry of the append-only ledger: a signed change of the salable quantity of a SKU in a stock.
 * Negative when an order is placed, positive when it is cancelled, shipped or refunded; {@code
 * metadata} is Magento's JSON string naming the sales event.
 */
public record Reservation(
    Long reservationId, Long stockId, String sku, Quantity quantity, String metadata) {}
