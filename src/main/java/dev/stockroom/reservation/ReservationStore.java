package dev.stockroom.reservation;

import dev.stockroom.db.Database;
import dev.stockroom.db.Placeholders;
import dev.stockroom.db.UnitOfWork;
import dev.stockroom.inventory.Keys;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.search.Search;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchField;
import dev.stockroom.search.SearchResults;
import dev.stockroom.stock.StockStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The reservation ledger. Rows are only appended, and deleted only in groups that sum to zero, so
 * that cleaning up never changes a salable quantity.
 */
public final class ReservationStore {
  private static final List<SearchField> FIELDS =
      List.of(
          SearchField.number("reservation_id", "reservation_id", 0, false),
          SearchField.number("stock_id", "stock_id", 0, false),
          SearchField.key("sku", "sku_key"),
          SearchField.number("quantity", "quantity_e4", 4, false),
          SearchField.text("metadata", "metadata", true));

  private static final String COLUMNS = "reservation_id, stock_id, sku, quantity_e4, metadata";

  private final Database database;
  private final Search<Reservation> search;

  public ReservationStore(Database database) {
    this.database = database;
    this.search =
        new Search<>(
            database, COLUMNS, "reservation", FIELDS, "reservation_id", ReservationStore::map);
  }

  private static Reservation map(ResultSet row) throws SQLException {
    return new Reservation(
        row.getLong("reservation_id"),
        row.getLong("stock_id"),
        row.getString("sku"),
        Quantity.ofE4(row.getLong("quantity_e4")),
        row.getString("metadata"));
  }

  public SearchResults<Reservation> search(SearchCriteria criteria) {
    return search.run(criteria);
  }

  /**
   * Appends reservations without checking quantities (compensations, corrections), all or nothing.
   * Every stock they name must exist.
   */
  public List<Reservation> appendAll(UnitOfWork unit, List<Reservation> reservations)
      throws SQLException {
    Connection connection = unit.connection();
    for (long stockId : new TreeSet<>(reservations.stream().map(Reservation::stockId).toList())) {
      if (!StockStore.exists(connection, stockId)) {
        throw StockStore.notFound(stockId);
      }
    }
    lock(connection, reservations);
    return append(unit, reservations);
  }

  /** Reservations a unit of work appended, with their ids. */
  public record Appended(List<Reservation> reservations) implements UnitOfWork.Change {}

  /** A (stock, sku) whose salable quantity a transaction is about to check or change. */
  public record Line(long stockId, String skuKey) implements Comparable<Line> {
    @Override
    public int compareTo(Line other) {
      int byStock = Long.compare(stockId, other.stockId);
      return byStock != 0 ? byStock : skuKey.compareTo(other.skuKey);
    }
  }

  /**
   * Takes the reservation lock of every (stock, sku) the reservations touch, in key order, until
   * the transaction ends: checks and appends of the same SKU then run one after the other.
   */
  public static void lock(Connection connection, Collection<Reservation> reservations)
      throws SQLException {
    var lines = new TreeSet<Line>();
    reservations.forEach(each -> lines.add(new Line(each.stockId(), Keys.fold(each.sku()))));
    lock(connection, lines);
  }

