package dev.stockroom;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Assumptions;

/**
 * One real PostgreSQL server for the whole test run, started from Debian's package by {@code
 * bin/test-postgres} on a free loopback port, stopped when the JVM exits. Each test server gets a
 * database of its own. Where PostgreSQL is not installed the PostgreSQL tests are skipped, except
 * in CI (CI=true), where that is a failure.
 */
final class PostgresServer {
  private static PostgresServer shared;

  private final Path directory;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresServer(Path directory, int port) {
    this.directory = directory;
    this.port = port;
  }

  static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  /** A new, empty database; its JDBC URL. */
  String newDatabase() {
    String name = "stockroom_" + databases.incrementAndGet();
    try (var connection = DriverManager.getConnection(url("postgres"));
        var statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException failure) {
      throw new IllegalStateException("Cannot create database " + name, failure);
    }
    return url(name);
  }

  /**
   * A new, empty database for the role {@code password_user}, the one role this server asks for a
   * password (bin/test-postgres), and whose password is {@code password}; its JDBC URL, without a
   * user.
   */
  String newPasswordDatabase(String password) {
    String name = "stockroom_" + databases.incrementAndGet();
    try (var connection = DriverManager.getConnection(url("postgres"));
        var statement = connection.createStatement()) {
      statement.execute(
          "DO $$BEGIN CREATE ROLE password_user LOGIN;"
              + " EXCEPTION WHEN duplicate_object THEN NULL; END$$");
      statement.execute("ALTER ROLE password_user PASSWORD '" + password.replace("'", "''") + "'");
      statement.execute("CREATE DATABASE " + name + " OWNER password_user");
    } catch (SQLException failure) {
      throw new IllegalStateException("Cannot create database " + name, failure);
    }
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
  }

  /**
   * The deadlocks PostgreSQL counted in the database at {@code url}, once no other session is
   * connected to it: a session reports its counts at the latest when it ends.
   */
  static long deadlocks(String url) {
    awaitSessions(url, "true", sessions -> sessions == 0);
    try (var connection = DriverManager.getConnection(url);
        var deadlocks =
            connection.prepareStatement(
                "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")) {
      return count(deadlocks);
    } catch (SQLException failure) {
      throw new IllegalStateException("Cannot read the deadlock count of " + url, failure);
    }
  }

  /**
   * Waits, up to 30 s, until the number of other sessions on the database at {@code url} that meet
   * {@code condition} (SQL over pg_stat_activity) is {@code enough}. Each count is a transaction of
   * its own: within one, pg_stat_activity would not change.
   */
  static void awaitSessions(String url, String condition, LongPredicate enough) {
    try (var connection = DriverManager.getConnection(url);
        var sessions =
            connection.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid() AND "
                    + condition)) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!enough.test(count(sessions))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Sessions where " + condition + " never came to be");
        }
        Thread.sleep(10);
      }
    } catch (SQLException failure) {
      throw new IllegalStateException("Cannot count the sessions on " + url, failure);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  private static long count(PreparedStatement query) throws SQLException {
    try (var rows = query.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Stops the server, keeping its data: a database outage. */
  void pause() {
    run("pause", directory.toString());
  }

  /** Starts it again on the same port. */
  void resume() {
    run("resume", directory.toString(), Integer.toString(port));
  }

  private static void run(String... arguments) {
    try {
      var command = new ArrayList<String>();
      command.add("bin/test-postgres");
      command.addAll(List.of(arguments));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException("bin/test-postgres " + arguments[0] + " failed: " + output);
      }
    } catch (IOException failure) {
      throw new IllegalStateException(failure);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=stockroom";
  }

  private static PostgresServer start() {
    try {
      Path directory = Files.createTempDirectory("stockroom-postgres-");
      int port;
      try (var socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Process process =
          new ProcessBuilder(
                  "bin/test-postgres", "start", directory.toString(), Integer.toString(port))
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      if (exit == 3 && !"true".equals(System.getenv("CI"))) {
        Assumptions.abort(
            "PostgreSQL is not installed, so its tests are skipped: " + output.strip());
      }
      if (exit != 0) {
        throw new IllegalStateException("bin/test-postgres start failed: " + output);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> {
                try {
                  new ProcessBuilder("bin/test-postgres", "stop", directory.toString())
                      .inheritIO()
                      .start()
                      .waitFor();
                } catch (IOException | InterruptedException ignored) {
                  // The JVM is exiting; the directory is temporary.
                }
              }));
      return new PostgresServer(directory, port);
    } catch (IOException failure) {
      throw new IllegalStateException("Cannot start PostgreSQL", failure);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }
}
