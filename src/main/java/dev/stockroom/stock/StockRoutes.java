package dev.stockroom.stock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.acl.Acl;
import dev.stockroom.binding.Input;
import dev.stockroom.binding.Input.Properties;
import dev.stockroom.db.Database;
import dev.stockroom.error.CouldNotDeleteException;
import dev.stockroom.error.CouldNotSaveException;
import dev.stockroom.error.NoSuchEntityException;
import dev.stockroom.error.ValidationException;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchResults;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import java.util.ArrayList;
import java.util.List;

/** Magento's stock routes (InventoryApi) and the stock resolver (InventorySalesApi). */
public final class StockRoutes {
  private static final String LONG_NAME_NOTE =
      " Used fully qualified namespaces in annotations for proper work of WebApi request parser";

  /** Magento's SalesChannelInterface. */
  public static final ApiType.Definition SALES_CHANNEL =
      ApiType.definition(
              "inventory-sales-api-data-sales-channel-interface",
              "Represents sales channels (which are a linkage between stocks and websites, customer"
                  + " groups, etc.)"
                  + LONG_NAME_NOTE)
          .optional("type", ApiType.STRING, "Sales channel type")
          .optional("code", ApiType.STRING, "Sales channel code")
          .optional(
              "extension_attributes",
              ApiType.definition(
                      "inventory-sales-api-data-sales-channel-extension-interface",
                      "ExtensionInterface class for @see"
                          + " \\Magento\\InventorySalesApi\\Api\\Data\\SalesChannelInterface")
                  .build(),
              "")
          .build();

  /** Magento's StockInterface, with the sales channels InventorySales adds to it. */
  public static final ApiType.Definition STOCK =
      ApiType.definition(
              "inventory-api-data-stock-interface",
              "Represents product aggregation among some different physical storages (in technical"
                  + " words, it is an index)"
                  + LONG_NAME_NOTE)
          .optional("stock_id", ApiType.INTEGER, "Stock id")
          .optional("name", ApiType.STRING, "Stock name")
          .optional(
              "extension_attributes",
              ApiType.definition(
                      "inventory-api-data-stock-extension-interface",
                      "TODO: temporal fix of extension classes generation during installation"
                          + " ExtensionInterface class for @see"
                          + " \\Magento\\InventoryApi\\Api\\Data\\StockInterface")
                  .optional("sales_channels", ApiType.arrayOf(SALES_CHANNEL), "")
                  .build(),
              "")
          .build();

  private static final Service REPOSITORY =
      new Service(
          "inventoryApiStockRepositoryV1",
          "In Magento 2 Repository considered as an implementation of Facade pattern which"
              + " provides a simplified interface to a larger body of code responsible for Domain"
              + " Entity management The main intention is to make API more readable and reduce"
              + " dependencies of business logic code on the inner workings of a module, since"
              + " most code uses the facade, thus allowing more flexibility in developing the"
              + " system Along with this such approach helps to segregate two responsibilities: 1."
              + " Repository now could be considered as an API - Interface for usage (calling) in"
              + " the business logic 2. Separate class-commands to which Repository proxies"
              + " initial call (like, Get Save GetList Delete) could be considered as SPI -"
              + " Interfaces that you should extend and implement to customize current behaviour"
              + LONG_NAME_NOTE);
  private static final Service RESOLVER =
      new Service(
          "inventorySalesApiStockResolverV1",
          "The stock resolver is responsible for getting the linked stock for a certain sales"
              + " channel");

  private static final String GET_DESCRIPTION =
      "Get Stock data by given stockId. If you want to create plugin on get method, also you need"
          + " to create separate Plugin on getList method, because entity loading way is different"
          + " for these methods";

  private static final Input.Fields PROPERTIES =
      Input.fields("stock_id", "name", "extension_attributes");
  private static final Input.Fields EXTENSION = Input.fields("sales_channels");
  private static final Input.Fields CHANNEL = Input.fields("type", "code");

  private final Database database;
  private final StockStore store;
  private final WebsiteStore websites;

  public StockRoutes(Database database, StockStore store, WebsiteStore websites) {
    this.database = database;
    this.store = store;
    this.websites = websites;
  }

