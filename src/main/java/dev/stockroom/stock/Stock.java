package dev.stockroom.stock;

import java.util.List;

/**
 * A stock: what a sales channel sells from, made of the sources linked to it. Stock 1 is the
 * default stock; it holds the default source and every channel no other stock holds.
 */
public record Stock(Long stockId, String name, Extension extensionAttributes) {
  public static final long DEFAULT_ID = 1;

  /** The sales channels InventorySales attaches to every stock it loads. */
  public record Extension(List<SalesChannel> salesChannels) {}

  public List<SalesChannel> salesChannels() {
    return extensionAttributes == null || extensionAttributes.salesChannels() == null
        ? List.of()
        : extensionAttributes.salesChannels();
  }
}
