package dev.stockroom.stock;

import dev.stockroom.binding.Php;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.error.Parameters;
import dev.stockroom.error.ValidationException;
import dev.stockroom.inventory.Keys;
import java.util.ArrayList;
import java.util.List;

/**
 * Magento's stock–source link validators, errors accumulated over the whole request, and its guard
 * of the default pair: the default source belongs to the default stock alone, and the default stock
 * holds no other source.
 */
final class StockSourceLinkValidator {
  static final String DEFAULT_SOURCE = "default";
  private static final String CAN_NOT_BE_EMPTY = "\"%field\" can not be empty.";

  private StockSourceLinkValidator() {}

  static List<StockSourceLink> validateSave(List<StockSourceLink> links) {
    var errors = new ArrayList<ErrorEntry>();
    for (StockSourceLink link : links) {
      validateKey(link, errors);
      if (link.priority() == null || link.priority() <= 0) {
        // Magento's wording, typo included.
        errors.add(ErrorEntry.forField("\"%field\" should be greater then 0.", "priority"));
      }
      if (involvesDefaults(link)) {
        errors.add(
            new ErrorEntry(
                "Can not save link related to Default Source or Default Stock", Parameters.NONE));
      }
    }
    throwIfAny(errors);
    return links;
  }

  /** Delete checks nothing but the default pair, which it refuses as a whole. */
  static List<StockSourceLink> validateDelete(List<StockSourceLink> links) {
    for (StockSourceLink link : links) {
      if (touchesDefaults(link)) {
        throw new LocalizedException(
            "Can not delete link related to Default Source or Default Stock");
      }
    }
    return links;
  }

  private static void validateKey(StockSourceLink link, List<ErrorEntry> errors) {
    String sourceCode = link.sourceCode() == null ? "" : link.sourceCode();
    if (Php.trim(sourceCode).isEmpty()) {
      errors.add(ErrorEntry.forField(CAN_NOT_BE_EMPTY, "source_code"));
    }
    if (Php.containsWhitespace(sourceCode)) {
      errors.add(ErrorEntry.forField("\"%field\" can not contain whitespaces.", "source_code"));
    }
    if (link.stockId() == null) {
      errors.add(ErrorEntry.forField(CAN_NOT_BE_EMPTY, "stock_id"));
    }
  }

  /** Any link touching the default stock or the default source, except the one between them. */
  private static boolean involvesDefaults(StockSourceLink link) {
    if (link.stockId() == null || link.sourceCode() == null) {
      return false;
    }
    boolean defaultStock = link.stockId() == Stock.DEFAULT_ID;
    boolean defaultSource = Keys.fold(link.sourceCode()).equals(DEFAULT_SOURCE);
    return defaultStock != defaultSource;
  }

  /** Any link touching the default stock or the default source, the one between them included. */
  private static boolean touchesDefaults(StockSourceLink link) {
    return link.stockId() != null && link.stockId() == Stock.DEFAULT_ID
        || link.sourceCode() != null && Keys.fold(link.sourceCode()).equals(DEFAULT_SOURCE);
  }

  private static void throwIfAny(List<ErrorEntry> errors) {
    if (!errors.isEmpty()) {
      throw new ValidationException("Validation Failed", errors);
    }
  }
}
