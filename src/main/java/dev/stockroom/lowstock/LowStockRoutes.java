package dev.stockroom.lowstock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.acl.Acl;
import dev.stockroom.binding.Input;
import dev.stockroom.binding.Input.Properties;
import dev.stockroom.db.Database;
import dev.stockroom.error.CouldNotSaveException;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.error.ValidationException;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.inventory.Sku;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchResults;
import dev.stockroom.source.SourceStore;
import dev.stockroom.sourceitem.SourceItemRoutes;
import dev.stockroom.sourceitem.SourceItemStore;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import java.util.ArrayList;
import java.util.List;

/**
 * Magento's low-quantity notification routes (InventoryLowQuantityNotificationApi): notify
 * quantities per source item, the configured default where none is set; and Stockroom's own
 * low-stock report, which Magento shows only in its admin (and there misses every item without a
 * row of its own, inv#1543).
 */
public final class LowStockRoutes {
  private static final String NOTE =
      " Used fully qualified namespaces in annotations for proper work of WebApi request parser";

  /** Magento's SourceItemConfigurationInterface. */
  static final ApiType.Definition CONFIGURATION =
      ApiType.definition(
              "inventory-low-quantity-notification-api-data-source-item-configuration-interface",
              "Represents a Source Item Configuration object" + NOTE)
          .optional("source_code", ApiType.STRING, "Source code")
          .optional("notify_stock_qty", ApiType.NUMBER, "Notify stock qty")
          .optional("sku", ApiType.STRING, "SKU")
          .optional(
              "extension_attributes",
              ApiType.definition(
                      "inventory-low-quantity-notification-api-data-source-item-configuration-extension-interface",
                      "ExtensionInterface class for @see"
                          + " \\Magento\\InventoryLowQuantityNotificationApi\\Api\\Data\\SourceItemConfigurationInterface")
                  .build(),
              "")
          .build();

  private static final ApiType.Definition LOW_STOCK_ITEM =
      ApiType.definition(
              "stockroom-api-data-low-stock-item-interface",
              "An in-stock source item below its notify quantity.")
          .required("sku", ApiType.STRING, "Product SKU")
          .required("source_code", ApiType.STRING, "Source code")
          .required("quantity", ApiType.NUMBER, "Quantity at the source")
          .required(
              "notify_stock_qty",
              ApiType.NUMBER,
              "The notify quantity it is below: its own, or the configured default")
          .build();

  private static final String API = "inventoryLowQuantityNotificationApi";
  private static final Input.Fields PROPERTIES =
      Input.fields("source_code", "sku", "notify_stock_qty", "extension_attributes");
  private static final Input.Fields SOURCE_ITEM =
      Input.fields("sku", "source_code", "quantity", "status", "extension_attributes");
  private static final Input.Fields NO_EXTENSION_ATTRIBUTES = Input.fields();

  private final Database database;
  private final SourceItemConfigurationStore store;
  private final SourceStore sources;
  private final SourceItemStore sourceItems;
  private final Quantity defaultNotifyQty;

  public LowStockRoutes(
      Database database,
      SourceItemConfigurationStore store,
      SourceStore sources,
      SourceItemStore sourceItems,
      Quantity defaultNotifyQty) {
    this.database = database;
    this.store = store;
    this.sources = sources;
    this.sourceItems = sourceItems;
    this.defaultNotifyQty = defaultNotifyQty;
  }

  public void register(Router router) {
    router
        .get(
            "/V1/inventory/low-quantity-notification/:sourceCode/:sku",
            Acl.LOW_QUANTITY_NOTIFICATION,
            this::get)
        .service(
            new Service(
                API + "GetSourceItemConfigurationV1",
                "Get the source item configuration Firstly try to load Source Item configuration"
                    + " if configuration isn't exist then load global configuration value"
                    + NOTE),
            "execute",
            "Get the source item configuration")
        .required("sourceCode", ApiType.STRING)
        .required("sku", ApiType.STRING)
        .returns(CONFIGURATION)
        .throwing(LocalizedException.class);
    router
        .post(
            "/V1/inventory/low-quantity-notification",
            Acl.CREATE_LOW_QUANTITY_NOTIFICATION,
            this::save)
        .service(
            new Service(
                API + "SourceItemConfigurationsSaveV1",
                "Save the source item configuration" + NOTE),
            "execute",
            "")
        .required("sourceItemConfigurations", ApiType.arrayOf(CONFIGURATION))
        .bulk();
    router
        .post(
            "/V1/inventory/low-quantity-notifications-delete",
            Acl.DELETE_LOW_QUANTITY_NOTIFICATION,
            this::delete)
        .service(
            new Service(
                API + "DeleteSourceItemsConfigurationV1", "Delete the source item configuration"),
            "execute",
            "Delete multiple source items configuration for low quantity")
        .required("sourceItems", ApiType.arrayOf(SourceItemRoutes.SOURCE_ITEM))
        .bulk();
    router
        .get("/V1/stockroom/low-stock", Acl.LOW_QUANTITY_NOTIFICATION, this::lowStock)
        .service(
            new Service(
                "stockroomLowStockV1",
                "The in-stock source items below their notify quantity, at enabled sources."),
            "getList",
            "Find low-stock source items by SearchCriteria (fields sku, source_code, quantity,"
                + " notify_stock_qty); without a page size every match is streamed. Sorted by"
                + " quantity unless sort orders say otherwise.")
        .optional("searchCriteria", SearchCriteria.TYPE)
        .returns(
            SearchResults.type(
                "stockroom-api-data-low-stock-search-results-interface",
                "Low-stock source items",
                LOW_STOCK_ITEM));
  }