  public void register(Router router) {
    router
        .get("/V1/inventory/stocks", Acl.STOCK, this::getList)
        .service(
            REPOSITORY,
            "getList",
            "Find Stocks by given SearchCriteria SearchCriteria is not required because load all"
                + " stocks is useful case")
        .optional("searchCriteria", SearchCriteria.TYPE)
        .returns(
            SearchResults.type(
                "inventory-api-data-stock-search-results-interface", "Stocks list", STOCK));
    router
        .get("/V1/inventory/stocks/:stockId", Acl.STOCK, this::get)
        .service(REPOSITORY, "get", GET_DESCRIPTION)
        .required("stockId", ApiType.INTEGER)
        .returns(STOCK)
        .throwing(NoSuchEntityException.class)
        .tagged();
    router
        .post("/V1/inventory/stocks", Acl.STOCK_EDIT, this::save)
        .service(REPOSITORY, "save", "Save Stock data")
        .required("stock", STOCK)
        .returns(ApiType.INTEGER)
        .throwing(ValidationException.class, CouldNotSaveException.class);
    // On PUT the URL's id is written into the body's stock; the id is no argument of save.
    router
        .put("/V1/inventory/stocks/:stockId", Acl.STOCK_EDIT, this::save)
        .service(REPOSITORY, "save", "Save Stock data")
        .required("stock", STOCK)
        .returns(ApiType.INTEGER)
        .throwing(ValidationException.class, CouldNotSaveException.class);
    router
        .delete("/V1/inventory/stocks/:stockId", Acl.STOCK_DELETE, this::delete)
        .service(
            REPOSITORY,
            "deleteById",
            "Delete the Stock data by stockId. If stock is not found do nothing")
        .required("stockId", ApiType.INTEGER)
        .throwing(NoSuchEntityException.class, CouldNotDeleteException.class);
    router
        .get("/V1/inventory/stock-resolver/:type/:code", Acl.SALES_STOCK, this::resolve)
        .service(RESOLVER, "execute", "Resolve Stock by Sales Channel type and code")
        .required("type", ApiType.STRING)
        .required("code", ApiType.STRING)
        .returns(STOCK)
        .throwing(NoSuchEntityException.class);
  }

  private SearchResults<Stock> getList(RestRequest request) {
    return store.search(SearchCriteria.bind(request.argument("searchCriteria")));
  }

  private Stock get(RestRequest request) {
    return store.get(request.integerArgument("stockId"));
  }

  /** POST creates (or, with a stock_id, updates); on PUT the URL's id was written into the body. */
  private Long save(RestRequest request) {
    request.requireArguments("stock");
    Stock stock = bind(request.argument("stock"));
    StockValidator.validate(stock, websites::exists);
    return database.inTransaction(unit -> {
      if (request.conditional()) {
        request.requireMatch(
            stock.stockId() == null ? null : store.current(unit, stock.stockId()).orElse(null));
      }
      return store.save(unit, stock);
    });
  }

  private Void delete(RestRequest request) {
    long stockId = request.integerArgument("stockId");
    return database.inTransaction(unit -> {
      store.delete(unit, stockId);
      return null;
    });
  }

  private Stock resolve(RestRequest request) {
    return store.resolve(request.stringArgument("type"), request.stringArgument("code"));
  }

  private static Stock bind(JsonNode value) {
    Properties stock = Input.object(value, PROPERTIES);
    Properties extension = Input.object(stock.get("extension_attributes"), EXTENSION);
    var channels = new ArrayList<SalesChannel>();
    List<JsonNode> elements = Input.list(extension.get("sales_channels"));
    for (JsonNode element : elements == null ? List.<JsonNode>of() : elements) {
      Properties channel = Input.object(element, CHANNEL);
      channels.add(new SalesChannel(channel.string("type"), channel.string("code")));
    }
    Long stockId = stock.integer("stock_id");
    // Magento's auto-increment column turns an id of 0 into a new one.
    return new Stock(
        stockId == null || stockId == 0 ? null : stockId,
        stock.string("name"),
        new Stock.Extension(channels));
  }
}
