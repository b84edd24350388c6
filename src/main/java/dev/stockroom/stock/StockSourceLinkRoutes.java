package dev.stockroom.stock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.acl.Acl;
import dev.stockroom.binding.Input;
import dev.stockroom.binding.Input.Properties;
import dev.stockroom.db.Database;
import dev.stockroom.error.CouldNotDeleteException;
import dev.stockroom.error.CouldNotSaveException;
import dev.stockroom.error.InputException;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.error.ValidationException;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchResults;
import dev.stockroom.source.Source;
import dev.stockroom.source.SourceRoutes;
import dev.stockroom.source.SourceStore;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import java.util.ArrayList;
import java.util.List;

/** Magento's stock–source link routes (InventoryApi/etc/webapi.xml). */
public final class StockSourceLinkRoutes {
  private static final String LONG_NAME_NOTE =
      " Used fully qualified namespaces in annotations for proper work of WebApi request parser";

  /** Magento's StockSourceLinkInterface. */
  public static final ApiType.Definition LINK =
      ApiType.definition(
              "inventory-api-data-stock-source-link-interface",
              "Represents relation between Stock and Source entities." + LONG_NAME_NOTE)
          .optional("stock_id", ApiType.INTEGER, "Stock id")
          .optional("source_code", ApiType.STRING, "Source code of the link")
          .optional("priority", ApiType.INTEGER, "Priority of the link")
          .optional(
              "extension_attributes",
              ApiType.definition(
                      "inventory-api-data-stock-source-link-extension-interface",
                      "ExtensionInterface class for @see"
                          + " \\Magento\\InventoryApi\\Api\\Data\\StockSourceLinkInterface")
                  .optional("source_name", ApiType.STRING, "")
                  .build(),
              "")
          .build();

  private static final Service GET_LINKS =
      new Service(
          "inventoryApiGetStockSourceLinksV1",
          "Find StockSourceLink list by SearchCriteria API" + LONG_NAME_NOTE);
  private static final Service SAVE =
      new Service(
          "inventoryApiStockSourceLinksSaveV1",
          "Service method for stock source links save multiple Performance efficient API"
              + LONG_NAME_NOTE);
  private static final Service DELETE =
      new Service(
          "inventoryApiStockSourceLinksDeleteV1",
          "Service method for stock source links delete multiple Performance efficient API"
              + LONG_NAME_NOTE);
  private static final Service SOURCES_BY_PRIORITY =
      new Service(
          "inventoryApiGetSourcesAssignedToStockOrderedByPriorityV1",
          "Retrieve sources related to current stock ordered by priority" + LONG_NAME_NOTE);

  private static final Input.Fields PROPERTIES =
      Input.fields("stock_id", "source_code", "priority", "extension_attributes");
  private static final Input.Fields NO_EXTENSION_ATTRIBUTES = Input.fields();

  private final Database database;
  private final StockSourceLinkStore store;
  private final SourceStore sources;

  public StockSourceLinkRoutes(Database database, StockSourceLinkStore store, SourceStore sources) {
    this.database = database;
    this.store = store;
    this.sources = sources;
  }

  public void register(Router router) {
    router
        .get("/V1/inventory/stock-source-links", Acl.STOCK_SOURCE_LINK, this::getList)
        .service(GET_LINKS, "execute", "Find StockSourceLink list by given SearchCriteria")
        .required("searchCriteria", SearchCriteria.TYPE)
        .returns(
            SearchResults.type(
                "inventory-api-data-stock-source-link-search-results-interface",
                "StockSourceLink list",
                LINK));
    router
        .post("/V1/inventory/stock-source-links", Acl.STOCK_SOURCE_LINK, this::save)
        .service(SAVE, "execute", "Save StockSourceLink list data")
        .required("links", ApiType.arrayOf(LINK))
        .throwing(ValidationException.class, CouldNotSaveException.class)
        .bulk();
    router
        .post("/V1/inventory/stock-source-links-delete", Acl.STOCK_SOURCE_LINK, this::delete)
        .service(DELETE, "execute", "Remove StockSourceLink list list")
        .required("links", ApiType.arrayOf(LINK))
        .throwing(CouldNotDeleteException.class)
        .bulk();
    router
        .get(
            "/V1/inventory/get-sources-assigned-to-stock-ordered-by-priority/:stockId",
            Acl.SOURCE,
            this::sourcesByPriority)
        .service(
            SOURCES_BY_PRIORITY,
            "execute",
            "Get Sources assigned to Stock ordered by priority If Stock with given id doesn't"
                + " exist then return an empty array")
        .required("stockId", ApiType.INTEGER)
        .returns(ApiType.arrayOf(SourceRoutes.SOURCE))
        .throwing(InputException.class, LocalizedException.class);
  }

  private SearchResults<StockSourceLink> getList(RestRequest request) {
    request.requireArguments("searchCriteria");
    return store.search(SearchCriteria.bind(request.argument("searchCriteria")));
  }

  private Void save(RestRequest request) {
    List<StockSourceLink> links = StockSourceLinkValidator.validateSave(links(request));
    return database.inTransaction(unit -> {
      store.saveAll(unit, links);
      return null;
    });
  }

  private Void delete(RestRequest request) {
    List<StockSourceLink> links = StockSourceLinkValidator.validateDelete(links(request));
    return database.inTransaction(unit -> {
      store.deleteAll(unit, links);
      return null;
    });
  }

  private List<Source> sourcesByPriority(RestRequest request) {
    return sources.assignedToStock(request.integerArgument("stockId"));
  }

  private static List<StockSourceLink> links(RestRequest request) {
    request.requireArguments("links");
    List<JsonNode> elements = Input.list(request.argument("links"));
    if (elements.isEmpty()) {
      throw InputException.of("Input data is empty");
    }
    var links = new ArrayList<StockSourceLink>(elements.size());
    for (JsonNode element : elements) {
      Properties link = Input.object(element, PROPERTIES);
      Input.object(link.get("extension_attributes"), NO_EXTENSION_ATTRIBUTES);
      links.add(
          new StockSourceLink(
              link.integer("stock_id"), link.string("source_code"), link.integer("priority")));
    }
    return links;
  }
}