  /**
   * A source item's notify quantity, or the default where it has none. Magento answers "Wrong input
   * data" for an empty code, an unknown source or a SKU not in its catalog; Stockroom has no
   * catalog, and a SKU it knows is one with a source item somewhere.
   */
  private SourceItemConfiguration get(RestRequest request) {
    String sourceCode = request.stringArgument("sourceCode");
    String sku = request.stringArgument("sku");
    // PHP's empty(): "" and "0" are both empty.
    if (isEmpty(sourceCode)
        || isEmpty(sku)
        || !sources.exists(sourceCode)
        || !sourceItems.skuExists(sku)) {
      throw InputException.of("Wrong input data");
    }
    return store
        .find(sourceCode, sku)
        .filter(stored -> stored.notifyStockQty() != null)
        .orElse(new SourceItemConfiguration(sourceCode, defaultNotifyQty, sku));
  }

  private static boolean isEmpty(String value) {
    return value == null || value.isEmpty() || value.equals("0");
  }

  /** Upserts every configuration; a missing or null quantity stores "use the default". */
  private Void save(RestRequest request) {
    request.requireArguments("sourceItemConfigurations");
    List<JsonNode> elements = Input.list(request.argument("sourceItemConfigurations"));
    if (elements.isEmpty()) {
      throw InputException.of("Input data is empty");
    }
    var errors = new ArrayList<ErrorEntry>();
    var configurations = new ArrayList<SourceItemConfiguration>();
    boolean incomplete = false;
    for (JsonNode element : elements) {
      Properties configuration = Input.object(element, PROPERTIES);
      Input.object(configuration.get("extension_attributes"), NO_EXTENSION_ATTRIBUTES);
      String sourceCode = configuration.string("source_code");
      String sku = configuration.string("sku");
      incomplete |= sourceCode == null || sku == null;
      if (sku != null) {
        Sku.validate(sku, errors);
      }
      if (sourceCode != null && sourceCode.codePointCount(0, sourceCode.length()) > 255) {
        errors.add(ErrorEntry.tooLong("source_code", 255));
      }
      Quantity notify = null;
      if (configuration.get("notify_stock_qty") != null
          && !configuration.get("notify_stock_qty").isNull()) {
        notify =
            Quantity.validate(
                configuration.decimal("notify_stock_qty"),
                "notify_stock_qty",
                "\"%field\" should be numeric.",
                errors);
      }
      configurations.add(new SourceItemConfiguration(sourceCode, notify, sku));
    }
    if (incomplete) {
      // Magento's database refuses a row without its key with this message.
      throw new CouldNotSaveException("Could not save Source Item Configuration");
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("Could not save Source Item Configuration", errors);
    }
    return database.inTransaction(unit -> {
      store.saveAll(unit, configurations);
      return null;
    });
  }

  /** Deletes the configurations of the source items named; an empty list deletes nothing. */
  private Void delete(RestRequest request) {
    request.requireArguments("sourceItems");
    var pairs = new ArrayList<SourceItemStore.Pair>();
    for (JsonNode element : Input.list(request.argument("sourceItems"))) {
      Properties item = Input.object(element, SOURCE_ITEM);
      Input.object(item.get("extension_attributes"), NO_EXTENSION_ATTRIBUTES);
      String sku = item.string("sku");
      String sourceCode = item.string("source_code");
      if (sku != null && sourceCode != null) {
        pairs.add(new SourceItemStore.Pair(sourceCode, sku));
      }
    }
    return database.inTransaction(unit -> {
      store.deleteAll(unit, pairs);
      return null;
    });
  }

  private SearchResults<LowStockItem> lowStock(RestRequest request) {
    return store.lowStock(SearchCriteria.bind(request.argument("searchCriteria")));
  }
}
