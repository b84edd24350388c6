package dev.stockroom.binding;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Decimals stored as scaled integers (quantity × 10^4, degrees × 10^6). Conversion is exact, and
 * cheap for any input: a client may send {@code 1e999999999}, which a plain {@code setScale} would
 * expand into a billion digits.
 */
public final class FixedPoint {
  private FixedPoint() {}

  /**
   * {@code value × 10^scale}, rounded by {@code mode} to an integer and clamped to {@code ±bound}.
   */
  public static long scale(BigDecimal value, int scale, RoundingMode mode, long bound) {
    if (value.signum() == 0) {
      return 0;
    }
    // Digits before the decimal point of value × 10^scale (negative for fractions).
    long magnitude = (long) value.precision() - value.scale() + scale;
    if (magnitude > 19) {
      return value.signum() * bound;
    }
    BigDecimal scaled =
        magnitude < -1
            // Far below 0.1: any such value rounds like ±0.01 in every rounding mode.
            ? BigDecimal.valueOf(value.signum(), 2)
            : value.movePointRight(scale);
    BigDecimal rounded = scaled.setScale(0, mode);
    if (rounded.abs().compareTo(BigDecimal.valueOf(bound)) > 0) {
      return value.signum() * bound;
    }
    return rounded.longValueExact();
  }
}
