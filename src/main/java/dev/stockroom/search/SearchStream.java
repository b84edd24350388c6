package dev.stockroom.search;

import java.io.IOException;

/**
 * Every match of a search, read from one statement as the rows are consumed, so that memory stays
 * flat however many rows match; the rows are counted on the way, which gives the total.
 */
public final class SearchStream<T> implements SearchResults<T> {
  /**
   * Takes the rows: {@link #start()} once the query has run (a query that fails never starts, so
   * its failure can still be answered as an error), then each row's value. Either may fail writing
   * (a client gone).
   */
  @FunctionalInterface
  public interface RowConsumer<T> {
    default void start() throws IOException {}

    void accept(T value) throws IOException;
  }

  /** Runs the search, giving each row's value to the consumer; returns how many rows there were. */
  @FunctionalInterface
  interface Cursor<T> {
    long forEach(RowConsumer<T> consumer);
  }

  private final SearchCriteria searchCriteria;
  private final Cursor<T> cursor;

  SearchStream(SearchCriteria searchCriteria, Cursor<T> cursor) {
    this.searchCriteria = searchCriteria;
    this.cursor = cursor;
  }

  @Override
  public SearchCriteria searchCriteria() {
    return searchCriteria;
  }

  /** Reads every match in one statement; returns the number of matches. */
  public long forEach(RowConsumer<T> consumer) {
    return cursor.forEach(consumer);
  }
}
