package dev.stockroom.db;

import dev.stockroom.inventory.Keys;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import javax.sql.DataSource;

/**
 * What differs between the databases Stockroom runs on. Everything else is portable SQL; nothing
 * outside the dialects asks which database it is talking to.
 */
public interface Dialect {
  /** The folder of vendor-only migrations, {@code db/migration/<name>}. */
  String name();

  DataSource dataSource(int poolSize);

  /** Values for the placeholders of the portable migrations. */
  Map<String, String> migrationPlaceholders();

  /** Held around every write transaction; a no-op where the database arbitrates writers itself. */
  Lock writeLock();

  /** An SQL expression folding {@code expression} to lower case exactly as {@link Keys#fold}. */
  String fold(String expression);

  /** An SQL condition: {@code expression} matches the regular expression bound to one parameter. */
  String matchesRegexp(String expression);

  /** Sets up a statement to fetch a large result in batches instead of all at once. */
  void streamResults(Connection connection, Statement statement) throws SQLException;

  /**
   * The statement that makes the transaction just begun read one snapshot for all its queries, or
   * null where a read transaction does so already.
   */
  String snapshotStatement();

  /**
   * The statement that moves the identity of {@code table}'s {@code column} past its largest value
   * after a row was inserted with an explicit id, or null where the database does so itself.
   */
  String identityCatchUp(String table, String column);

  /**
   * Rows per multi-row INSERT of a bulk write. A statement is compiled for each request, at a cost
   * that grows with its rows, and each statement run may be a round trip: the balance differs.
   */
  int rowsPerStatement();

  /** How much of a table a transaction takes, where writers run side by side. */
  enum TableLock {
    /**
     * What every writer of the table holds: taken before any row lock, so that a writer never holds
     * rows while it waits for the table (writers with row locks first and the table second deadlock
     * against a {@link #REWRITE}).
     */
    WRITE,
    /** Keeps every other writer off the table (readers go on) until the transaction ends. */
    REWRITE
  }

  /**
   * The statement that takes {@code table} in {@code mode} until the transaction ends, where
   * writers run side by side; null where they run one at a time already.
   */
  String lockTable(String table, TableLock mode);

  /**
   * Tells the database's triggers who changes data in this transaction and how, and the default
   * notify quantity: they write both into the change ledger.
   */
  void setChangeContext(Connection connection, ChangeContext context, long notifyDefaultE4)
      throws SQLException;

  /** Before a write transaction commits: what the change context still has to write. */
  void endChangeContext(Connection connection) throws SQLException;

  /** The clause that locks the rows a SELECT reads, where the database has row locks. */
  String forUpdate();

  /**
   * SQL for the id of the writing transaction (PostgreSQL's xid8 as a bigint; 0 where writers run
   * one at a time), as the outboxes store it.
   */
  String transactionId();

  /**
   * SQL for a transaction id below which every transaction has ended: rows of those are final, and
   * a reader that follows an outbox in (transaction, id) order takes no others.
   */
  String endedTransactionsBelow();

  /**
   * The clause that locks the rows of {@code table} a SELECT reads, passing over rows another
   * transaction holds: how workers of several instances share one queue. Empty where writers run
   * one at a time.
   */
  String forUpdateSkipLocked(String table);

  boolean isUniqueViolation(SQLException failure);

  /** A failure that running the same transaction again may not meet (deadlock, serialisation). */
  boolean isRetryable(SQLException failure);

  /**
   * A failure of the database's availability beyond SQL's connection exceptions (class 08), e.g. a
   * server shutting down.
   */
  boolean isUnavailable(SQLException failure);
}
