package dev.stockroom.events;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.stockroom.db.ChangeContext;
import dev.stockroom.db.Database;
import dev.stockroom.db.UnitOfWork;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.reservation.Reservation;
import dev.stockroom.reservation.ReservationStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events, read from the two outboxes they are written to in the transaction of their change:
 * the change ledger (each row is a {@code source_item.changed}, and a {@code stock.low} where the
 * item crossed its notify quantity, downwards or back) and {@code stock_event} (a {@code
 * reservation.appended} for each reservation, a {@code bulk.finished} when a bulk's last operation
 * ends). Readers follow each outbox in (transaction, id) order, and only rows of transactions that
 * have all ended (see {@link dev.stockroom.db.Dialect#endedTransactionsBelow}).
 */
public final class EventOutbox implements UnitOfWork.CommitListener {
  public static final String SOURCE_ITEM_CHANGED = "source_item.changed";
  public static final String STOCK_LOW = "stock.low";
  public static final String RESERVATION_APPENDED = "reservation.appended";
  public static final String BULK_FINISHED = "bulk.finished";
  public static final Set<String> TYPES =
      Set.of(SOURCE_ITEM_CHANGED, STOCK_LOW, RESERVATION_APPENDED, BULK_FINISHED);

  private final Database database;
  private final ObjectMapper mapper;

  public EventOutbox(Database database, ObjectMapper mapper) {
    this.database = database;
    this.mapper = mapper;
  }

  /** Where a reader is in each outbox: the last (transaction, id) it took. */
  public record Cursor(long changeTx, long changeId, long eventTx, long eventId) {}

  /** One event: its id, type, key (a SKU, or a bulk's uuid), time, and data. */
  public record Event(String id, String type, String key, String occurredAt, Object data) {
    /** As a delivery's body holds it. */
    Map<String, Object> toJson() {
      var json = new LinkedHashMap<String, Object>();
      json.put("id", id);
      json.put("type", type);
      json.put("occurred_at", occurredAt);
      json.put("data", data);
      return json;
    }
  }

  /** Events after a cursor, of the types asked for, and the cursor after them. */
  public record Batch(List<Event> events, Cursor next) {}

  /** Writes the reservations a unit of work appended as events, in its transaction. */
  @Override
  public void beforeCommit(UnitOfWork unit) throws SQLException {
    for (UnitOfWork.Change change : unit.changes()) {
      if (change instanceof ReservationStore.Appended appended) {
        for (Reservation reservation : appended.reservations()) {
          var data = new LinkedHashMap<String, Object>();
          data.put("reservation_id", reservation.reservationId());
          data.put("stock_id", reservation.stockId());
          data.put("sku", reservation.sku());
          data.put("quantity", reservation.quantity());
          data.put("metadata", reservation.metadata());
          append(unit, RESERVATION_APPENDED, reservation.sku(), data);
        }
      }
    }
  }

  /** Appends an event to {@code stock_event} in {@code unit}'s transaction. */
  public void append(UnitOfWork unit, String type, String key, Map<String, Object> data)
      throws SQLException {
    append(unit, type, key, json(data));
  }

  /** As {@link #append(UnitOfWork, String, String, Map)}, with the data already JSON. */
  public static void append(UnitOfWork unit, String type, String key, String dataJson)
      throws SQLException {
    ChangeContext context = Database.changeContext();
    long at = context == null ? System.currentTimeMillis() : context.at();
    try (PreparedStatement insert =
        unit.connection()
            .prepareStatement(
                "INSERT INTO stock_event (tx, event_type, event_key, payload, occurred_at)"
                    + " VALUES ("
                    + unit.dialect().transactionId()
                    + ", ?, ?, ?, ?)")) {
      insert.setString(1, type);
      insert.setString(2, key);
      insert.setString(3, dataJson);
      insert.setString(4, ChangeContext.iso(at));
      insert.executeUpdate();
    }
  }

  /** The cursor at the end of both outboxes now: a new subscriber takes what follows. */
  public Cursor end() {
    return database.read(connection -> {
      boolean concurrent = !database.dialect().transactionId().equals("0");
      if (concurrent) {
        // Everything of transactions still running or to come, and nothing that has ended.
        long below = scalar(connection, "SELECT " + database.dialect().endedTransactionsBelow());
        return new Cursor(below - 1, Long.MAX_VALUE, below - 1, Long.MAX_VALUE);
      }
      return new Cursor(
          0,
          scalar(connection, "SELECT COALESCE(MAX(change_id), 0) FROM source_item_change"),
          0,
          scalar(connection, "SELECT COALESCE(MAX(event_id), 0) FROM stock_event"));
    });
  }

  /**
   * Up to {@code limit} outbox rows after {@code from} (ledger rows first), as the events of {@code
   * types} they make; the cursor moves past every row read, also those that made no event.
   */
  public Batch next(Cursor from, int limit, Set<String> types) {
    return database.read(connection -> {
      var events = new ArrayList<Event>();
      Cursor next = changes(connection, from, limit, types, events);
      if (next.equals(from)) {
        next = stockEvents(connection, from, limit, types, events);
      }
      return new Batch(events, next);
    });
  }

  private Cursor changes(
      Connection connection, Cursor from, int limit, Set<String> types, List<Event> events)
      throws SQLException {
    Cursor next = from;
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT tx, change_id, sku, source_code, quantity_before_e4, status_before,"
                + " quantity_after_e4, status_after, delta_e4, notify_stock_qty_e4, actor_type,"
                + " actor_id, actor_name, via, bulk_uuid, request_id, changed_at"
                + " FROM source_item_change JOIN change_set USING (change_set_id)"
                + " WHERE (tx, change_id) > (?, ?) AND tx < "
                + database.dialect().endedTransactionsBelow()
                + " ORDER BY tx, change_id LIMIT ?")) {
      select.setLong(1, from.changeTx());
      select.setLong(2, from.changeId());
      select.setInt(3, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          long tx = rows.getLong(1);
          long changeId = rows.getLong(2);
          next = new Cursor(tx, changeId, next.eventTx(), next.eventId());
          String sku = rows.getString(3);
          String sourceCode = rows.getString(4);
          Quantity before = quantity(rows, 5);
          Integer statusBefore = integer(rows, 6);
          Quantity after = quantity(rows, 7);
          Integer statusAfter = integer(rows, 8);
          Quantity notify = quantity(rows, 10);
          String at = rows.getString(17);
          if (types.contains(SOURCE_ITEM_CHANGED)) {
            var data = new LinkedHashMap<String, Object>();
            data.put("change_id", changeId);
            data.put("sku", sku);
            data.put("source_code", sourceCode);
            data.put("quantity_before", before);
            data.put("status_before", statusBefore);
            data.put("quantity_after", after);
            data.put("status_after", statusAfter);
            data.put("delta", Quantity.ofE4(rows.getLong(9)));
            data.put("actor_type", rows.getString(11));
            long actorId = rows.getLong(12);
            data.put("actor_id", rows.wasNull() ? null : actorId);
            data.put("actor_name", rows.getString(13));
            data.put("via", rows.getString(14));
            data.put("bulk_uuid", rows.getString(15));
            data.put("request_id", rows.getString(16));
            events.add(new Event("change-" + changeId, SOURCE_ITEM_CHANGED, sku, at, data));
          }
          boolean lowBefore = isLow(before, statusBefore, notify);
          boolean lowAfter = isLow(after, statusAfter, notify);
          if (lowBefore != lowAfter && types.contains(STOCK_LOW)) {
            var data = new LinkedHashMap<String, Object>();
            data.put("change_id", changeId);
            data.put("sku", sku);
            data.put("source_code", sourceCode);
            data.put("low", lowAfter);
            data.put("quantity", after);
            data.put("status", statusAfter);
            data.put("notify_stock_qty", notify);
            events.add(new Event("change-" + changeId + "-low", STOCK_LOW, sku, at, data));
          }
        }
      }
    }
    return next;
  }

  /**
   * Low stock as the low-stock report counts it: in stock, and more than 0 but less than the notify
   * quantity. An item that does not exist (before its creation, after its deletion) is not low.
   */
  static boolean isLow(Quantity quantity, Integer status, Quantity notify) {
    return quantity != null
        && notify != null
        && status != null
        && status == 1
        && quantity.isPositive()
        && quantity.compareTo(notify) < 0;
  }

  private Cursor stockEvents(
      Connection connection, Cursor from, int limit, Set<String> types, List<Event> events)
      throws SQLException {
    Cursor next = from;
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT tx, event_id, event_type, event_key, payload, occurred_at FROM stock_event"
                + " WHERE (tx, event_id) > (?, ?) AND tx < "
                + database.dialect().endedTransactionsBelow()
                + " ORDER BY tx, event_id LIMIT ?")) {
      select.setLong(1, from.eventTx());
      select.setLong(2, from.eventId());
      select.setInt(3, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          long eventId = rows.getLong(2);
          next = new Cursor(next.changeTx(), next.changeId(), rows.getLong(1), eventId);
          String type = rows.getString(3);
          if (types.contains(type)) {
            events.add(
                new Event(
                    "event-" + eventId,
                    type,
                    rows.getString(4),
                    rows.getString(6),
                    new RawJson(rows.getString(5))));
          }
        }
      }
    }
    return next;
  }

  /** JSON stored as text, written into a body as it is. */
  public record RawJson(String json) {
    @JsonValue
    public RawValue value() {
      return new RawValue(json);
    }
  }

  private String json(Map<String, Object> data) {
    try {
      return mapper.writeValueAsString(data);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static Quantity quantity(ResultSet rows, int column) throws SQLException {
    long e4 = rows.getLong(column);
    return rows.wasNull() ? null : Quantity.ofE4(e4);
  }

  private static Integer integer(ResultSet rows, int column) throws SQLException {
    int value = rows.getInt(column);
    return rows.wasNull() ? null : value;
  }

  private static long scalar(Connection connection, String sql) throws SQLException {
    try (var statement = connection.createStatement();
        var rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
