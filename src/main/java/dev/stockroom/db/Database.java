package dev.stockroom.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pooled database. Connections and transactions are lent to a callback and always returned,
 * committed if the callback returns and rolled back if it throws.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final int ATTEMPTS = 3;
  private static final Duration BUSY_WAIT = Duration.ofSeconds(30);

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final List<UnitOfWork.CommitListener> commitListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<List<UnitOfWork.Change>>> committedListeners =
      new CopyOnWriteArrayList<>();

  private Database(HikariDataSource pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
  }

  /**
   * Opens the pool and brings the schema up to date. A request waits at most {@code connectTimeout}
   * for a connection, so that an unreachable database answers quickly.
   */
  public static Database open(Dialect dialect, int poolSize, Duration connectTimeout) {
    var config = new HikariConfig();
    config.setDataSource(dialect.dataSource(poolSize));
    config.setMaximumPoolSize(poolSize);
    config.setConnectionTimeout(connectTimeout.toMillis());
    config.setValidationTimeout(Math.min(connectTimeout.toMillis(), 1_000));
    config.setPoolName("stockroom-" + dialect.name());
    config.setAutoCommit(false);
    var pool = new HikariDataSource(config);
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/migration/common", "classpath:db/migration/" + dialect.name())
          .placeholders(dialect.migrationPlaceholders())
          .load()
          .migrate();
    } catch (RuntimeException failure) {
      pool.close();
      throw failure;
    }
    return new Database(pool, dialect);
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * Registers a listener that writes in every unit of work before it commits. Listeners are added
   * while the application is wired, before any request.
   */
  public void addCommitListener(UnitOfWork.CommitListener listener) {
    commitListeners.add(listener);
  }

  /**
   * Registers a listener told what each unit of work changed once it has committed (to count, not
   * to write). Listeners are added while the application is wired, before any request.
   */
  public void addCommittedListener(Consumer<List<UnitOfWork.Change>> listener) {
    committedListeners.add(listener);
  }

  /** Who changes data and how, for the work running on this thread (see withChangeContext). */
  private static final ThreadLocal<ChangeContext> CHANGE_CONTEXT = new ThreadLocal<>();

  /** The notify quantity of items without their own, in 0.0001: the ledger records it. */
  private volatile long notifyDefaultE4 = 10_000;

  /** The default notify quantity the ledger records with each change (for low-stock events). */
  public void notifyDefault(long e4) {
    this.notifyDefaultE4 = e4;
  }

  /**
   * Runs {@code work} with {@code context} as the change context of every unit of work it opens on
   * this thread; a context set further out stays.
   */
  public static <T> T withChangeContext(ChangeContext context, Callable<T> work) throws Exception {
    if (CHANGE_CONTEXT.get() != null) {
      return work.call();
    }
    CHANGE_CONTEXT.set(context);
    try {
      return work.call();
    } finally {
      CHANGE_CONTEXT.remove();
    }
  }

  /** The change context of this thread, or null. */
  public static ChangeContext changeContext() {
    return CHANGE_CONTEXT.get();
  }

  /** The commit listener of the work running on this thread, if any (see withCommitListener). */
  private static final ThreadLocal<UnitOfWork.CommitListener> CALL_LISTENER = new ThreadLocal<>();

  /**
   * Runs {@code work} with {@code listener} as one more commit listener of every unit of work it
   * opens on this thread: a queued operation marks itself done in the transaction of its effect, so
   * that the two commit together or not at all.
   */
  public static <T> T withCommitListener(UnitOfWork.CommitListener listener, Supplier<T> work) {
    UnitOfWork.CommitListener outer = CALL_LISTENER.get();
    CALL_LISTENER.set(listener);
    try {
      return work.get();
    } finally {
      if (outer == null) {
        CALL_LISTENER.remove();
      } else {
        CALL_LISTENER.set(outer);
      }
    }
  }

  /**
   * Runs {@code work} in one write transaction, a unit of work; the commit listeners write in it
   * after the work and before the commit. Where the database reports a deadlock or a serialisation
   * failure (which key-ordered writes should never meet) it runs it again, a few times.
   */
  public <T> T inTransaction(UnitOfWork.Work<T> work) {
    Lock writeLock = dialect.writeLock();
    writeLock.lock();
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          var changes = new ArrayList<UnitOfWork.Change>();
          T committed =
              run(
                  connection -> {
                    ChangeContext context = CHANGE_CONTEXT.get();
                    if (context == null) {
                      context = ChangeContext.system(null, System.currentTimeMillis());
                    }
                    dialect.setChangeContext(connection, context, notifyDefaultE4);
                    var unit = new UnitOfWork(connection, dialect);
                    T result = work.apply(unit);
                    for (UnitOfWork.CommitListener listener : commitListeners) {
                      listener.beforeCommit(unit);
                    }
                    UnitOfWork.CommitListener callListener = CALL_LISTENER.get();
                    if (callListener != null) {
                      callListener.beforeCommit(unit);
                    }
                    dialect.endChangeContext(connection);
                    changes.addAll(unit.changes());
                    return result;
                  },
                  false);
          for (Consumer<List<UnitOfWork.Change>> listener : committedListeners) {
            listener.accept(changes);
          }
          return committed;
        } catch (DataAccessException failure) {
          if (attempt == ATTEMPTS || !dialect.isRetryable(failure.sqlException())) {
            throw failure;
          }
          LOG.warn(
              "Transaction attempt {} failed, running it again: {}",
              attempt,
              failure.getCause().getMessage());
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Runs {@code work} in one read-only transaction: it sees one consistent snapshot. */
  public <T> T read(SqlFunction<T> work) {
    return run(work, true);
  }

  /**
   * Runs {@code work}, which runs a single statement, in a transaction of its own. A statement sees
   * one snapshot on every database without asking for it: on PostgreSQL this is one round trip
   * fewer than {@link #read}. Work of more than one statement must use {@link #read}.
   */
  public <T> T readStatement(SqlFunction<T> work) {
    return run(work, false);
  }

  /** Writes run at the database's default isolation; reads ask for one snapshot. */
  private <T> T run(SqlFunction<T> work, boolean snapshot) {
    try (Connection connection = borrow()) {
      try {
        if (snapshot && dialect.snapshotStatement() != null) {
          try (var statement = connection.createStatement()) {
            statement.execute(dialect.snapshotStatement());
          }
        }
        T result = work.apply(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException | Error failure) {
        rollback(connection, failure);
        throw failure;
      }
    } catch (SQLException failure) {
      if (isConnectionFailure(failure) || dialect.isUnavailable(failure)) {
        throw new DatabaseUnavailableException(failure);
      }
      throw new DataAccessException("Database operation failed", failure);
    }
  }

  /**
   * A connection from the pool. A wait that timed out because the database could not be reached
   * fails at once (a 503); one that timed out only because every connection was busy waits on, up
   * to {@link #BUSY_WAIT}: load queues, it is not refused.
   */
  private Connection borrow() throws SQLException {
    long deadline = System.nanoTime() + BUSY_WAIT.toNanos();
    while (true) {
      try {
        return pool.getConnection();
      } catch (SQLTransientConnectionException timeout) {
        if (timeout.getCause() != null || System.nanoTime() > deadline) {
          throw timeout;
        }
      }
    }
  }

  /**
   * Rolls back; where that fails too (the connection is gone), the first failure is the one told.
   */
  private static void rollback(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException alsoFailed) {
      failure.addSuppressed(alsoFailed);
    }
  }

  /** SQLSTATE class 08 is a connection exception; a pool timeout is one too. */
  private static boolean isConnectionFailure(SQLException failure) {
    return failure instanceof SQLTransientConnectionException
        || failure.getSQLState() != null && failure.getSQLState().startsWith("08");
  }

  /** Whether the database answers now, for health checks. */
  public boolean isAvailable() {
    try {
      return read(connection -> connection.isValid(1));
    } catch (RuntimeException unavailable) {
      return false;
    }
  }

  /**
   * Shows the pool on {@code registry} (HikariCP's own meters: connections active, idle and
   * pending, how long a connection took to get and was held, timeouts).
   */
  public void observe(MeterRegistry registry) {
    pool.setMetricRegistry(registry);
  }

  @Override
  public void close() {
    pool.close();
  }
}