  public static void lock(Connection connection, TreeSet<Line> lines) throws SQLException {
    if (lines.isEmpty()) {
      return;
    }
    String values = Placeholders.rows(lines.size(), 2);
    // An upsert that changes nothing still locks the row it meets (on PostgreSQL a row lock, on
    // SQLite the database, which its writers hold anyway).
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO reservation_lock (stock_id, sku_key) VALUES "
                + values
                + " ON CONFLICT (stock_id, sku_key) DO UPDATE SET stock_id = excluded.stock_id")) {
      int index = 1;
      for (Line line : lines) {
        upsert.setLong(index++, line.stockId());
        upsert.setString(index++, line.skuKey());
      }
      upsert.executeUpdate();
    }
  }

  /** Appends in the caller's unit of work; returns the rows with their ids. */
  public List<Reservation> append(UnitOfWork unit, List<Reservation> reservations)
      throws SQLException {
    var appended = new ArrayList<Reservation>(reservations.size());
    try (PreparedStatement insert =
        unit.connection()
            .prepareStatement(
                """
                INSERT INTO reservation
                    (stock_id, sku, sku_key, quantity_e4, metadata, event_type, object_type, object_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                Statement.RETURN_GENERATED_KEYS)) {
      for (Reservation reservation : reservations) {
        SalesEvent event = SalesEvent.fromMetadata(reservation.metadata());
        insert.setLong(1, reservation.stockId());
        insert.setString(2, reservation.sku());
        insert.setString(3, Keys.fold(reservation.sku()));
        insert.setLong(4, reservation.quantity().e4());
        insert.setString(5, reservation.metadata());
        insert.setString(6, event.eventType());
        insert.setString(7, event.objectType());
        insert.setString(8, event.objectId());
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          keys.next();
          appended.add(
              new Reservation(
                  keys.getLong(1),
                  reservation.stockId(),
                  reservation.sku(),
                  reservation.quantity(),
                  reservation.metadata()));
        }
      }
    }
    unit.record(new Appended(List.copyOf(appended)));
    return appended;
  }

  /** The reservations already placed for an order, oldest first. */
  public List<Reservation> placedFor(Connection connection, String orderId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM reservation WHERE object_type = ? AND object_id = ? AND event_type = ?"
                + " ORDER BY reservation_id")) {
      select.setString(1, SalesEvent.ORDER);
      select.setString(2, orderId);
      select.setString(3, SalesEvent.ORDER_PLACED);
      try (ResultSet rows = select.executeQuery()) {
        var placed = new ArrayList<Reservation>();
        while (rows.next()) {
          placed.add(map(rows));
        }
        return placed;
      }
    }
  }

  /**
   * Deletes every group of reservations of one object (an order) for one SKU in one stock whose
   * quantities sum to zero, as Magento's daily cleanup does; returns how many rows went. Grouping
   * by SKU and stock too means no salable quantity changes.
   */
  public int cleanup(UnitOfWork unit) throws SQLException {
    try (PreparedStatement delete =
        unit.connection()
            .prepareStatement(
                """
                DELETE FROM reservation
                WHERE (stock_id, sku_key, object_type, object_id) IN (
                    SELECT stock_id, sku_key, object_type, object_id FROM reservation
                    WHERE object_type IS NOT NULL AND object_id IS NOT NULL
                    GROUP BY stock_id, sku_key, object_type, object_id
                    HAVING SUM(quantity_e4) = 0)
                """)) {
      return delete.executeUpdate();
    }
  }

  /**
   * Open groups: the reservations of one object for one SKU in one stock that do not sum to zero.
   * For an order still open that is expected; for one complete or cancelled in the client's system
   * it is an inconsistency, which a compensating reservation resolves.
   */
  public List<OpenGroup> openGroups() {
    return database.read(connection -> {
      try (PreparedStatement select =
              connection.prepareStatement(
                  """
                  SELECT object_type, object_id, stock_id, MIN(sku), SUM(quantity_e4)
                  FROM reservation
                  GROUP BY object_type, object_id, stock_id, sku_key
                  HAVING SUM(quantity_e4) <> 0
                  ORDER BY object_type, object_id, stock_id, sku_key
                  """);
          ResultSet rows = select.executeQuery()) {
        var groups = new ArrayList<OpenGroup>();
        while (rows.next()) {
          groups.add(
              new OpenGroup(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getLong(3),
                  rows.getString(4),
                  Quantity.ofE4(rows.getLong(5))));
        }
        return groups;
      }
    });
  }

  /** Reservations of one object, SKU and stock that do not sum to zero. */
  public record OpenGroup(
      String objectType, String objectId, long stockId, String sku, Quantity quantity) {}
}
