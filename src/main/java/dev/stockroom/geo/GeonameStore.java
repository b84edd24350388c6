package dev.stockroom.geo;

import dev.stockroom.db.Database;
import dev.stockroom.db.Placeholders;
import dev.stockroom.db.UnitOfWork;
import dev.stockroom.error.NoSuchEntityException;
import dev.stockroom.error.Parameters;
import dev.stockroom.inventory.Keys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * GeoNames postal codes, and the address lookups of Magento's offline distance provider: by country
 * and postcode, else by country and city prefix, else by country and region.
 */
public final class GeonameStore {
  private static final int ROWS_PER_INSERT = 200;

  private final Database database;

  public GeonameStore(Database database) {
    this.database = database;
  }

  /** One postal code of a GeoNames file. */
  public record Geoname(
      String countryCode,
      String postcode,
      String city,
      String region,
      String province,
      long latitudeE6,
      long longitudeE6) {}

  /** Replaces every row of the countries the new rows name; returns the countries, sorted. */
  public Set<String> replaceCountries(UnitOfWork unit, List<Geoname> rows) throws SQLException {
    var countries = new TreeSet<String>();
    rows.forEach(row -> countries.add(row.countryCode()));
    Connection connection = unit.connection();
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM geoname WHERE country_code = ?")) {
      for (String country : countries) {
        delete.setString(1, country);
        delete.executeUpdate();
      }
    }
    for (int start = 0; start < rows.size(); start += ROWS_PER_INSERT) {
      List<Geoname> chunk = rows.subList(start, Math.min(rows.size(), start + ROWS_PER_INSERT));
      try (PreparedStatement insert =
          connection.prepareStatement(
              """
              INSERT INTO geoname (country_code, postcode, postcode_key, city, city_key, region,
                                   region_key, province, latitude_e6, longitude_e6)
              VALUES %s
              """
                  .formatted(Placeholders.rows(chunk.size(), 10)))) {
        int index = 1;
        for (Geoname row : chunk) {
          insert.setString(index++, row.countryCode());
          insert.setString(index++, row.postcode());
          insert.setString(index++, Keys.fold(row.postcode()));
          insert.setString(index++, row.city());
          insert.setString(index++, Keys.fold(row.city()));
          insert.setString(index++, row.region());
          insert.setString(index++, Keys.fold(row.region()));
          insert.setString(index++, row.province());
          insert.setLong(index++, row.latitudeE6());
          insert.setLong(index++, row.longitudeE6());
        }
        insert.executeUpdate();
      }
    }
    return countries;
  }

  /** The first point an address resolves to; refused with Magento's 404 where none does. */
  public LatLng first(Address address) {
    List<LatLng> points = lookUp(address, true);
    if (points.isEmpty()) {
      throw unknown(address);
    }
    return points.get(0);
  }

  /**
   * Every point an address resolves to: its postcode's (one), else every one of its city, else
   * every one of its region; refused with Magento's 404 where none does.
   */
  public List<LatLng> all(Address address) {
    List<LatLng> points = lookUp(address, false);
    if (points.isEmpty()) {
      throw unknown(address);
    }
    return points;
  }

  /** The point of a country's postcode, if the data holds it (none for an empty postcode). */
  public List<LatLng> postcode(String country, String postcode) {
    if (postcode.isEmpty()) {
      return List.of();
    }
    return database.read(connection ->
        select(
            connection,
            "postcode_key = ?",
            country.toUpperCase(Locale.ROOT),
            Keys.fold(postcode),
            true));
  }

  /** Every point of a country's places whose name starts with {@code city}. */
  public List<LatLng> city(String country, String city) {
    if (city.isEmpty()) {
      return List.of();
    }
    return database.read(connection ->
        select(
            connection,
            "city_key LIKE ? ESCAPE '\\'",
            country.toUpperCase(Locale.ROOT),
            likePrefix(Keys.fold(city)),
            false));
  }

  private static NoSuchEntityException unknown(Address address) {
    return new NoSuchEntityException(
        "Unknown geoname for %1", Parameters.positional(address.toString()));
  }

  private List<LatLng> lookUp(Address address, boolean firstOnly) {
    String country = address.country().toUpperCase(Locale.ROOT);
    return database.read(connection -> {
      List<LatLng> points =
          select(connection, "postcode_key = ?", country, Keys.fold(address.postcode()), true);
      // PHP's truthiness: an empty city, or "0", is no city.
      if (points.isEmpty() && !address.city().isEmpty() && !address.city().equals("0")) {
        points =
            select(
                connection,
                "city_key LIKE ? ESCAPE '\\'",
                country,
                likePrefix(Keys.fold(address.city())),
                firstOnly);
      }
      if (points.isEmpty()) {
        points =
            select(connection, "region_key = ?", country, Keys.fold(address.region()), firstOnly);
      }
      return points;
    });
  }

  private static List<LatLng> select(
      Connection connection, String condition, String country, String value, boolean firstOnly)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT latitude_e6, longitude_e6 FROM geoname WHERE country_code = ? AND "
                + condition
                + " ORDER BY geoname_id"
                + (firstOnly ? " LIMIT 1" : ""))) {
      select.setString(1, country);
      select.setString(2, value);
      try (ResultSet rows = select.executeQuery()) {
        var points = new ArrayList<LatLng>();
        while (rows.next()) {
          points.add(LatLng.ofE6(rows.getLong(1), rows.getLong(2)));
        }
        return points;
      }
    }
  }

  /** A LIKE pattern matching text that starts with {@code prefix}, its wildcards escaped. */
  private static String likePrefix(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  /** How many postal codes are loaded. */
  public long count() {
    return database.read(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM geoname");
          ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    });
  }
}
