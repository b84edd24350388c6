package dev.stockroom.source;

import dev.stockroom.binding.FixedPoint;
import dev.stockroom.binding.Php;
import dev.stockroom.db.Database;
import dev.stockroom.db.Dialect;
import dev.stockroom.db.Placeholders;
import dev.stockroom.db.UnitOfWork;
import dev.stockroom.error.CouldNotSaveException;
import dev.stockroom.error.NoSuchEntityException;
import dev.stockroom.error.Parameters;
import dev.stockroom.inventory.Keys;
import dev.stockroom.search.Search;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchField;
import dev.stockroom.search.SearchResults;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sources, keyed by their code case-insensitively. Sources are never deleted. */
public final class SourceStore {
  private static final String COLUMNS =
      """
      source_code, name, email, contact_name, enabled, description, latitude_e6, longitude_e6,
      country_id, region_id, region, city, street, postcode, phone, fax,
      is_pickup_location_active, frontend_name, frontend_description
      """;

  private static final List<SearchField> FIELDS =
      List.of(
          SearchField.key("source_code", "source_key"),
          SearchField.text("name", "name", false),
          SearchField.text("email", "email", true),
          SearchField.text("contact_name", "contact_name", true),
          SearchField.number("enabled", "enabled", 0, false),
          SearchField.text("description", "description", true),
          SearchField.number("latitude", "latitude_e6", 6, true),
          SearchField.number("longitude", "longitude_e6", 6, true),
          SearchField.text("country_id", "country_id", false),
          SearchField.number("region_id", "region_id", 0, true),
          SearchField.text("region", "region", true),
          SearchField.text("city", "city", true),
          SearchField.text("street", "street", true),
          SearchField.text("postcode", "postcode", false),
          SearchField.text("phone", "phone", true),
          SearchField.text("fax", "fax", true),
          SearchField.number("use_default_carrier_config", "1", 0, false),
          SearchField.number("is_pickup_location_active", "is_pickup_location_active", 0, false),
          SearchField.text("frontend_name", "frontend_name", true),
          SearchField.text("frontend_description", "frontend_description", true));

  private final Database database;
  private final Search<Source> search;

  public SourceStore(Database database) {
    this.database = database;
    this.search = new Search<>(database, COLUMNS, "source", FIELDS, "source_key", SourceStore::map);
  }

  public Source get(String sourceCode) {
    return database
        .read(connection -> find(connection, sourceCode))
        .orElseThrow(() ->
            new NoSuchEntityException(
                "Source with code \"%value\" does not exist.", Parameters.of("value", sourceCode)));
  }

  /**
   * The source as it is now, or empty, read in {@code unit} after taking the table from other
   * writers until the unit ends: what a conditional write checks before it writes.
   */
  public Optional<Source> current(UnitOfWork unit, String sourceCode) throws SQLException {
    unit.lockTable("source", Dialect.TableLock.REWRITE);
    return find(unit.connection(), sourceCode);
  }

  /** Whether a source of this code exists (compared case-insensitively). */
  public boolean exists(String sourceCode) {
    return database.read(connection -> find(connection, sourceCode)).isPresent();
  }

  /** Every source the criteria's filters match, in their sort order, read whole. */
  public List<Source> findAll(SearchCriteria criteria) {
    return search.all(criteria);
  }

  public SearchResults<Source> search(SearchCriteria criteria) {
    return search.run(criteria);
  }

