package dev.stockroom.binding;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/** PHP's own rules where Magento's behaviour depends on them. */
public final class Php {
  private static final Pattern NUMERIC =
      Pattern.compile(
          "[ \\t\\n\\r\\x0B\\f]*[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?[ \\t\\n\\r\\x0B\\f]*");
  private static final String TRIMMED = " \t\n\r\0\u000B";
  private static final String WHITESPACE = " \t\n\u000B\f\r";

  private Php() {}

  /** PHP trim(): strips spaces, tabs, newlines, carriage returns, NUL and vertical tabs only. */
  public static String trim(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isTrimmed(text.charAt(start))) {
      start++;
    }
    while (end > start && isTrimmed(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  // These character tests run for every item of a bulk save: a comparison first (every character
  // in either set is at most ' '), then the set.
  private static boolean isTrimmed(char c) {
    return c <= ' ' && TRIMMED.indexOf(c) >= 0;
  }

  private static boolean isWhitespace(char c) {
    return c <= ' ' && WHITESPACE.indexOf(c) >= 0;
  }

  /** PCRE's \s, as Magento's regexes use it: space, tab, newline, vertical tab, form feed, CR. */
  public static boolean containsWhitespace(String text) {
    return indexOfWhitespace(text) >= 0;
  }

  /** Where the first character of PCRE's \s is in {@code text}, or -1. */
  public static int indexOfWhitespace(String text) {
    for (int index = 0; index < text.length(); index++) {
      if (isWhitespace(text.charAt(index))) {
        return index;
      }
    }
    return -1;
  }

  /** PHP 8 is_numeric() on a string. */
  public static boolean isNumeric(String text) {
    return NUMERIC.matcher(text).matches();
  }

  /** The value of a string that {@link #isNumeric} accepted. */
  public static BigDecimal toNumber(String numeric) {
    String plain = numeric.strip();
    if (plain.startsWith("+")) {
      plain = plain.substring(1);
    }
    return new BigDecimal(plain);
  }

  /** filter_var(FILTER_VALIDATE_BOOLEAN) as Magento uses it: unknown words are false. */
  public static boolean toBoolean(String text) {
    return switch (trim(text).toLowerCase(Locale.ROOT)) {
      case "1", "true", "yes", "on" -> true;
      default -> false;
    };
  }
}
