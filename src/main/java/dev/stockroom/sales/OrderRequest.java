package dev.stockroom.sales;

import dev.stockroom.inventory.Quantity;
import java.util.List;

/** An order to reserve stock for: its id (and increment id), the stock it sells from, its lines. */
record OrderRequest(String orderId, String incrementId, long stockId, List<Line> lines) {
  record Line(String sku, Quantity quantity) {}
}
