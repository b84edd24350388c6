package dev.stockroom.inventory;

import dev.stockroom.binding.FixedPoint;
import dev.stockroom.error.ErrorEntry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * An exact quantity with 4 decimal places, held as a count of 0.0001: what source items,
 * reservations and thresholds hold, and what salable quantities add up to. A quantity a client
 * sends is bound as the decimal it wrote and becomes a Quantity once, when it is validated against
 * Magento's decimal(12,4) column ({@link #validate}); from there on it stays exact and is never
 * parsed again.
 */
public record Quantity(long e4) implements Comparable<Quantity> {
  public static final Quantity ZERO = new Quantity(0);

  /** The largest quantity Magento's decimal(12,4) columns hold, either way. */
  public static final BigDecimal LIMIT = new BigDecimal("99999999.9999");

  private static final long LIMIT_E4 = LIMIT.movePointRight(4).longValueExact();

  /** {@link #LIMIT} as a quantity: the most a source item holds. */
  public static final Quantity MAX = new Quantity(LIMIT_E4);

  public static Quantity ofE4(long e4) {
    return new Quantity(e4);
  }

  /** A quantity written in decimal (e.g. "2.5"), rounded to 4 places. */
  public static Quantity of(String decimal) {
    return new Quantity(
        FixedPoint.scale(new BigDecimal(decimal), 4, RoundingMode.HALF_UP, Long.MAX_VALUE));
  }

  /**
   * The quantity a client sent, rounded half up to the 4 places stored; null, with an error added,
   * when it is absent ({@code absentTemplate}) or beyond ±{@link #LIMIT}.
   */
  public static Quantity validate(
      BigDecimal sent, String field, String absentTemplate, List<ErrorEntry> errors) {
    if (sent == null) {
      errors.add(ErrorEntry.forField(absentTemplate, field));
      return null;
    }
    long e4 = FixedPoint.scale(sent, 4, RoundingMode.HALF_UP, LIMIT_E4 + 1);
    if (Math.abs(e4) > LIMIT_E4) {
      errors.add(
          ErrorEntry.outOfRange(field, LIMIT.negate().toPlainString(), LIMIT.toPlainString()));
      return null;
    }
    return new Quantity(e4);
  }

  /** The smallest quantity of 4 places not below {@code value}: what a requested amount needs. */
  public static Quantity ceiling(BigDecimal value) {
    return new Quantity(FixedPoint.scale(value, 4, RoundingMode.UP, Long.MAX_VALUE));
  }

  public Quantity plus(Quantity other) {
    return new Quantity(Math.addExact(e4, other.e4));
  }

  public Quantity minus(Quantity other) {
    return new Quantity(Math.subtractExact(e4, other.e4));
  }

  public Quantity negate() {
    return new Quantity(Math.negateExact(e4));
  }

  public int signum() {
    return Long.signum(e4);
  }

  public boolean isPositive() {
    return e4 > 0;
  }

  public BigDecimal toBigDecimal() {
    return BigDecimal.valueOf(e4, 4).stripTrailingZeros();
  }

  @Override
  public int compareTo(Quantity other) {
    return Long.compare(e4, other.e4);
  }

  /** As PHP prints a float: {@code 3}, {@code 5.5}, {@code -0.0001}; never an exponent. */
  @Override
  public String toString() {
    long whole = e4 / 10_000;
    long fraction = Math.abs(e4 % 10_000);
    String sign = e4 < 0 && whole == 0 ? "-" : "";
    if (fraction == 0) {
      return sign + whole;
    }
    var digits = new StringBuilder(Long.toString(fraction + 10_000).substring(1));
    while (digits.charAt(digits.length() - 1) == '0') {
      digits.setLength(digits.length() - 1);
    }
    return sign + whole + "." + digits;
  }
}
