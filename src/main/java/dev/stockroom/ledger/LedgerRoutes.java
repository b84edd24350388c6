package dev.stockroom.ledger;

import dev.stockroom.acl.Acl;
import dev.stockroom.db.ChangeContext;
import dev.stockroom.db.Database;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.search.Search;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchField;
import dev.stockroom.search.SearchResults;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The change ledger over REST: {@code GET V1/stockroom/source-item-changes} with searchCriteria
 * over change_id (a cursor: {@code change_id gt N} with a page size), sku, source_code, changed_at,
 * actor_type, actor_name, via, bulk_uuid and request_id; in change order unless sorted otherwise,
 * streamed without a page size.
 */
public final class LedgerRoutes {
  static final ApiType.Definition CHANGE =
      ApiType.definition(
              "stockroom-api-data-source-item-change-interface",
              "One change of a source item's quantity or status, as the ledger holds it.")
          .required("change_id", ApiType.INTEGER, "Its place in the ledger (a cursor)")
          .required("sku", ApiType.STRING, "Product SKU")
          .required("source_code", ApiType.STRING, "Source code")
          .optional("quantity_before", ApiType.NUMBER, "Quantity before; absent for a new item")
          .optional("status_before", ApiType.INTEGER, "Status before; absent for a new item")
          .optional("quantity_after", ApiType.NUMBER, "Quantity after; absent for a deleted item")
          .optional("status_after", ApiType.INTEGER, "Status after; absent for a deleted item")
          .required("delta", ApiType.NUMBER, "Quantity after minus before (absent counts as 0)")
          .required("actor_type", ApiType.STRING, "Who: admin, integration, guest, cli or system")
          .optional("actor_id", ApiType.INTEGER, "The admin user's or the integration's id")
          .optional("actor_name", ApiType.STRING, "The admin user's or the integration's name")
          .optional("via", ApiType.STRING, "How: the route, the asynchronous topic, the command")
          .optional("bulk_uuid", ApiType.STRING, "The bulk of an asynchronous operation")
          .optional("request_id", ApiType.STRING, "The request's X-Request-Id")
          .required("changed_at", ApiType.STRING, "When, ISO 8601 in UTC")
          .build();

  private static final String COLUMNS =
      "change_id, sku, source_code, quantity_before_e4, status_before, quantity_after_e4,"
          + " status_after, delta_e4, actor_type, actor_id, actor_name, via, bulk_uuid,"
          + " request_id, changed_at";

  private final Database database;
  private final Search<SourceItemChange> search;

  public LedgerRoutes(Database database) {
    this.database = database;
    this.search =
        new Search<>(
            database,
            COLUMNS,
            "source_item_change JOIN change_set USING (change_set_id)",
            List.of(
                SearchField.number("change_id", "change_id", 0, false),
                SearchField.key("sku", "sku_key"),
                SearchField.key("source_code", "source_key"),
                SearchField.text("changed_at", "changed_at", false),
                SearchField.text("actor_type", "actor_type", false),
                SearchField.text("actor_name", "actor_name", true),
                SearchField.text("via", "via", true),
                SearchField.text("bulk_uuid", "bulk_uuid", true),
                SearchField.text("request_id", "request_id", true)),
            "change_id",
            LedgerRoutes::change);
  }

  public void register(Router router) {
    router
        .get("/V1/stockroom/source-item-changes", Acl.SOURCE_ITEM_CHANGES, this::changes)
        .service(
            new Service(
                "stockroomSourceItemChangesV1",
                "The change ledger: every change of a source item's quantity or status."),
            "getList",
            "Find changes by searchCriteria (change_id, sku, source_code, changed_at, actor_type,"
                + " actor_name, via, bulk_uuid, request_id); page with change_id gt the last one"
                + " seen; without a page size every match is streamed.")
        .optional("searchCriteria", SearchCriteria.TYPE)
        .returns(
            SearchResults.type(
                "stockroom-api-data-source-item-change-search-results-interface",
                "Source item changes",
                CHANGE));
  }

  private SearchResults<SourceItemChange> changes(RestRequest request) {
    return search.run(
        request.argument("searchCriteria") == null
            ? SearchCriteria.EMPTY
            : SearchCriteria.bind(request.argument("searchCriteria")));
  }

  private static SourceItemChange change(ResultSet row) throws SQLException {
    return new SourceItemChange(
        row.getLong(1),
        row.getString(2),
        row.getString(3),
        quantity(row, 4),
        integer(row, 5),
        quantity(row, 6),
        integer(row, 7),
        Quantity.ofE4(row.getLong(8)),
        row.getString(9),
        longValue(row, 10),
        row.getString(11),
        row.getString(12),
        row.getString(13),
        row.getString(14),
        row.getString(15));
  }

  private static Quantity quantity(ResultSet row, int column) throws SQLException {
    long e4 = row.getLong(column);
    return row.wasNull() ? null : Quantity.ofE4(e4);
  }

  private static Integer integer(ResultSet row, int column) throws SQLException {
    int value = row.getInt(column);
    return row.wasNull() ? null : value;
  }

  private static Long longValue(ResultSet row, int column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  /**
   * Deletes the ledger rows, and the other change events, made before {@code millis}; how many. The
   * newest row of each stays, so that ids are never handed out again (SQLite reuses the largest id
   * once it is deleted), and subscribers' cursors stay valid.
   */
  public int deleteChangedBefore(long millis) {
    String before = ChangeContext.iso(millis);
    return database.inTransaction(unit -> {
      int deleted = 0;
      try (PreparedStatement delete =
          unit.connection()
              .prepareStatement(
                  "DELETE FROM source_item_change WHERE change_set_id IN (SELECT change_set_id"
                      + " FROM change_set WHERE changed_at < ?)"
                      + " AND change_id < (SELECT MAX(change_id) FROM source_item_change)")) {
        delete.setString(1, before);
        deleted += delete.executeUpdate();
      }
      try (PreparedStatement delete =
          unit.connection()
              .prepareStatement(
                  "DELETE FROM change_set WHERE changed_at < ?"
                      + " AND change_set_id < (SELECT MAX(change_set_id) FROM change_set)"
                      + " AND NOT EXISTS (SELECT 1 FROM source_item_change c"
                      + " WHERE c.change_set_id = change_set.change_set_id)")) {
        delete.setString(1, before);
        deleted += delete.executeUpdate();
      }
      try (PreparedStatement delete =
          unit.connection()
              .prepareStatement(
                  "DELETE FROM stock_event WHERE occurred_at < ?"
                      + " AND event_id < (SELECT MAX(event_id) FROM stock_event)")) {
        delete.setString(1, before);
        deleted += delete.executeUpdate();
      }
      return deleted;
    });
  }
}
