package dev.stockroom.db;

import java.sql.SQLException;

/** A database failure no client input explains: it surfaces as a masked 500. */
final class DataAccessException extends RuntimeException {
  public DataAccessException(String message, SQLException cause) {
    super(message, cause);
  }

  public SQLException sqlException() {
    return (SQLException) getCause();
  }
}
