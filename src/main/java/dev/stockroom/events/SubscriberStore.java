package dev.stockroom.events;

import dev.stockroom.db.ChangeContext;
import dev.stockroom.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Subscribers and their delivery state. An instance delivers to a subscriber only while it holds
 * the subscriber's lease, so that each subscriber's events go out one batch at a time, in order,
 * whichever instance sends them.
 */
public final class SubscriberStore {
  private static final String COLUMNS =
      "subscriber_id, kind, url, secret, event_types, description, created_at, change_tx,"
          + " change_id, event_tx, event_id, attempts, next_attempt_at, last_error, delivered";

  private final Database database;
  private final Clock clock;

  public SubscriberStore(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** A parked delivery. */
  public record DeadLetter(
      long id,
      long subscriberId,
      String body,
      int eventCount,
      int attempts,
      String error,
      String parkedAt,
      boolean replay) {}

  public Subscriber create(
      String kind,
      String url,
      String secret,
      List<String> eventTypes,
      String description,
      EventOutbox.Cursor start) {
    long id =
        database.inTransaction(unit -> {
          try (PreparedStatement insert =
              unit.connection()
                  .prepareStatement(
                      "INSERT INTO event_subscriber (kind, url, secret, event_types, description,"
                          + " created_at, change_tx, change_id, event_tx, event_id)"
                          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING subscriber_id")) {
            insert.setString(1, kind);
            insert.setString(2, url);
            insert.setString(3, secret);
            insert.setString(4, String.join(",", eventTypes));
            insert.setString(5, description);
            insert.setString(6, ChangeContext.iso(clock.millis()));
            insert.setLong(7, start.changeTx());
            insert.setLong(8, start.changeId());
            insert.setLong(9, start.eventTx());
            insert.setLong(10, start.eventId());
            try (ResultSet rows = insert.executeQuery()) {
              rows.next();
              return rows.getLong(1);
            }
          }
        });
    return get(id).orElseThrow();
  }

  public Optional<Subscriber> get(long id) {
    return database.read(connection -> {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT " + COLUMNS + " FROM event_subscriber WHERE subscriber_id = ?")) {
        select.setLong(1, id);
        try (ResultSet rows = select.executeQuery()) {
          return rows.next() ? Optional.of(subscriber(rows)) : Optional.empty();
        }
      }
    });
  }

  /** Every subscriber of a kind, by id. */
  public List<Subscriber> list(String kind) {
    return database.read(connection -> {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT "
                  + COLUMNS
                  + " FROM event_subscriber WHERE kind = ? ORDER BY subscriber_id")) {
        select.setString(1, kind);
        var subscribers = new ArrayList<Subscriber>();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            subscribers.add(subscriber(rows));
          }
        }
        return subscribers;
      }
    });
  }

  /** Deletes a subscriber (and its dead letters); false if there was none. */
  public boolean delete(long id, String kind) {
    return database.inTransaction(unit -> {
      try (PreparedStatement delete =
          unit.connection()
              .prepareStatement(
                  "DELETE FROM event_subscriber WHERE subscriber_id = ? AND kind = ?")) {
        delete.setLong(1, id);
        delete.setString(2, kind);
        return delete.executeUpdate() == 1;
      }
    });
  }

  /**
   * The subscribers of {@code kinds} whose next attempt is due and whose lease no instance holds.
   */
  List<Long> due(Set<String> kinds) {
    long now = clock.millis();
    return database.read(connection -> {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT subscriber_id FROM event_subscriber WHERE next_attempt_at <= ?"
                  + " AND lease_until < ? AND kind IN ("
                  + dev.stockroom.db.Placeholders.list(kinds.size())
                  + ") ORDER BY subscriber_id")) {
        select.setLong(1, now);
        select.setLong(2, now);
        int index = 3;
        for (String kind : kinds) {
          select.setString(index++, kind);
        }
        var due = new ArrayList<Long>();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            due.add(rows.getLong(1));
          }
        }
        return due;
      }
    });
  }

  /** Takes the subscriber's lease until now + {@code leaseMillis}; empty if another holds it. */
  Optional<Subscriber> claim(long id, String owner, long leaseMillis) {
    long now = clock.millis();
    boolean claimed =
        database.inTransaction(unit -> {
          try (PreparedStatement update =
              unit.connection()
                  .prepareStatement(
                      "UPDATE event_subscriber SET lease_owner = ?, lease_until = ?"
                          + " WHERE subscriber_id = ? AND lease_until < ? AND next_attempt_at <= ?")) {
            update.setString(1, owner);
            update.setLong(2, now + leaseMillis);
            update.setLong(3, id);
            update.setLong(4, now);
            update.setLong(5, now);
            return update.executeUpdate() == 1;
          }
        });
    return claimed ? get(id) : Optional.empty();
  }

  /** Moves the cursor past a delivered batch, clears the retry state and renews the lease. */
  boolean advance(long id, String owner, EventOutbox.Cursor next, int delivered, long leaseMillis) {
    return database.inTransaction(unit -> {
      try (PreparedStatement update =
          unit.connection()
              .prepareStatement(
                  "UPDATE event_subscriber SET change_tx = ?, change_id = ?, event_tx = ?,"
                      + " event_id = ?, attempts = 0, next_attempt_at = 0, last_error = NULL,"
                      + " delivered = delivered + ?, lease_until = ?"
                      + " WHERE subscriber_id = ? AND lease_owner = ?")) {
        update.setLong(1, next.changeTx());
        update.setLong(2, next.changeId());
        update.setLong(3, next.eventTx());
        update.setLong(4, next.eventId());
        update.setInt(5, delivered);
        update.setLong(6, clock.millis() + leaseMillis);
        update.setLong(7, id);
        update.setString(8, owner);
        return update.executeUpdate() == 1;
      }
    });
  }

  /** Counts a failed attempt; the next one is due at {@code nextAttemptAt}. */
  void failed(long id, String owner, int attempts, long nextAttemptAt, String error) {
    database.inTransaction(unit -> {
      try (PreparedStatement update =
          unit.connection()
              .prepareStatement(
                  "UPDATE event_subscriber SET attempts = ?, next_attempt_at = ?, last_error = ?"
                      + " WHERE subscriber_id = ? AND lease_owner = ?")) {
        update.setInt(1, attempts);
        update.setLong(2, nextAttemptAt);
        update.setString(3, error);
        update.setLong(4, id);
        update.setString(5, owner);
        return update.executeUpdate();
      }
    });
  }

  /**
   * Parks a batch that failed every attempt as a dead letter and moves the cursor past it, in one
   * transaction: its events are neither lost nor sent twice by the stream.
   */
  void park(
      long id,
      String owner,
      String body,
      int eventCount,
      int attempts,
      String error,
      EventOutbox.Cursor next) {
    database.inTransaction(unit -> {
      try (PreparedStatement insert =
          unit.connection()
              .prepareStatement(
                  "INSERT INTO event_dead_letter (subscriber_id, body, event_count, attempts,"
                      + " error, parked_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        insert.setLong(1, id);
        insert.setString(2, body);
        insert.setInt(3, eventCount);
        insert.setInt(4, attempts);
        insert.setString(5, error);
        insert.setString(6, ChangeContext.iso(clock.millis()));
        insert.executeUpdate();
      }
      try (PreparedStatement update =
          unit.connection()
              .prepareStatement(
                  "UPDATE event_subscriber SET change_tx = ?, change_id = ?, event_tx = ?,"
                      + " event_id = ?, attempts = 0, next_attempt_at = 0, last_error = ?"
                      + " WHERE subscriber_id = ? AND lease_owner = ?")) {
        update.setLong(1, next.changeTx());
        update.setLong(2, next.changeId());
        update.setLong(3, next.eventTx());
        update.setLong(4, next.eventId());
        update.setString(5, error);
        update.setLong(6, id);
        update.setString(7, owner);
        update.executeUpdate();
      }
      return null;
    });
  }

  /** Gives the lease up. */
  void release(long id, String owner) {
    database.inTransaction(unit -> {
      try (PreparedStatement update =
          unit.connection()
              .prepareStatement(
                  "UPDATE event_subscriber SET lease_owner = NULL, lease_until = 0"
                      + " WHERE subscriber_id = ? AND lease_owner = ?")) {
        update.setLong(1, id);
        update.setString(2, owner);
        return update.executeUpdate();
      }
    });
  }

  /** Dead letters of every subscriber, parked and not delivered since. */
  public long deadLetterCount() {
    return database.read(connection -> {
      try (PreparedStatement select =
              connection.prepareStatement("SELECT COUNT(*) FROM event_dead_letter");
          ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    });
  }

  public List<DeadLetter> deadLetters(long subscriberId) {
    return deadLetters(subscriberId, false);
  }

  /** The dead letters of a subscriber marked for a replay. */
  List<DeadLetter> replays(long subscriberId) {
    return deadLetters(subscriberId, true);
  }

  private List<DeadLetter> deadLetters(long subscriberId, boolean replaysOnly) {
    return database.read(connection -> {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT dead_letter_id, subscriber_id, body, event_count, attempts, error,"
                  + " parked_at, replay FROM event_dead_letter WHERE subscriber_id = ?"
                  + (replaysOnly ? " AND replay = 1" : "")
                  + " ORDER BY dead_letter_id")) {
        select.setLong(1, subscriberId);
        var letters = new ArrayList<DeadLetter>();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            letters.add(
                new DeadLetter(
                    rows.getLong(1),
                    rows.getLong(2),
                    rows.getString(3),
                    rows.getInt(4),
                    rows.getInt(5),
                    rows.getString(6),
                    rows.getString(7),
                    rows.getInt(8) == 1));
          }
        }
        return letters;
      }
    });
  }

  /**
   * Marks dead letters of a subscriber to be sent again (all of them when {@code deadLetterId} is
   * null), and makes the subscriber due now; how many were marked.
   */
  public int replay(long subscriberId, Long deadLetterId) {
    return database.inTransaction(unit -> {
      int marked;
      try (PreparedStatement update =
          unit.connection()
              .prepareStatement(
                  "UPDATE event_dead_letter SET replay = 1 WHERE subscriber_id = ?"
                      + (deadLetterId == null ? "" : " AND dead_letter_id = ?"))) {
        update.setLong(1, subscriberId);
        if (deadLetterId != null) {
          update.setLong(2, deadLetterId);
        }
        marked = update.executeUpdate();
      }
      try (PreparedStatement due =
          unit.connection()
              .prepareStatement(
                  "UPDATE event_subscriber SET next_attempt_at = 0, attempts = 0"
                      + " WHERE subscriber_id = ?")) {
        due.setLong(1, subscriberId);
        due.executeUpdate();
      }
      return marked;
    });
  }

  /** A replayed dead letter was delivered: it is gone. */
  void delivered(DeadLetter letter) {
    database.inTransaction(unit -> {
      try (PreparedStatement delete =
          unit.connection()
              .prepareStatement("DELETE FROM event_dead_letter WHERE dead_letter_id = ?")) {
        delete.setLong(1, letter.id());
        return delete.executeUpdate();
      }
    });
  }

  /** A replayed dead letter failed again: it stays parked, with the new error. */
  void replayFailed(DeadLetter letter, String error) {
    database.inTransaction(unit -> {
      try (PreparedStatement update =
          unit.connection()
              .prepareStatement(
                  "UPDATE event_dead_letter SET replay = 0, attempts = attempts + 1, error = ?"
                      + " WHERE dead_letter_id = ?")) {
        update.setString(1, error);
        update.setLong(2, letter.id());
        return update.executeUpdate();
      }
    });
  }

  private static Subscriber subscriber(ResultSet rows) throws SQLException {
    String types = rows.getString(5);
    return new Subscriber(
        rows.getLong(1),
        rows.getString(2),
        rows.getString(3),
        rows.getString(4),
        types.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(types.split(","))),
        rows.getString(6),
        rows.getString(7),
        new EventOutbox.Cursor(
            rows.getLong(8), rows.getLong(9), rows.getLong(10), rows.getLong(11)),
        rows.getInt(12),
        rows.getLong(13),
        rows.getString(14),
        rows.getLong(15));
  }
}
