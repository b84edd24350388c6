package dev.stockroom.sales;

import dev.stockroom.db.Database;
import dev.stockroom.db.UnitOfWork;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.error.Parameters;
import dev.stockroom.error.ValidationException;
import dev.stockroom.inventory.Keys;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.reservation.Reservation;
import dev.stockroom.reservation.ReservationStore;
import dev.stockroom.reservation.SalesEvent;
import dev.stockroom.stock.StockStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Salable quantities, out-of-stock thresholds, and placing an order's reservations: the check and
 * the append are one transaction holding the reservation lock of every SKU it reserves, so two
 * orders can never both take the last unit.
 */
public final class SalesStore {
  private final Database database;
  private final ReservationStore reservations;
  private final long defaultThresholdE4;

  public SalesStore(Database database, ReservationStore reservations, Quantity defaultThreshold) {
    this.database = database;
    this.reservations = reservations;
    this.defaultThresholdE4 = defaultThreshold.e4();
  }

  /** The figures of each SKU (by its key) in a stock; empty if the stock does not exist. */
  Optional<Map<String, SalableQuantity>> salable(long stockId, List<String> skus) {
    return database.read(connection -> {
      if (!StockStore.exists(connection, stockId)) {
        return Optional.empty();
      }
      return Optional.of(
          SalableQuantity.read(
              connection, stockId, skus.stream().map(Keys::fold).toList(), defaultThresholdE4));
    });
  }

  /**
   * Reserves every line of an order or none: in one transaction, locks the SKUs in key order,
   * checks that each has the quantity asked for (as Magento's place-order check compares it) and
   * appends the order_placed reservations. Placing the same order again returns what the first call
   * reserved; placing it again with other lines is refused.
   */
  List<Reservation> placeOrder(UnitOfWork unit, OrderRequest order) throws SQLException {
    var requested = new LinkedHashMap<String, OrderRequest.Line>();
    for (OrderRequest.Line line : order.lines()) {
      requested.merge(
          Keys.fold(line.sku()),
          line,
          (first, next) ->
              new OrderRequest.Line(first.sku(), first.quantity().plus(next.quantity())));
    }
    Connection connection = unit.connection();
    long stockId = order.stockId();
    if (!StockStore.exists(connection, stockId)) {
      throw StockStore.notFound(stockId);
    }
    if (!claimOrder(connection, order.orderId())) {
      return samePlacement(connection, order, requested);
    }
    var lines = new TreeSet<ReservationStore.Line>();
    requested.keySet().forEach(key -> lines.add(new ReservationStore.Line(stockId, key)));
    ReservationStore.lock(connection, lines);
    Map<String, SalableQuantity> figures =
        SalableQuantity.read(connection, stockId, requested.keySet(), defaultThresholdE4);
    var shortfalls = new ArrayList<ErrorEntry>();
    var placed = new ArrayList<Reservation>();
    String metadata =
        new SalesEvent(
                SalesEvent.ORDER_PLACED,
                SalesEvent.ORDER,
                order.orderId(),
                order.incrementId() == null ? "" : order.incrementId())
            .toMetadata();
    requested.forEach((key, line) -> {
      SalableQuantity salable = figures.get(key);
      long wanted = line.quantity().e4();
      if (!salable.assigned()) {
        shortfalls.add(
            new ErrorEntry(
                "The requested sku is not assigned to given stock.",
                Parameters.of("sku", line.sku())));
      } else if (!salable.covers(wanted)) {
        shortfalls.add(
            new ErrorEntry(
                "Only %salable of %requested available for \"%sku\".",
                Parameters.of(
                    "salable",
                    salable.reported().toString(),
                    "requested",
                    line.quantity().toString(),
                    "sku",
                    line.sku())));
      }
      placed.add(new Reservation(null, stockId, line.sku(), line.quantity().negate(), metadata));
    });
    if (!shortfalls.isEmpty()) {
      throw new ValidationException("Not enough items for sale", shortfalls);
    }
    return reservations.append(unit, placed);
  }

  /** Records the order as placed; false if it was placed before (its reservations stand). */
  private static boolean claimOrder(Connection connection, String orderId) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO placed_order (order_id) VALUES (?) ON CONFLICT (order_id) DO NOTHING")) {
      insert.setString(1, orderId);
      return insert.executeUpdate() == 1;
    }
  }

  /** A repeated placement: the earlier reservations if it asks for the same, else a refusal. */
  private List<Reservation> samePlacement(
      Connection connection, OrderRequest order, Map<String, OrderRequest.Line> requested)
      throws SQLException {
    List<Reservation> placed = reservations.placedFor(connection, order.orderId());
    var asked = new LinkedHashMap<String, Quantity>();
    requested.forEach((key, line) -> asked.put(key, line.quantity().negate()));
    var earlier = new LinkedHashMap<String, Quantity>();
    placed.forEach(each -> {
      if (each.stockId() == order.stockId()) {
        earlier.merge(Keys.fold(each.sku()), each.quantity(), Quantity::plus);
      }
    });
    if (!earlier.equals(asked)
        || placed.stream().anyMatch(each -> each.stockId() != order.stockId())) {
      throw new LocalizedException(
          "Order \"%orderId\" already has other reservations placed.",
          Parameters.of("orderId", order.orderId()));
    }
    return placed;
  }

  /** A SKU's out-of-stock threshold: its own if set, else the configured default. */
  Threshold threshold(String sku) {
    return database.read(connection -> {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT sku, min_quantity_e4 FROM sku_threshold WHERE sku_key = ?")) {
        select.setString(1, Keys.fold(sku));
        try (ResultSet rows = select.executeQuery()) {
          return rows.next()
              ? new Threshold(rows.getString(1), Quantity.ofE4(rows.getLong(2)), false)
              : new Threshold(sku, Quantity.ofE4(defaultThresholdE4), true);
        }
      }
    });
  }

  void setThreshold(UnitOfWork unit, String sku, Quantity threshold) throws SQLException {
    try (PreparedStatement upsert =
        unit.connection()
            .prepareStatement(
                """
                INSERT INTO sku_threshold (sku_key, sku, min_quantity_e4) VALUES (?, ?, ?)
                ON CONFLICT (sku_key) DO UPDATE SET min_quantity_e4 = excluded.min_quantity_e4
                """)) {
      upsert.setString(1, Keys.fold(sku));
      upsert.setString(2, sku);
      upsert.setLong(3, threshold.e4());
      upsert.executeUpdate();
    }
  }

  void resetThreshold(UnitOfWork unit, String sku) throws SQLException {
    try (PreparedStatement delete =
        unit.connection().prepareStatement("DELETE FROM sku_threshold WHERE sku_key = ?")) {
      delete.setString(1, Keys.fold(sku));
      delete.executeUpdate();
    }
  }

  /** A SKU's out-of-stock threshold and whether it is the configured default. */
  record Threshold(String sku, Quantity threshold, boolean useDefault) {}
}
