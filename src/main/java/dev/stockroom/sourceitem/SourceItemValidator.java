package dev.stockroom.sourceitem;

import dev.stockroom.binding.Php;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.ValidationException;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.inventory.Sku;
import java.util.ArrayList;
import java.util.List;

/**
 * Magento's source-item validators, in Magento's order, with errors accumulated over the whole
 * request; then Stockroom's limits of the columns Magento would overflow (sku of 64 characters,
 * quantity of decimal(12,4)).
 */
final class SourceItemValidator {
  private static final String CAN_NOT_BE_EMPTY = "\"%field\" can not be empty.";

  private SourceItemValidator() {}

  /** Validates every item; the quantities returned are rounded to 4 places as stored. */
  static List<SourceItem> validate(List<SourceItemRequest> items) {
    var errors = new ArrayList<ErrorEntry>();
    var valid = new ArrayList<SourceItem>(items.size());
    for (SourceItemRequest item : items) {
      Sku.validate(item.sku(), errors);
      validateSourceCode(item.sourceCode(), errors);
      Quantity quantity =
          Quantity.validate(item.quantity(), "quantity", "\"%field\" should be numeric.", errors);
      validateStatus(item.status(), errors);
      if (errors.isEmpty()) {
        valid.add(new SourceItem(item.sku(), item.sourceCode(), quantity, item.status()));
      }
    }
    if (!errors.isEmpty()) {
      // Source items, unlike sources, put the first error into the message (MSI 1.2, Magento 2.4).
      throw new ValidationException("Validation Failed: " + errors.get(0).rendered(), errors);
    }
    return valid;
  }

  static void validateSourceCode(String sourceCode, List<ErrorEntry> errors) {
    String value = sourceCode == null ? "" : sourceCode;
    if (Php.trim(value).isEmpty()) {
      errors.add(ErrorEntry.forField(CAN_NOT_BE_EMPTY, "source_code"));
    }
    if (Php.containsWhitespace(value)) {
      errors.add(ErrorEntry.forField("\"%field\" can not contain whitespaces.", "source_code"));
    }
  }

  static void validateStatus(Integer status, List<ErrorEntry> errors) {
    if (status == null) {
      errors.add(ErrorEntry.forField("\"%field\" should be numeric.", "status"));
    } else if (status != 0 && status != 1) {
      // Magento's wording, typo included.
      errors.add(ErrorEntry.forField("\"%field\" should a known status.", "status"));
    }
  }
}
