package dev.stockroom.db;

import java.util.Collections;

/** The parameter markers of statements whose number of values is known only at run time. */
public final class Placeholders {
  private Placeholders() {}

  /** {@code ?, ?, ?} for an IN list of {@code count} values. */
  public static String list(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }

  /** {@code (?, ?), (?, ?)} for {@code count} rows of {@code columns} values each. */
  public static String rows(int count, int columns) {
    return String.join(", ", Collections.nCopies(count, "(" + list(columns) + ")"));
  }
}
