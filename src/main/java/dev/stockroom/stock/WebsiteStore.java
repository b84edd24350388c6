package dev.stockroom.stock;

import dev.stockroom.db.Database;
import dev.stockroom.db.UnitOfWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The website codes sales channels may name. Stockroom has no catalog of websites, so it keeps
 * their codes: {@code base} from the first start, others added from the command line or the
 * configuration. A new website sells from the default stock, as in Magento.
 */
public final class WebsiteStore {
  /** Magento's rule for website codes. */
  public static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]*");

  private final Database database;

  public WebsiteStore(Database database) {
    this.database = database;
  }

  public List<String> list() {
    return database.read(connection -> {
      try (PreparedStatement select =
              connection.prepareStatement("SELECT code FROM website ORDER BY code");
          ResultSet rows = select.executeQuery()) {
        var codes = new ArrayList<String>();
        while (rows.next()) {
          codes.add(rows.getString(1));
        }
        return codes;
      }
    });
  }

  /** Adds a website, selling from the default stock; false if it was known already. */
  public boolean add(UnitOfWork unit, String code) throws SQLException {
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "A website code starts with a letter a-z and holds only a-z, 0-9 and _: " + code);
    }
    // Several instances may start at once, each adding the configured websites.
    Connection connection = unit.connection();
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO website (code) VALUES (?) ON CONFLICT (code) DO NOTHING")) {
      insert.setString(1, code);
      if (insert.executeUpdate() == 0) {
        return false;
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            """
            INSERT INTO stock_sales_channel (type, code, stock_id) VALUES (?, ?, ?)
            ON CONFLICT (type, code) DO NOTHING
            """)) {
      insert.setString(1, SalesChannel.WEBSITE);
      insert.setString(2, code);
      insert.setLong(3, Stock.DEFAULT_ID);
      insert.executeUpdate();
    }
    return true;
  }

  /** Removes a website and its sales channel; false if it was not known. */
  public boolean remove(UnitOfWork unit, String code, boolean force) throws SQLException {
    Connection connection = unit.connection();
    // A stock that sells through the website would silently lose its channel: refuse, naming it.
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT s.stock_id, s.name FROM stock_sales_channel c"
                + " JOIN stock s ON s.stock_id = c.stock_id WHERE c.type = ? AND c.code = ?")) {
      select.setString(1, SalesChannel.WEBSITE);
      select.setString(2, code);
      try (ResultSet rows = select.executeQuery()) {
        if (rows.next() && !force) {
          throw new IllegalArgumentException(
              ("Website \"%s\" is a sales channel of stock \"%s\" (%d): it would sell from no"
                      + " stock. Add --force to remove it all the same.")
                  .formatted(code, rows.getString(2), rows.getLong(1)));
        }
      }
    }
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM stock_sales_channel WHERE type = ? AND code = ?")) {
      delete.setString(1, SalesChannel.WEBSITE);
      delete.setString(2, code);
      delete.executeUpdate();
    }
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM website WHERE code = ?")) {
      delete.setString(1, code);
      return delete.executeUpdate() == 1;
    }
  }

  static boolean exists(Connection connection, String code) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM website WHERE code = ?")) {
      select.setString(1, code);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  boolean exists(String code) {
    return database.read(connection -> exists(connection, code));
  }
}
