package dev.stockroom.search;

/**
 * Rows read from one statement as they are consumed, written as a JSON array (a dump that is not a
 * search result); memory stays flat however many rows there are.
 */
public final class RowStream<T> {
  private final SearchStream.Cursor<T> cursor;

  RowStream(SearchStream.Cursor<T> cursor) {
    this.cursor = cursor;
  }

  /** Reads every row in one statement; returns the number of rows. */
  public long forEach(SearchStream.RowConsumer<T> consumer) {
    return cursor.forEach(consumer);
  }
}
