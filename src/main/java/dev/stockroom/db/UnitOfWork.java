package dev.stockroom.db;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * One write transaction, opened by a use case and handed to every store it writes through. Stores
 * record what they changed; before the transaction commits, the database's commit listeners see
 * those changes and write on the same connection (a change ledger, an outbox), so their rows commit
 * or roll back with the change.
 */
public final class UnitOfWork {
  private final Connection connection;
  private final Dialect dialect;
  private final List<Change> changes = new ArrayList<>();

  UnitOfWork(Connection connection, Dialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  public Connection connection() {
    return connection;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Takes {@code table} in {@code mode} until the unit of work ends, where the database can. */
  public void lockTable(String table, Dialect.TableLock mode) throws java.sql.SQLException {
    String lock = dialect.lockTable(table, mode);
    if (lock != null) {
      try (var statement = connection.createStatement()) {
        statement.execute(lock);
      }
    }
  }

  /** Records a change for the commit listeners. */
  public void record(Change change) {
    changes.add(change);
  }

  /** The changes recorded so far, in order. */
  public List<Change> changes() {
    return List.copyOf(changes);
  }

  /** What a store changed in a unit of work: source items saved, a stock deleted, … */
  public interface Change {}

  /** Writes in a unit of work before it commits: in the same transaction as the change. */
  @FunctionalInterface
  public interface CommitListener {
    void beforeCommit(UnitOfWork unit) throws java.sql.SQLException;
  }

  /** Work done in a unit of work. */
  @FunctionalInterface
  public interface Work<T> {
    T apply(UnitOfWork unit) throws java.sql.SQLException;
  }
}
