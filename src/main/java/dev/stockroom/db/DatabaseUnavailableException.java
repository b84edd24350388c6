package dev.stockroom.db;

import java.sql.SQLException;

/** The database cannot be reached (a connection failed or none came in time): a 503, retryable. */
public final class DatabaseUnavailableException extends RuntimeException {
  public DatabaseUnavailableException(SQLException cause) {
    super("The database is unavailable: " + cause.getMessage(), cause);
  }
}
