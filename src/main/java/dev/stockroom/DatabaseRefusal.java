package dev.stockroom;

import com.zaxxer.hikari.pool.HikariPool.PoolInitializationException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Why the configured database cannot be opened, told as the setting to correct: the data directory,
 * or PostgreSQL's URL, user or password. What no setting explains is passed on as it came.
 */
final class DatabaseRefusal {
  private DatabaseRefusal() {}

  /** The data directory exists or is created, and this user may write it and its database. */
  static void checkDataDir(Path directory, Path file) {
    String named = "STOCKROOM_DATA_DIR (--data-dir) " + directory;
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new Config.ConfigException(
          named
              + " is a file, not a directory. Point it at a directory; a missing one is created.");
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException failure) {
      throw new Config.ConfigException(
          named
              + " cannot be created ("
              + reason(failure)
              + "). Create it, or point the setting at a directory this user may write.",
          failure);
    }
    if (!Files.isWritable(directory) || Files.exists(file) && !Files.isWritable(file)) {
      throw new Config.ConfigException(
          named
              + " cannot be written by this user. Give the user write access to it (and to its"
              + " stockroom.db), or point the setting at another directory.");
    }
  }

  /** A database file that SQLite cannot open; anything later (a migration) is passed on. */
  static RuntimeException sqlite(Path directory, Path file, RuntimeException failure) {
    SQLException refused = sqlException(failure);
    if (refused == null || !(failure instanceof PoolInitializationException)) {
      return failure;
    }
    return new Config.ConfigException(
        "STOCKROOM_DATA_DIR (--data-dir) "
            + directory
            + ": its database "
            + file.getFileName()
            + " cannot be opened ("
            + oneLine(refused.getMessage())
            + "). Point the setting at another directory, or restore the file from a backup.",
        failure);
  }

  /**
   * A PostgreSQL server that does not let Stockroom connect, or a user that may not create its
   * tables; anything else (a migration that fails) is passed on.
   */
  static RuntimeException postgres(Config config, RuntimeException failure) {
    SQLException refused = sqlException(failure);
    if (refused == null
        || !(failure instanceof PoolInitializationException)
            && !"42501".equals(refused.getSQLState())) {
      return failure;
    }
    String url = config.databaseUrl();
    // The URL's parameters may hold a password; the message goes to logs.
    String where =
        "PostgreSQL at " + (url.contains("?") ? url.substring(0, url.indexOf('?')) : url);
    String reason = " (" + oneLine(refused.getMessage()) + cause(refused) + ")";
    String user =
        config.databaseUser() == null
            ? "the default user (STOCKROOM_DB_USER is not set)"
            : "user \"" + config.databaseUser() + "\"";
    String state = refused.getSQLState() == null ? "" : refused.getSQLState();
    String message;
    if (state.equals("28P01") || state.equals("08004") && config.databasePassword() != null) {
      message =
          "STOCKROOM_DB_PASSWORD (--db-password) is refused by "
              + where
              + " for "
              + user
              + reason
              + ". Set it to that user's password.";
    } else if (state.equals("08004")) {
      message =
          "STOCKROOM_DB_PASSWORD (--db-password) is not set, but "
              + where
              + " asks "
              + user
              + " for one"
              + reason
              + ". Set it to that user's password.";
    } else if (state.equals("28000")) {
      message =
          "STOCKROOM_DB_USER (--db-user): "
              + where
              + " does not let "
              + user
              + " connect"
              + reason
              + ". Set a user it accepts, with its STOCKROOM_DB_PASSWORD.";
    } else if (state.equals("42501")) {
      message =
          "STOCKROOM_DB_USER (--db-user): "
              + user
              + " may not create Stockroom's tables in "
              + where
              + reason
              + ". Make it the database's owner, or grant it CREATE on the schema.";
    } else if (state.equals("3D000")) {
      message =
          "STOCKROOM_DB_URL (--db-url) names a database that "
              + where
              + " does not have"
              + reason
              + ". Create it (createdb), or correct the URL.";
    } else {
      message =
          "STOCKROOM_DB_URL (--db-url): "
              + where
              + (state.startsWith("08") ? " cannot be reached" : " cannot be used")
              + reason
              + ". Correct the URL, or start PostgreSQL there.";
    }
    return new Config.ConfigException(message, failure);
  }

  private static SQLException sqlException(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException found) {
        // Hikari's timeout wraps the driver's own refusal, which says more.
        return found.getCause() instanceof SQLException driver ? driver : found;
      }
    }
    return null;
  }

  private static String reason(IOException failure) {
    if (failure instanceof FileSystemException fileSystem) {
      String why =
          fileSystem.getReason() != null
              ? fileSystem.getReason()
              : failure instanceof AccessDeniedException
                  ? "permission denied"
                  : failure instanceof FileAlreadyExistsException
                      ? "exists and is not a directory"
                      : failure.getClass().getSimpleName();
      return fileSystem.getFile() + ": " + why;
    }
    return failure.getMessage();
  }

  /** A driver's message, which may run over several lines, as one line without a final stop. */
  private static String oneLine(String message) {
    return message == null
        ? "no reason given"
        : message.strip().replaceAll("\\s*\\R\\s*", " ").replaceAll("\\.$", "");
  }

  /** What the driver's refusal does not say: the unknown host it could not find. */
  private static String cause(SQLException refused) {
    return refused.getCause() instanceof UnknownHostException unknown
        ? ": unknown host " + unknown.getMessage()
        : "";
  }
}
