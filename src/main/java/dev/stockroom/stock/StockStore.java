package dev.stockroom.stock;

import dev.stockroom.binding.Php;
import dev.stockroom.db.Database;
import dev.stockroom.db.Dialect;
import dev.stockroom.db.UnitOfWork;
import dev.stockroom.error.CouldNotDeleteException;
import dev.stockroom.error.CouldNotSaveException;
import dev.stockroom.error.NoSuchEntityException;
import dev.stockroom.error.Parameters;
import dev.stockroom.inventory.Keys;
import dev.stockroom.search.Search;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchField;
import dev.stockroom.search.SearchResults;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** Stocks with their sales channels. Every known website is a channel of exactly one stock. */
public final class StockStore {
  private static final List<SearchField> FIELDS =
      List.of(
          SearchField.number("stock_id", "stock_id", 0, false),
          SearchField.text("name", "name", false));

  private static final long MAX_ID = 4_294_967_295L;

  private final Database database;
  private final Search<Stock> search;

  public StockStore(Database database) {
    this.database = database;
    // Each row's channels are read on the connection of the search, in its snapshot.
    this.search =
        new Search<>(
            database,
            "stock_id, name",
            "stock",
            FIELDS,
            "stock_id",
            row -> map(row.getStatement().getConnection(), row));
  }

  public Stock get(long stockId) {
    return database
        .read(connection -> find(connection, stockId))
        .orElseThrow(() -> notFound(stockId));
  }

  /**
   * The stock as it is now, or empty, read in {@code unit} after taking the table from other
   * writers until the unit ends: what a conditional write checks before it writes.
   */
  public Optional<Stock> current(UnitOfWork unit, long stockId) throws SQLException {
    unit.lockTable("stock", Dialect.TableLock.REWRITE);
    return find(unit.connection(), stockId);
  }

  public static NoSuchEntityException notFound(long stockId) {
    return new NoSuchEntityException(
        "Stock with id \"%value\" does not exist.", Parameters.of("value", stockId));
  }

  public SearchResults<Stock> search(SearchCriteria criteria) {
    return search.run(criteria);
  }

