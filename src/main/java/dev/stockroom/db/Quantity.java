package dev.stockroom.db;

import dev.stockroom.error.ErrorEntry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Quantities (source items, reservations, thresholds): exact decimals with 4 places, within the
 * range of Magento's decimal(12,4) column, stored as integers of 0.0001.
 */
public final class Quantity {
  public static final BigDecimal LIMIT = new BigDecimal("99999999.9999");
  private static final long LIMIT_E4 = LIMIT.movePointRight(4).longValueExact();

  private Quantity() {}

  /**
   * The quantity rounded to the 4 places stored; null, with an error added, when it is absent
   * ({@code absentTemplate}) or out of range.
   */
  public static BigDecimal validate(
      BigDecimal quantity, String field, String absentTemplate, List<ErrorEntry> errors) {
    if (quantity == null) {
      errors.add(ErrorEntry.forField(absentTemplate, field));
      return null;
    }
    long stored = FixedPoint.scale(quantity, 4, RoundingMode.HALF_UP, LIMIT_E4 + 1);
    if (Math.abs(stored) > LIMIT_E4) {
      errors.add(
          ErrorEntry.outOfRange(field, LIMIT.negate().toPlainString(), LIMIT.toPlainString()));
      return null;
    }
    return BigDecimal.valueOf(stored, 4);
  }
}
