package dev.stockroom.reservation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.auth.Acl;
import dev.stockroom.db.Quantity;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import dev.stockroom.error.ValidationException;
import dev.stockroom.http.Input;
import dev.stockroom.http.Input.Properties;
import dev.stockroom.http.RestRequest;
import dev.stockroom.http.Router;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.sourceitem.Sku;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stockroom's routes for the reservation ledger, which Magento keeps without REST: search it,
 * append to it (compensations, corrections), list the open groups and clean up the closed ones.
 */
public final class ReservationRoutes {
  private static final Input.Fields PROPERTIES =
      Input.fields("reservation_id", "stock_id", "sku", "quantity", "metadata");

  /** Magento's varchar(255) metadata column. */
  private static final int METADATA_MAX_LENGTH = 255;

  private final ReservationStore store;

  public ReservationRoutes(ReservationStore store) {
    this.store = store;
  }

  public void register(Router router) {
    router.get("/V1/stockroom/reservations", Acl.RESERVATION, this::getList);
    router.postBulk("/V1/stockroom/reservations", Acl.RESERVATION, this::append);
    router.get("/V1/stockroom/reservations/open-groups", Acl.RESERVATION, this::openGroups);
    router.post("/V1/stockroom/reservations/cleanup", Acl.RESERVATION, this::cleanup);
  }

  private Object getList(RestRequest request) {
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
      BigDecimal quantity =
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
    return store.appendAll(reservations);
  }

  private List<ReservationStore.OpenGroup> openGroups(RestRequest request) {
    return store.openGroups();
  }

  private Map<String, Integer> cleanup(RestRequest request) {
    return Map.of("deleted", store.cleanup());
  }
}