  /** The stock a sales channel sells from. */
  public Stock resolve(String type, String code) {
    return database
        .read(connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT stock_id FROM stock_sales_channel WHERE type = ? AND code = ?")) {
            select.setString(1, type);
            select.setString(2, code);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? find(connection, rows.getLong(1)) : Optional.<Stock>empty();
            }
          }
        })
        .orElseThrow(() -> new NoSuchEntityException("No linked stock found", Parameters.NONE));
  }

  /**
   * Creates the stock or updates it, and makes its channels exactly those given: a channel held by
   * another stock moves here, a website channel this stock no longer lists goes back to the default
   * stock. As in Magento, an id that does not exist yet creates the stock with that id. Returns the
   * stock's id.
   */
  long save(UnitOfWork unit, Stock stock) throws SQLException {
    if (stock.stockId() != null && (stock.stockId() < 1 || stock.stockId() > MAX_ID)) {
      // Beyond Magento's int unsigned column.
      throw new CouldNotSaveException("Could not save Stock");
    }
    Connection connection = unit.connection();
    if (nameTakenByAnother(connection, stock)) {
      throw new CouldNotSaveException("Could not save Stock");
    }
    long stockId;
    try {
      stockId = write(unit, stock);
    } catch (SQLException failure) {
      // A concurrent save took the same name or id first.
      if (unit.dialect().isUniqueViolation(failure)) {
        throw new CouldNotSaveException("Could not save Stock");
      }
      throw failure;
    }
    var channels = new LinkedHashSet<>(stock.salesChannels());
    for (SalesChannel channel : channels) {
      if (channel.type().equals(SalesChannel.WEBSITE)
          && !WebsiteStore.exists(connection, channel.code())) {
        // A website removed since validation.
        throw new CouldNotSaveException("Could not save Stock");
      }
      assignChannel(connection, channel, stockId);
    }
    for (SalesChannel held : channels(connection, stockId)) {
      if (!channels.contains(held)) {
        if (held.type().equals(SalesChannel.WEBSITE)) {
          assignChannel(connection, held, Stock.DEFAULT_ID);
        } else {
          removeChannel(connection, held);
        }
      }
    }
    unit.record(new Saved(stockId));
    return stockId;
  }

  /** A stock a unit of work created or changed, with its channels. */
  public record Saved(long stockId) implements UnitOfWork.Change {}

  /** A stock a unit of work deleted. */
  public record Deleted(long stockId) implements UnitOfWork.Change {}

  /** Updates the stock, or inserts it (with its id if it has one); returns its id. */
  private long write(UnitOfWork unit, Stock stock) throws SQLException {
    Connection connection = unit.connection();
    if (stock.stockId() != null && update(connection, stock) > 0) {
      return stock.stockId();
    }
    if (stock.stockId() == null) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO stock (name, name_key) VALUES (?, ?)",
              Statement.RETURN_GENERATED_KEYS)) {
        insert.setString(1, stock.name());
        insert.setString(2, nameKey(stock.name()));
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          keys.next();
          return keys.getLong(1);
        }
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO stock (stock_id, name, name_key) VALUES (?, ?, ?)")) {
      insert.setLong(1, stock.stockId());
      insert.setString(2, stock.name());
      insert.setString(3, nameKey(stock.name()));
      insert.executeUpdate();
    }
    String catchUp = unit.dialect().identityCatchUp("stock", "stock_id");
    if (catchUp != null) {
      try (var statement = connection.createStatement()) {
        statement.execute(catchUp);
      }
    }
    return stock.stockId();
  }

  private static int update(Connection connection, Stock stock) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE stock SET name = ?, name_key = ? WHERE stock_id = ?")) {
      update.setString(1, stock.name());
      update.setString(2, nameKey(stock.name()));
      update.setLong(3, stock.stockId());
      return update.executeUpdate();
    }
  }

  private static boolean nameTakenByAnother(Connection connection, Stock stock)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT stock_id FROM stock WHERE name_key = ?")) {
      select.setString(1, nameKey(stock.name()));
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() && !Long.valueOf(rows.getLong(1)).equals(stock.stockId());
      }
    }
  }

  private static String nameKey(String name) {
    return Keys.fold(Php.trim(name));
  }

  private static void removeChannel(Connection connection, SalesChannel channel)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM stock_sales_channel WHERE type = ? AND code = ?")) {
      delete.setString(1, channel.type());
      delete.setString(2, channel.code());
      delete.executeUpdate();
    }
  }

  static void assignChannel(Connection connection, SalesChannel channel, long stockId)
      throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            """
            INSERT INTO stock_sales_channel (type, code, stock_id) VALUES (?, ?, ?)
            ON CONFLICT (type, code) DO UPDATE SET stock_id = excluded.stock_id
            """)) {
      upsert.setString(1, channel.type());
      upsert.setString(2, channel.code());
      upsert.setLong(3, stockId);
      upsert.executeUpdate();
    }
  }

  /**
   * Deletes a stock and its source links. The default stock and a stock that still sells through a
   * channel cannot be deleted.
   */
  void delete(UnitOfWork unit, long stockId) throws SQLException {
    Connection connection = unit.connection();
    if (find(connection, stockId).isEmpty()) {
      throw new NoSuchEntityException(
          "There is no stock with \"%fieldValue\" for \"%fieldName\". Verify and try again.",
          Parameters.of("fieldName", "stock_id", "fieldValue", stockId));
    }
    if (stockId == Stock.DEFAULT_ID) {
      throw new CouldNotDeleteException("Default Stock could not be deleted.");
    }
    if (!channels(connection, stockId).isEmpty()) {
      throw new CouldNotDeleteException(
          "Stock has at least one sale channel and could not be deleted.");
    }
    for (String sql :
        List.of(
            "DELETE FROM stock_source_link WHERE stock_id = ?",
            "DELETE FROM stock WHERE stock_id = ?")) {
      try (PreparedStatement delete = connection.prepareStatement(sql)) {
        delete.setLong(1, stockId);
        delete.executeUpdate();
      }
    }
    unit.record(new Deleted(stockId));
  }

  /** Whether the stock exists, read on the caller's transaction. */
  public static boolean exists(Connection connection, long stockId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM stock WHERE stock_id = ?")) {
      select.setLong(1, stockId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  static Optional<Stock> find(Connection connection, long stockId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT stock_id, name FROM stock WHERE stock_id = ?")) {
      select.setLong(1, stockId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(map(connection, rows)) : Optional.empty();
      }
    }
  }

  private static Stock map(Connection connection, ResultSet row) throws SQLException {
    long stockId = row.getLong("stock_id");
    return new Stock(
        stockId, row.getString("name"), new Stock.Extension(channels(connection, stockId)));
  }

  private static List<SalesChannel> channels(Connection connection, long stockId)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT type, code FROM stock_sales_channel WHERE stock_id = ? ORDER BY type, code")) {
      select.setLong(1, stockId);
      try (ResultSet rows = select.executeQuery()) {
        var channels = new ArrayList<SalesChannel>();
        while (rows.next()) {
          channels.add(new SalesChannel(rows.getString(1), rows.getString(2)));
        }
        return channels;
      }
    }
  }
}
