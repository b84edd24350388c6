package dev.stockroom.inventory;

import dev.stockroom.binding.Php;
import dev.stockroom.error.ErrorEntry;
import java.util.List;

/**
 * What a SKU may be, wherever one is written (source items, reservations, orders): Magento's
 * source-item rules, and its column's 64 characters.
 */
public final class Sku {
  public static final int MAX_LENGTH = 64;

  private Sku() {}

  /** Adds an error for each rule {@code sku} breaks. */
  public static void validate(String sku, List<ErrorEntry> errors) {
    String value = sku == null ? "" : sku;
    String trimmed = Php.trim(value);
    if (trimmed.isEmpty()) {
      errors.add(ErrorEntry.forField("\"%field\" can not be empty.", "sku"));
    }
    if (trimmed.length() != value.length()) {
      errors.add(
          ErrorEntry.forField("\"%field\" can not contain leading or trailing spaces.", "sku"));
    }
    if (value.codePointCount(0, value.length()) > MAX_LENGTH) {
      errors.add(ErrorEntry.tooLong("sku", MAX_LENGTH));
    }
  }
}