  /** The sources linked to a stock, by priority (1 first); none for an unknown stock. */
  public List<Source> assignedToStock(long stockId) {
    return database.read(connection -> {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT "
                  + COLUMNS
                  + " FROM source JOIN stock_source_link link USING (source_key)"
                  + " WHERE link.stock_id = ? ORDER BY link.priority, link.source_key")) {
        select.setLong(1, stockId);
        try (ResultSet rows = select.executeQuery()) {
          var sources = new ArrayList<Source>();
          while (rows.next()) {
            sources.add(map(rows));
          }
          return sources;
        }
      }
    });
  }

  /**
   * Creates the source or updates the fields the request names (an upsert, as Magento's POST and
   * PUT both are). Names are unique, compared trimmed and case-insensitively.
   */
  void save(UnitOfWork unit, SourceRequest request) throws SQLException {
    Source source = request.source();
    String key = Keys.fold(source.sourceCode());
    Connection connection = unit.connection();
    if (nameTakenByAnother(connection, source.name(), key)) {
      throw new CouldNotSaveException("Could not save Source");
    }
    Optional<Source> existing = find(connection, source.sourceCode());
    Map<String, Object> columns = columns(request, existing);
    try {
      if (existing.isPresent()) {
        update(connection, key, columns);
      } else {
        insert(connection, key, source.sourceCode(), columns);
      }
    } catch (SQLException failure) {
      // A concurrent save took the same code or name first.
      if (unit.dialect().isUniqueViolation(failure)) {
        throw new CouldNotSaveException("Could not save Source");
      }
      throw failure;
    }
    unit.record(new Saved(source.sourceCode()));
  }

  /** A source a unit of work created or changed. */
  public record Saved(String sourceCode) implements UnitOfWork.Change {}

  private static boolean nameTakenByAnother(Connection connection, String name, String key)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM source WHERE name_key = ? AND source_key <> ?")) {
      select.setString(1, nameKey(name));
      select.setString(2, key);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static String nameKey(String name) {
    return Keys.fold(Php.trim(name));
  }

  /**
   * The columns a save writes: those the request names, with null written only to nullable columns.
   * With extension attributes the pickup columns are copied from them; the front-end name defaults
   * to the name when it is empty, or when none was ever stored.
   */
  private static Map<String, Object> columns(SourceRequest request, Optional<Source> existing) {
    Source source = request.source();
    var columns = new LinkedHashMap<String, Object>();
    columns.put("name", source.name());
    columns.put("name_key", nameKey(source.name()));
    columns.put("country_id", source.countryId());
    columns.put("postcode", source.postcode());
    if (source.enabled() != null) {
      columns.put("enabled", source.enabled() ? 1 : 0);
    }
    putIfSent(request, columns, "email", source.email());
    putIfSent(request, columns, "contact_name", source.contactName());
    putIfSent(request, columns, "description", source.description());
    putIfSent(request, columns, "latitude", scaled(source.latitude()));
    putIfSent(request, columns, "longitude", scaled(source.longitude()));
    putIfSent(request, columns, "region_id", source.regionId());
    putIfSent(request, columns, "region", source.region());
    putIfSent(request, columns, "city", source.city());
    putIfSent(request, columns, "street", source.street());
    putIfSent(request, columns, "phone", source.phone());
    putIfSent(request, columns, "fax", source.fax());
    Source.Extension pickup = source.extensionAttributes();
    String frontendName = pickup.frontendName();
    if (request.has("extension_attributes")) {
      columns.put(
          "is_pickup_location_active",
          Boolean.TRUE.equals(pickup.isPickupLocationActive()) ? 1 : 0);
      columns.put("frontend_description", pickup.frontendDescription());
    } else {
      frontendName =
          existing.map(stored -> stored.extensionAttributes().frontendName()).orElse(null);
    }
    columns.put(
        "frontend_name",
        frontendName == null || frontendName.isEmpty() ? source.name() : frontendName);
    return columns;
  }

  private static void putIfSent(
      SourceRequest request, Map<String, Object> columns, String field, Object value) {
    if (request.has(field)) {
      String column = field.equals("latitude") || field.equals("longitude") ? field + "_e6" : field;
      columns.put(column, value);
    }
  }

  private static Long scaled(BigDecimal degrees) {
    return degrees == null
        ? null
        : FixedPoint.scale(degrees, 6, RoundingMode.HALF_UP, 180_000_000L);
  }

  private static void update(Connection connection, String key, Map<String, Object> columns)
      throws SQLException {
    var assignments = new ArrayList<String>();
    columns.keySet().forEach(column -> assignments.add(column + " = ?"));
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE source SET " + String.join(", ", assignments) + " WHERE source_key = ?")) {
      int index = bind(update, columns);
      update.setString(index, key);
      update.executeUpdate();
    }
  }

  private static void insert(
      Connection connection, String key, String sourceCode, Map<String, Object> columns)
      throws SQLException {
    var all = new LinkedHashMap<String, Object>();
    all.put("source_key", key);
    all.put("source_code", sourceCode);
    all.putAll(columns);
    String names = String.join(", ", all.keySet());
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO source (" + names + ") VALUES (" + Placeholders.list(all.size()) + ")")) {
      bind(insert, all);
      insert.executeUpdate();
    }
  }

  private static int bind(PreparedStatement statement, Map<String, Object> values)
      throws SQLException {
    int index = 1;
    for (Object value : values.values()) {
      if (value == null) {
        statement.setNull(index++, Types.NULL);
      } else {
        statement.setObject(index++, value);
      }
    }
    return index;
  }

  private static Optional<Source> find(Connection connection, String sourceCode)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM source WHERE source_key = ?")) {
      select.setString(1, Keys.fold(sourceCode));
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(map(rows)) : Optional.empty();
      }
    }
  }

  private static Source map(ResultSet row) throws SQLException {
    return new Source(
        row.getString("source_code"),
        row.getString("name"),
        row.getString("email"),
        row.getString("contact_name"),
        row.getInt("enabled") == 1,
        row.getString("description"),
        degrees(row, "latitude_e6"),
        degrees(row, "longitude_e6"),
        row.getString("country_id"),
        nullableLong(row, "region_id"),
        row.getString("region"),
        row.getString("city"),
        row.getString("street"),
        row.getString("postcode"),
        row.getString("phone"),
        row.getString("fax"),
        true,
        List.of(),
        new Source.Extension(
            row.getInt("is_pickup_location_active") == 1,
            row.getString("frontend_name"),
            row.getString("frontend_description")));
  }

  private static BigDecimal degrees(ResultSet row, String column) throws SQLException {
    Long scaled = nullableLong(row, column);
    return scaled == null ? null : BigDecimal.valueOf(scaled, 6);
  }

  private static Long nullableLong(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }
}
