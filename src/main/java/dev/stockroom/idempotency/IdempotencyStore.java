package dev.stockroom.idempotency;

import dev.stockroom.db.Database;
import dev.stockroom.db.UnitOfWork;
import dev.stockroom.error.ConflictException;
import dev.stockroom.error.Parameters;
import dev.stockroom.webapi.IdempotencyKeys;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Idempotency keys in the database. A repeat of a request still running polls its row until it is
 * done, for up to {@link #WAIT}. A row still running after {@link #ABANDONED} belongs to a request
 * whose instance stopped: if its effect was not applied the key is taken over and the request runs
 * again; if it was, the answer is lost, and a repeat is told so (409) rather than applied twice.
 */
public final class IdempotencyStore implements IdempotencyKeys {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Duration ABANDONED = Duration.ofMinutes(10);
  private static final Duration POLL = Duration.ofMillis(25);

  private final Database database;
  private final Clock clock;
  private final Duration ttl;

  public IdempotencyStore(Database database, Clock clock, Duration ttl) {
    this.database = database;
    this.clock = clock;
    this.ttl = ttl;
  }

  private record Row(String hash, String state, Answer answer, long startedAt, long expiresAt) {}

  @Override
  public Optional<Answer> begin(String owner, String key, String requestHash) {
    long deadline = clock.millis() + WAIT.toMillis();
    while (true) {
      long now = clock.millis();
      // Read first: a repeat that waits for a running request polls without writing.
      Row row = read(owner, key);
      if (row == null || row.expiresAt() < now) {
        if (claim(owner, key, requestHash, now)) {
          return Optional.empty();
        }
        continue;
      }
      if (!row.hash().equals(requestHash)) {
        throw new ConflictException(
            422,
            "The Idempotency-Key \"%key\" was used for another request (another method, path or"
                + " body). Use a new key for a new request.",
            Parameters.of("key", key),
            List.of());
      }
      if (row.state().equals("done")) {
        return Optional.of(row.answer());
      }
      if (now - row.startedAt() > ABANDONED.toMillis()) {
        if (row.state().equals("running")) {
          // Its instance stopped before the effect committed: run it again.
          delete(owner, key, "running");
          continue;
        }
        throw new ConflictException(
            409,
            "The request with the Idempotency-Key \"%key\" was applied, but its answer was lost"
                + " when the server stopped. Read the current state instead of repeating it.",
            Parameters.of("key", key),
            List.of());
      }
      if (now > deadline) {
        throw new ConflictException(
            409,
            "The request with the Idempotency-Key \"%key\" is still running. Repeat it later to"
                + " get its answer.",
            Parameters.of("key", key),
            List.of());
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for an idempotent request");
      }
    }
  }

  /** Inserts the key as running; false if it is there already (an expired row is replaced). */
  private boolean claim(String owner, String key, String hash, long now) {
    return database.inTransaction(unit -> {
      try (PreparedStatement expired =
          unit.connection()
              .prepareStatement(
                  "DELETE FROM idempotency_key WHERE owner = ? AND idempotency_key = ?"
                      + " AND expires_at < ?")) {
        expired.setString(1, owner);
        expired.setString(2, key);
        expired.setLong(3, now);
        expired.executeUpdate();
      }
      try (PreparedStatement insert =
          unit.connection()
              .prepareStatement(
                  "INSERT INTO idempotency_key (owner, idempotency_key, request_hash, state,"
                      + " started_at, expires_at) VALUES (?, ?, ?, 'running', ?, ?)"
                      + " ON CONFLICT (owner, idempotency_key) DO NOTHING")) {
        insert.setString(1, owner);
        insert.setString(2, key);
        insert.setString(3, hash);
        insert.setLong(4, now);
        insert.setLong(5, now + ttl.toMillis());
        return insert.executeUpdate() == 1;
      }
    });
  }

  private Row read(String owner, String key) {
    return database.read(connection -> {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT request_hash, state, status, content_type, body, started_at, expires_at"
                  + " FROM idempotency_key WHERE owner = ? AND idempotency_key = ?")) {
        select.setString(1, owner);
        select.setString(2, key);
        try (ResultSet rows = select.executeQuery()) {
          if (!rows.next()) {
            return null;
          }
          String body = rows.getString(5);
          return new Row(
              rows.getString(1),
              rows.getString(2),
              new Answer(
                  rows.getInt(3),
                  rows.getString(4),
                  body == null ? null : body.getBytes(StandardCharsets.UTF_8)),
              rows.getLong(6),
              rows.getLong(7));
        }
      }
    });
  }

  @Override
  public UnitOfWork.CommitListener applied(String owner, String key) {
    return unit -> {
      try (PreparedStatement update =
          unit.connection()
              .prepareStatement(
                  "UPDATE idempotency_key SET state = 'applied'"
                      + " WHERE owner = ? AND idempotency_key = ? AND state = 'running'")) {
        update.setString(1, owner);
        update.setString(2, key);
        update.executeUpdate();
      }
    };
  }

  @Override
  public void finish(String owner, String key, Answer answer) {
    database.inTransaction(unit -> {
      try (PreparedStatement update =
          unit.connection()
              .prepareStatement(
                  "UPDATE idempotency_key SET state = 'done', status = ?, content_type = ?,"
                      + " body = ? WHERE owner = ? AND idempotency_key = ?")) {
        update.setInt(1, answer.status());
        update.setString(2, answer.contentType());
        update.setString(3, new String(answer.body(), StandardCharsets.UTF_8));
        update.setString(4, owner);
        update.setString(5, key);
        return update.executeUpdate();
      }
    });
  }

  @Override
  public boolean release(String owner, String key) {
    return delete(owner, key, "running");
  }

  private boolean delete(String owner, String key, String state) {
    return database.inTransaction(unit -> {
      try (PreparedStatement delete =
          unit.connection()
              .prepareStatement(
                  "DELETE FROM idempotency_key WHERE owner = ? AND idempotency_key = ?"
                      + " AND state = ?")) {
        delete.setString(1, owner);
        delete.setString(2, key);
        delete.setString(3, state);
        return delete.executeUpdate() == 1;
      }
    });
  }

  /** Deletes the keys kept longer than their time to live; how many. */
  public int deleteExpired() {
    long now = clock.millis();
    return database.inTransaction(unit -> {
      try (PreparedStatement delete =
          unit.connection()
              .prepareStatement(
                  "DELETE FROM idempotency_key WHERE expires_at < ? AND state = 'done'")) {
        delete.setLong(1, now);
        return delete.executeUpdate();
      }
    });
  }
}
