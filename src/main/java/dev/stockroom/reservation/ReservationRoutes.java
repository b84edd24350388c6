package dev.stockroom.reservation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.acl.Acl;
import dev.stockroom.binding.Input;
import dev.stockroom.binding.Input.Properties;
import dev.stockroom.db.Database;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import dev.stockroom.error.NoSuchEntityException;
import dev.stockroom.error.ValidationException;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.inventory.Sku;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchResults;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import java.util.ArrayList;
import java.util.List;

/**
 * Stockroom's routes for the reservation ledger, which Magento keeps without REST: search it,
 * append to it (compensations, corrections), list the open groups and clean up the closed ones.
 */
public final class ReservationRoutes {
  /** Magento's ReservationInterface (InventoryReservationsApi, which has no REST routes). */
  public static final ApiType.Definition RESERVATION =
      ApiType.definition(
              "inventory-reservations-api-data-reservation-interface",
              "The entity responsible for reservations, created to keep inventory amount (product"
                  + " quantity) up-to-date. It is created to have a state between order creation"
                  + " and inventory deduction (deduction of specific SourceItems).")
          .optional("reservation_id", ApiType.INTEGER, "Reservation id")
          .required("stock_id", ApiType.INTEGER, "Stock id")
          .required("sku", ApiType.STRING, "Product SKU")
          .required("quantity", ApiType.NUMBER, "Product Qty")
          .optional("metadata", ApiType.STRING, "Reservation metadata")
          .build();

  private static final ApiType.Definition OPEN_GROUP =
      ApiType.definition(
              "stockroom-api-data-reservation-open-group-interface",
              "The reservations of one object (an order) for one SKU in one stock that do not sum"
                  + " to zero.")
          .optional("object_type", ApiType.STRING, "Object type, e.g. order")
          .optional("object_id", ApiType.STRING, "Object id, e.g. the order id")
          .required("stock_id", ApiType.INTEGER, "Stock id")
          .required("sku", ApiType.STRING, "Product SKU")
          .required("quantity", ApiType.NUMBER, "Sum of the group's reservations")
          .build();

  private static final ApiType.Definition CLEANUP_RESULT =
      ApiType.definition(
              "stockroom-api-data-reservation-cleanup-result-interface",
              "What a reservation cleanup deleted.")
          .required("deleted", ApiType.INTEGER, "Reservations deleted")
          .build();

  private static final Service LEDGER =
      new Service(
          "stockroomReservationsV1",
          "Stockroom's reservation ledger: search it, append to it, list the groups that do not"
              + " sum to zero and delete those that do.");

  private static final Input.Fields PROPERTIES =
      Input.fields("reservation_id", "stock_id", "sku", "quantity", "metadata");

  /** Magento's varchar(255) metadata column. */
  private static final int METADATA_MAX_LENGTH = 255;

  private final Database database;
  private final ReservationStore store;

  public ReservationRoutes(Database database, ReservationStore store) {
    this.database = database;
    this.store = store;
  }

  public void register(Router router) {
    router
        .get("/V1/stockroom/reservations", Acl.RESERVATION, this::getList)
        .service(LEDGER, "getList", "Find reservations by SearchCriteria.")
        .required("searchCriteria", SearchCriteria.TYPE)
        .returns(
            SearchResults.type(
                "stockroom-api-data-reservation-search-results-interface",
                "Reservations list",
                RESERVATION));
    router
        .post("/V1/stockroom/reservations", Acl.RESERVATION, this::append)
        .service(
            LEDGER,
            "append",
            "Append reservations (compensations, corrections) without checking quantities, all"
                + " or none.")
        .required("reservations", ApiType.arrayOf(RESERVATION))
        .returns(ApiType.arrayOf(RESERVATION))
        .throwing(InputException.class, ValidationException.class, NoSuchEntityException.class)
        .bulk();
    router
        .get("/V1/stockroom/reservations/open-groups", Acl.RESERVATION, this::openGroups)
        .service(
            LEDGER,
            "getOpenGroups",
            "List the reservations of one object, SKU and stock that do not sum to zero.")
        .returns(ApiType.arrayOf(OPEN_GROUP));
    router
        .post("/V1/stockroom/reservations/cleanup", Acl.RESERVATION, this::cleanup)
        .service(
            LEDGER,
            "cleanup",
            "Delete the reservations of one object, SKU and stock that sum to zero.")
        .returns(CLEANUP_RESULT);
  }

  private SearchResults<Reservation> getList(RestRequest request) {
    request.requireArguments("searchCriteria");
    return store.search(SearchCriteria.bind(request.argument("searchCriteria")));
  }

  private List<Reservation> append(RestRequest request) {
    request.requireArguments("reservations");
    List<JsonNode> elements = Input.list(request.argument("reservations"));
    if (elements.isEmpty()) {
      throw InputException.of("Input data is empty");
    }
    var errors = new ArrayList<ErrorEntry>();
    var reservations = new ArrayList<Reservation>();
    for (JsonNode element : elements) {
      Properties reservation = Input.object(element, PROPERTIES);
      String sku = reservation.string("sku");
      Long stockId = reservation.integer("stock_id");
      Sku.validate(sku, errors);
      if (stockId == null) {
        errors.add(ErrorEntry.forField("\"%field\" can not be empty.", "stock_id"));
      }
      Quantity quantity =
          Quantity.validate(
              reservation.decimal("quantity"), "quantity", "\"%field\" can not be empty.", errors);
      String metadata = reservation.string("metadata");
      if (metadata != null && metadata.codePointCount(0, metadata.length()) > METADATA_MAX_LENGTH) {
        errors.add(ErrorEntry.tooLong("metadata", METADATA_MAX_LENGTH));
      }
      reservations.add(new Reservation(null, stockId, sku, quantity, metadata));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("Validation Failed", errors);
    }
    return database.inTransaction(unit -> store.appendAll(unit, reservations));
  }

  private List<ReservationStore.OpenGroup> openGroups(RestRequest request) {
    return store.openGroups();
  }

  private CleanupResult cleanup(RestRequest request) {
    return new CleanupResult(database.inTransaction(store::cleanup));
  }

  /** How many reservations a cleanup deleted. */
  record CleanupResult(int deleted) {}
}
