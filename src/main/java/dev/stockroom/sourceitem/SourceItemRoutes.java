package dev.stockroom.sourceitem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.acl.Acl;
import dev.stockroom.binding.Input;
import dev.stockroom.binding.Input.Properties;
import dev.stockroom.db.Database;
import dev.stockroom.error.CouldNotSaveException;
import dev.stockroom.error.InputException;
import dev.stockroom.error.ValidationException;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchResults;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import java.util.ArrayList;
import java.util.List;

/** Magento's source-item routes (InventoryApi/etc/webapi.xml). */
public final class SourceItemRoutes {
  /** Magento's SourceItemInterface; every getter may return null, so nothing is required. */
  public static final ApiType.Definition SOURCE_ITEM =
      ApiType.definition(
              "inventory-api-data-source-item-interface",
              "Represents amount of product on physical storage Entity id getter is missed because"
                  + " entity identifies by compound identifier (sku and source_code) Used fully"
                  + " qualified namespaces in annotations for proper work of WebApi request parser")
          .optional("sku", ApiType.STRING, "Source item sku")
          .optional("source_code", ApiType.STRING, "Source code")
          .optional("quantity", ApiType.NUMBER, "Source item quantity")
          .optional("status", ApiType.INTEGER, "Source item status (One of self::STATUS_*)")
          .optional(
              "extension_attributes",
              ApiType.definition(
                      "inventory-api-data-source-item-extension-interface",
                      "ExtensionInterface class for @see"
                          + " \\Magento\\InventoryApi\\Api\\Data\\SourceItemInterface")
                  .build(),
              "")
          .build();

  private static final ApiType.Definition SEARCH_RESULTS =
      SearchResults.type(
          "inventory-api-data-source-item-search-results-interface",
          "Source items list",
          SOURCE_ITEM);

  private static final String REPOSITORY_DESCRIPTION =
      "In Magento 2 Repository considered as an implementation of Facade pattern which provides a"
          + " simplified interface to a larger body of code responsible for Domain Entity"
          + " management The main intention is to make API more readable and reduce dependencies"
          + " of business logic code on the inner workings of a module, since most code uses the"
          + " facade, thus allowing more flexibility in developing the system Along with this such"
          + " approach helps to segregate two responsibilities: 1. Repository now could be"
          + " considered as an API - Interface for usage (calling) in the business logic 2."
          + " Separate class-commands to which Repository proxies initial call (like, Get Save"
          + " GetList Delete) could be considered as SPI - Interfaces that you should extend and"
          + " implement to customize current behaviour The method save is absent, due to"
          + " different semantic (save multiple)";

  private static final Service REPOSITORY =
      new Service("inventoryApiSourceItemRepositoryV1", REPOSITORY_DESCRIPTION);
  private static final Service SAVE =
      new Service(
          "inventoryApiSourceItemsSaveV1",
          "Service method for source items save multiple Performance efficient API Used fully"
              + " qualified namespaces in annotations for proper work of WebApi request parser");
  private static final Service DELETE =
      new Service(
          "inventoryApiSourceItemsDeleteV1",
          "Service method for source items delete multiple Performance efficient API Used fully"
              + " qualified namespaces in annotations for proper work of WebApi request parser");

  private static final Input.Fields PROPERTIES =
      Input.fields("sku", "source_code", "quantity", "status", "extension_attributes");

  /** Core MSI defines no extension attributes for source items. */
  private static final Input.Fields NO_EXTENSION_ATTRIBUTES = Input.fields();

  private final Database database;
  private final SourceItemStore store;

  public SourceItemRoutes(Database database, SourceItemStore store) {
    this.database = database;
    this.store = store;
  }

  public void register(Router router) {
    // Reading source items needs only the "source" resource; writing them the assigning one.
    router
        .get("/V1/inventory/source-items", Acl.SOURCE, this::getList)
        .service(
            REPOSITORY,
            "getList",
            "Find SourceItems by SearchCriteria We need to have this method for direct work with"
                + " SourceItems because this object contains additional data like as qty, status"
                + " (for example can be searchable by additional field)")
        .required("searchCriteria", SearchCriteria.TYPE)
        .returns(SEARCH_RESULTS);
    router
        .get("/V1/stockroom/source-items-summary", Acl.SOURCE, request -> store.summary())
        .service(
            new Service(
                "stockroomSourceItemsSummaryV1", "Counts of the source items and their SKUs."),
            "get",
            "How many source items, distinct SKUs and sources holding items there are.")
        .returns(SUMMARY);
    router
        .post("/V1/inventory/source-items", Acl.STOCK_SOURCE_ITEM_ASSIGN, this::save)
        .service(SAVE, "execute", "Save Multiple Source item data")
        .required("sourceItems", ApiType.arrayOf(SOURCE_ITEM))
        .throwing(InputException.class, ValidationException.class, CouldNotSaveException.class)
        .bulk()
        .shortcut(SourceItemsBody::read);
    router
        .post("/V1/inventory/source-items-delete", Acl.STOCK_SOURCE_ITEM_ASSIGN, this::delete)
        .service(DELETE, "execute", "Delete Multiple Source item data")
        .required("sourceItems", ApiType.arrayOf(SOURCE_ITEM))
        .throwing(InputException.class, CouldNotSaveException.class)
        .bulk();
  }

  private static final ApiType.Definition SUMMARY =
      ApiType.definition(
              "stockroom-api-data-source-items-summary-interface",
              "How many source items, SKUs and sources holding items there are")
          .required("source_items", ApiType.INTEGER, "Source items")
          .required("skus", ApiType.INTEGER, "Distinct SKUs (compared case-insensitively)")
          .required("sources", ApiType.INTEGER, "Sources that hold at least one item")
          .build();

  private SearchResults<SourceItem> getList(RestRequest request) {
    request.requireArguments("searchCriteria");
    return store.search(SearchCriteria.bind(request.argument("searchCriteria")));
  }

  private Void save(RestRequest request) {
    List<SourceItemRequest> items =
        request.shortcutBody() instanceof SourceItemsBody body
            ? body.items()
            : sourceItems(request);
    List<SourceItem> valid = SourceItemValidator.validate(items);
    return database.inTransaction(unit -> {
      store.saveAll(unit, valid);
      return null;
    });
  }

  private Void delete(RestRequest request) {
    List<SourceItemStore.Pair> pairs = new ArrayList<>();
    for (SourceItemRequest item : sourceItems(request)) {
      if (item.sku() != null && item.sourceCode() != null) {
        pairs.add(new SourceItemStore.Pair(item.sourceCode(), item.sku()));
      }
    }
    return database.inTransaction(unit -> {
      store.deleteAll(unit, pairs);
      return null;
    });
  }

  static List<SourceItemRequest> sourceItems(RestRequest request) {
    request.requireArguments("sourceItems");
    List<JsonNode> elements = Input.list(request.argument("sourceItems"));
    if (elements.isEmpty()) {
      throw InputException.of("Input data is empty");
    }
    var items = new ArrayList<SourceItemRequest>(elements.size());
    for (JsonNode element : elements) {
      Properties item = Input.object(element, PROPERTIES);
      Input.object(item.get("extension_attributes"), NO_EXTENSION_ATTRIBUTES);
      Long status = item.integer("status");
      items.add(
          new SourceItemRequest(
              item.string("sku"),
              item.string("source_code"),
              item.decimal("quantity"),
              status == null
                  ? null
                  : (int) Math.clamp(status, Integer.MIN_VALUE, Integer.MAX_VALUE)));
    }
    return items;
  }
}
