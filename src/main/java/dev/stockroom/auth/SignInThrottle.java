package dev.stockroom.auth;

import dev.stockroom.db.Database;
import dev.stockroom.inventory.Keys;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;

/**
 * Magento's admin sign-in lock-out: after {@code maxFailures} consecutive failed sign-ins a
 * username is refused, even with the right password, until {@code lockTime} has passed since the
 * last failure. A success clears the count. Counted per username whether or not the user exists,
 * and kept in the database so that every instance sees the same count.
 */
public final class SignInThrottle {
  private final Database database;
  private final Clock clock;
  private final int maxFailures;
  private final Duration lockTime;

  public SignInThrottle(Database database, Clock clock, int maxFailures, Duration lockTime) {
    this.database = database;
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.lockTime = lockTime;
  }

  boolean isLocked(String username) {
    return database.read(connection -> {
      try (var select =
          connection.prepareStatement(
              """
              SELECT 1 FROM admin_sign_in_failure
               WHERE username_key = ? AND failures >= ? AND locked_until > ?
              """)) {
        select.setString(1, Keys.fold(username));
        select.setInt(2, maxFailures);
        select.setLong(3, clock.millis());
        try (var rows = select.executeQuery()) {
          return rows.next();
        }
      }
    });
  }

  /** Counts a failure; failures older than the lock time no longer count. */
  void recordFailure(String username) {
    long now = clock.millis();
    database.inTransaction(unit -> {
      Connection connection = unit.connection();
      try (var upsert =
          connection.prepareStatement(
              """
              INSERT INTO admin_sign_in_failure (username_key, failures, locked_until)
              VALUES (?, 1, ?)
              ON CONFLICT (username_key) DO UPDATE SET
                  failures = CASE WHEN admin_sign_in_failure.locked_until > ?
                                  THEN admin_sign_in_failure.failures + 1 ELSE 1 END,
                  locked_until = excluded.locked_until
              """)) {
        upsert.setString(1, Keys.fold(username));
        upsert.setLong(2, now + lockTime.toMillis());
        upsert.setLong(3, now);
        return upsert.executeUpdate();
      }
    });
  }

  void reset(String username) {
    database.inTransaction(unit -> {
      Connection connection = unit.connection();
      try (var delete =
          connection.prepareStatement("DELETE FROM admin_sign_in_failure WHERE username_key = ?")) {
        delete.setString(1, Keys.fold(username));
        return delete.executeUpdate();
      }
    });
  }
}
