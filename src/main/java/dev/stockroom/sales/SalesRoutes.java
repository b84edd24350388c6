package dev.stockroom.sales;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.acl.Acl;
import dev.stockroom.binding.Input;
import dev.stockroom.binding.Input.Properties;
import dev.stockroom.db.Database;
import dev.stockroom.error.CouldNotSaveException;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.error.NoSuchEntityException;
import dev.stockroom.error.ValidationException;
import dev.stockroom.inventory.Keys;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.inventory.Sku;
import dev.stockroom.reservation.Reservation;
import dev.stockroom.reservation.ReservationRoutes;
import dev.stockroom.stock.StockStore;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Magento's salability routes (InventorySalesApi/etc/webapi.xml), and Stockroom's own: the atomic
 * reserve call and per-SKU out-of-stock thresholds. Stockroom has no catalog: every SKU exists, and
 * one without source items in the stock is simply not assigned to it.
 */
public final class SalesRoutes {
  private static final String SHOULD_BE_NUMERIC = "\"%field\" should be numeric.";
  private static final Quantity SMALLEST = Quantity.ofE4(1);
  private static final Input.Fields SKU_REQUEST = Input.fields("sku", "qty");
  private static final Input.Fields ORDER_LINE = Input.fields("sku", "qty");
  private static final Input.Fields CHANNEL = Input.fields("type", "code");

  private static final ApiType.Definition IS_PRODUCT_SALABLE_RESULT =
      ApiType.definition(
              "inventory-sales-api-data-is-product-salable-result-interface",
              "Represents \"is product salable\" result interface.")
          .required("sku", ApiType.STRING, "Product sku from result.")
          .required("stock_id", ApiType.INTEGER, "Stock id from result.")
          .required("salable", ApiType.BOOLEAN, "Is salable result.")
          .optional(
              "extension_attributes",
              extension(
                  "inventory-sales-api-data-is-product-salable-result-extension-interface",
                  "IsProductSalableResultInterface"),
              "")
          .build();

  private static final ApiType.Definition SALABILITY_ERROR =
      ApiType.definition("inventory-sales-api-data-product-salability-error-interface", "")
          .required("code", ApiType.STRING, "")
          .required("message", ApiType.STRING, "")
          .optional(
              "extension_attributes",
              extension(
                  "inventory-sales-api-data-product-salability-error-extension-interface",
                  "ProductSalabilityErrorInterface"),
              "")
          .build();

  private static final ApiType.Definition PRODUCT_SALABLE_RESULT =
      ApiType.definition(
              "inventory-sales-api-data-product-salable-result-interface",
              "Represents result of service"
                  + " Magento\\InventorySalesApi\\Api\\IsProductSalableForRequestedQtyInterface::execute")
          .required("salable", ApiType.BOOLEAN, "")
          .required("errors", ApiType.arrayOf(SALABILITY_ERROR), "")
          .optional(
              "extension_attributes",
              extension(
                  "inventory-sales-api-data-product-salable-result-extension-interface",
                  "ProductSalableResultInterface"),
              "")
          .build();

  private static final ApiType.Definition SALABLE_FOR_REQUESTED_QTY_RESULT =
      ApiType.definition(
              "inventory-sales-api-data-is-product-salable-for-requested-qty-result-interface",
              "Represents \"is product salable for requested quantity\" result interface.")
          .required("sku", ApiType.STRING, "Product sku from result.")
          .required("stock_id", ApiType.INTEGER, "Stock id from result.")
          .required("salable", ApiType.BOOLEAN, "Is salable result.")
          .required("errors", ApiType.arrayOf(SALABILITY_ERROR), "Errors from result.")
          .optional(
              "extension_attributes",
              extension(
                  "inventory-sales-api-data-is-product-salable-for-requested-qty-result-extension-interface",
                  "IsProductSalableForRequestedQtyResultInterface"),
              "")
          .build();

  /** A GET argument only: flattened into the query, it gets no definition of its own. */
  private static final ApiType.Definition SKU_REQUEST_TYPE =
      ApiType.definition(
              "inventory-sales-api-data-is-product-salable-for-requested-qty-request-interface",
              "Represents \"is product salable for requested quantity\" request interface.")
          .required("sku", ApiType.STRING, "Product sku.")
          .required("qty", ApiType.NUMBER, "Product quantity.")
          .build();

  private static final ApiType.Definition THRESHOLD =
      ApiType.definition(
              "stockroom-api-data-out-of-stock-threshold-interface",
              "A SKU's out-of-stock threshold (Magento's min_qty): the quantity kept back from sale.")
          .required("sku", ApiType.STRING, "Product SKU")
          .required("threshold", ApiType.NUMBER, "Quantity kept back from sale")
          .required("use_default", ApiType.BOOLEAN, "Whether this is the configured default")
          .build();

  private static final ApiType.Definition SALES_CHANNEL_ARGUMENT =
      ApiType.definition(
              "stockroom-api-data-sales-channel-interface",
              "The sales channel an order sells through.")
          .required("type", ApiType.STRING, "Sales channel type")
          .required("code", ApiType.STRING, "Sales channel code")
          .build();

  private static final ApiType.Definition ORDER_LINE_TYPE =
      ApiType.definition("stockroom-api-data-order-line-interface", "One line of an order.")
          .required("sku", ApiType.STRING, "Product SKU")
          .required("qty", ApiType.NUMBER, "Quantity ordered")
          .build();

  private static final Service SALABLE_QTY =
      new Service(
          "inventorySalesApiGetProductSalableQtyV1",
          "Service which returns Quantity of products available to be sold by Product SKU and"
              + " Stock Id. This service calculates the salable qty taking into account existing"
              + " reservations for given sku and stock id and subtracting min qty (a.k.a."
              + " \"Out-of-Stock Threshold\")");
  private static final Service IS_SALABLE =
      new Service(
          "inventorySalesApiIsProductSalableV1",
          "Service which detects whether Product is salable for a given Stock (stock data +"
              + " reservations)");
  private static final Service ARE_SALABLE =
      new Service(
          "inventorySalesApiAreProductsSalableV1",
          "Service which detects whether products are salable for given stock (stock data +"
              + " reservations).");
  private static final Service IS_SALABLE_FOR_QTY =
      new Service(
          "inventorySalesApiIsProductSalableForRequestedQtyV1",
          "Service which detects whether a certain Qty of Product is salable for a given Stock"
              + " (stock data + reservations)");
  private static final Service ARE_SALABLE_FOR_QTY =
      new Service(
          "inventorySalesApiAreProductsSalableForRequestedQtyV1",
          "Service which detects whether a given products quantities are salable for a given"
              + " stock (stock data + reservations).");
  private static final Service RESERVE =
      new Service(
          "stockroomOrderReservationsV1",
          "Checks an order's lines against the salable quantity and reserves them, all or none,"
              + " in one step.");
  private static final Service THRESHOLDS =
      new Service(
          "stockroomOutOfStockThresholdRepositoryV1",
          "Per-SKU out-of-stock thresholds (Magento's min_qty of a stock item).");

  private final Database database;
  private final SalesStore store;
  private final StockStore stocks;

  public SalesRoutes(Database database, SalesStore store, StockStore stocks) {
    this.database = database;
    this.store = store;
    this.stocks = stocks;
  }

  private static ApiType.Definition extension(String name, String dataInterface) {
    return ApiType.definition(
            name,
            "ExtensionInterface class for @see \\Magento\\InventorySalesApi\\Api\\Data\\"
                + dataInterface)
        .build();
  }

  public void register(Router router) {
    router
        .get(
            "/V1/inventory/get-product-salable-quantity/:sku/:stockId",
            Acl.SALES_STOCK,
            this::salableQuantity)
        .service(SALABLE_QTY, "execute", "Get Product Quantity for given SKU and Stock")
        .required("sku", ApiType.STRING)
        .required("stockId", ApiType.INTEGER)
        .returns(ApiType.NUMBER)
        .throwing(InputException.class, LocalizedException.class);
    router
        .get("/V1/inventory/is-product-salable/:sku/:stockId", Acl.SALES_STOCK, this::isSalable)
        .service(IS_SALABLE, "execute", "Get is product in salable for given SKU in a given Stock")
        .required("sku", ApiType.STRING)
        .required("stockId", ApiType.INTEGER)
        .returns(ApiType.BOOLEAN);
    router
        .get("/V1/inventory/are-products-salable", Acl.SALES_STOCK, this::areSalable)
        .service(
            ARE_SALABLE, "execute", "Get products salable status for given SKUs and given Stock.")
        .required("skus", ApiType.arrayOf(ApiType.STRING))
        .required("stockId", ApiType.INTEGER)
        .returns(ApiType.arrayOf(IS_PRODUCT_SALABLE_RESULT));
    router
        .get(
            "/V1/inventory/is-product-salable-for-requested-qty/:sku/:stockId/:requestedQty",
            Acl.SALES_STOCK,
            this::isSalableForRequestedQuantity)
        .service(
            IS_SALABLE_FOR_QTY,
            "execute",
            "Get is product salable for given SKU in a given Stock for a certain Qty")
        .required("sku", ApiType.STRING)
        .required("stockId", ApiType.INTEGER)
        .required("requestedQty", ApiType.NUMBER)
        .returns(PRODUCT_SALABLE_RESULT)
        .throwing(LocalizedException.class);
    router
        .get(
            "/V1/inventory/are-product-salable-for-requested-qty/",
            Acl.SALES_STOCK,
            this::areSalableForRequestedQuantities)
        .service(
            ARE_SALABLE_FOR_QTY,
            "execute",
            "Get whether products are salable in requested Qty for given set of SKUs in specified"
                + " stock.")
        .required("skuRequests", ApiType.arrayOf(SKU_REQUEST_TYPE))
        .required("stockId", ApiType.INTEGER)
        .returns(ApiType.arrayOf(SALABLE_FOR_REQUESTED_QTY_RESULT))
        .throwing(LocalizedException.class);
    router
        .post("/V1/stockroom/orders/:orderId/reserve", Acl.RESERVATION, this::reserve)
        .service(
            RESERVE,
            "execute",
            "Reserve every line of an order, or none: a shortfall reserves nothing. Placing the"
                + " same order again returns the first call's reservations.")
        .required("orderId", ApiType.STRING)
        .required("items", ApiType.arrayOf(ORDER_LINE_TYPE))
        .optional("stockId", ApiType.INTEGER)
        .optional("salesChannel", SALES_CHANNEL_ARGUMENT)
        .optional("incrementId", ApiType.STRING)
        .returns(ApiType.arrayOf(ReservationRoutes.RESERVATION))
        .throwing(
            InputException.class,
            ValidationException.class,
            NoSuchEntityException.class,
            CouldNotSaveException.class);
    router
        .get(
            "/V1/stockroom/out-of-stock-thresholds/:sku",
            Acl.OUT_OF_STOCK_THRESHOLD,
            this::threshold)
        .service(THRESHOLDS, "get", "A SKU's out-of-stock threshold, or the configured default.")
        .required("sku", ApiType.STRING)
        .returns(THRESHOLD);
    router
        .put(
            "/V1/stockroom/out-of-stock-thresholds/:sku",
            Acl.OUT_OF_STOCK_THRESHOLD,
            this::setThreshold)
        .service(THRESHOLDS, "save", "Set a SKU's out-of-stock threshold.")
        .required("sku", ApiType.STRING)
        .required("threshold", ApiType.NUMBER)
        .returns(THRESHOLD)
        .throwing(InputException.class, ValidationException.class);
    router
        .delete(
            "/V1/stockroom/out-of-stock-thresholds/:sku",
            Acl.OUT_OF_STOCK_THRESHOLD,
            this::resetThreshold)
        .service(THRESHOLDS, "delete", "Return a SKU to the configured default threshold.")
        .required("sku", ApiType.STRING)
        .returns(THRESHOLD);
  }

  private Quantity salableQuantity(RestRequest request) {
    request.requireArguments("sku", "stockId");
    String sku = request.stringArgument("sku");
    long stockId = request.integerArgument("stockId");
    return figures(stockId, List.of(sku)).get(Keys.fold(sku)).reported();
  }

  /** Unknown stocks and SKUs are simply not salable, as in Magento. */
  private boolean isSalable(RestRequest request) {
    request.requireArguments("sku", "stockId");
    String sku = request.stringArgument("sku");
    return store
        .salable(request.integerArgument("stockId"), List.of(sku))
        .map(figures -> figures.get(Keys.fold(sku)).isSalable())
        .orElse(false);
  }

  private List<IsProductSalableResult> areSalable(RestRequest request) {
    request.requireArguments("skus", "stockId");
    long stockId = request.integerArgument("stockId");
    var skus = new ArrayList<String>();
    for (JsonNode sku : Input.list(request.argument("skus"))) {
      skus.add(Input.string(sku, "skus"));
    }
    var figures = store.salable(stockId, skus);
    return skus.stream()
        .map(sku ->
            new IsProductSalableResult(
                sku,
                stockId,
                figures.map(all -> all.get(Keys.fold(sku)).isSalable()).orElse(false)))
        .toList();
  }

  /**
   * Magento's add-to-cart check: the required conditions (a positive quantity; some source item in
   * stock) report all their failures; otherwise the sufficient ones run, and where none holds all
   * three report (Stockroom has no backorders and always manages stock).
   */
  private ProductSalableResult isSalableForRequestedQuantity(RestRequest request) {
    request.requireArguments("sku", "stockId", "requestedQty");
    String sku = request.stringArgument("sku");
    long stockId = request.integerArgument("stockId");
    BigDecimal requested = Input.decimal(request.argument("requestedQty"), "requestedQty");
    SalableQuantity salable = figures(stockId, List.of(sku)).get(Keys.fold(sku));
    var errors = new ArrayList<ProductSalableResult.Error>();
    if (requested.signum() <= 0) {
      errors.add(
          new ProductSalableResult.Error(
              "is_correct_qty-min_sale_qty", "The fewest you may purchase is " + SMALLEST + "."));
    }
    if (!salable.anyInStock()) {
      errors.add(
          new ProductSalableResult.Error(
              "is_any_source_item_in_stock-no_source_items_in_stock",
              "There are no source items with the in stock status"));
    }
    if (errors.isEmpty()) {
      errors.addAll(placeOrderErrors(salable, requested));
    }
    return new ProductSalableResult(errors.isEmpty(), errors);
  }

  /** Magento's place-order check of each SKU: only the sufficient conditions. */
  private List<ProductsSalableResult> areSalableForRequestedQuantities(RestRequest request) {
    request.requireArguments("skuRequests", "stockId");
    long stockId = request.integerArgument("stockId");
    var skus = new ArrayList<String>();
    var quantities = new ArrayList<BigDecimal>();
    for (JsonNode element : Input.list(request.argument("skuRequests"))) {
      Properties skuRequest = Input.object(element, SKU_REQUEST);
      String sku = skuRequest.string("sku");
      BigDecimal quantity = skuRequest.decimal("qty");
      skus.add(sku == null ? "" : sku);
      quantities.add(quantity == null ? BigDecimal.ZERO : quantity);
    }
    Map<String, SalableQuantity> figures = figures(stockId, skus);
    var results = new ArrayList<ProductsSalableResult>();
    for (int index = 0; index < skus.size(); index++) {
      String sku = skus.get(index);
      List<ProductSalableResult.Error> errors =
          placeOrderErrors(figures.get(Keys.fold(sku)), quantities.get(index));
      results.add(new ProductsSalableResult(sku, stockId, errors.isEmpty(), errors));
    }
    return results;
  }

  private static List<ProductSalableResult.Error> placeOrderErrors(
      SalableQuantity salable, BigDecimal requested) {
    if (salable.covers(Quantity.ceiling(requested).e4())) {
      return List.of();
    }
    return List.of(
        new ProductSalableResult.Error("back_order-disabled", "Backorders are disabled"),
        new ProductSalableResult.Error("manage_stock-enabled", "Manage stock is enabled"),
        salable.assigned()
            ? new ProductSalableResult.Error(
                "is_salable_with_reservations-not_enough_qty", "Not enough items for sale")
            : new ProductSalableResult.Error(
                "is_salable_with_reservations-no_data",
                "The requested sku is not assigned to given stock"));
  }

  private Map<String, SalableQuantity> figures(long stockId, List<String> skus) {
    return store.salable(stockId, skus).orElseThrow(() -> StockStore.notFound(stockId));
  }

  private List<Reservation> reserve(RestRequest request) {
    request.requireArguments("items");
    String orderId = request.stringArgument("orderId");
    List<JsonNode> elements = Input.list(request.argument("items"));
    if (elements.isEmpty()) {
      throw InputException.of("Input data is empty");
    }
    var errors = new ArrayList<ErrorEntry>();
    var lines = new ArrayList<OrderRequest.Line>();
    for (JsonNode element : elements) {
      Properties line = Input.object(element, ORDER_LINE);
      String sku = line.string("sku");
      Sku.validate(sku, errors);
      Quantity quantity = positiveQuantity(line.decimal("qty"), "qty", errors);
      lines.add(new OrderRequest.Line(sku, quantity));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("Validation Failed", errors);
    }
    String incrementId = request.stringArgument("incrementId");
    var order = new OrderRequest(orderId, incrementId, stockOf(request), lines);
    return database.inTransaction(unit -> store.placeOrder(unit, order));
  }

  /** The stock an order sells from: {@code stockId}, or the stock of {@code salesChannel}. */
  private long stockOf(RestRequest request) {
    JsonNode channel = request.argument("salesChannel");
    if (request.argument("stockId") != null || channel == null) {
      request.requireArguments("stockId");
      return request.integerArgument("stockId");
    }
    Properties salesChannel = Input.object(channel, CHANNEL);
    return stocks.resolve(salesChannel.string("type"), salesChannel.string("code")).stockId();
  }

  private SalesStore.Threshold threshold(RestRequest request) {
    return store.threshold(request.stringArgument("sku"));
  }

  private SalesStore.Threshold setThreshold(RestRequest request) {
    request.requireArguments("threshold");
    var errors = new ArrayList<ErrorEntry>();
    BigDecimal threshold = Input.decimal(request.argument("threshold"), "threshold");
    Quantity stored = Quantity.validate(threshold, "threshold", SHOULD_BE_NUMERIC, errors);
    if (stored != null && stored.signum() < 0) {
      // Below zero would sell stock not there: backorders, which Stockroom does not take.
      errors.add(ErrorEntry.outOfRange("threshold", "0", Quantity.LIMIT.toPlainString()));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("Validation Failed", errors);
    }
    String sku = request.stringArgument("sku");
    database.inTransaction(unit -> {
      store.setThreshold(unit, sku, stored);
      return null;
    });
    return store.threshold(sku);
  }

  private SalesStore.Threshold resetThreshold(RestRequest request) {
    String sku = request.stringArgument("sku");
    database.inTransaction(unit -> {
      store.resetThreshold(unit, sku);
      return null;
    });
    return store.threshold(sku);
  }

  private static Quantity positiveQuantity(
      BigDecimal quantity, String field, List<ErrorEntry> errors) {
    Quantity stored = Quantity.validate(quantity, field, SHOULD_BE_NUMERIC, errors);
    if (stored != null && stored.signum() <= 0) {
      errors.add(ErrorEntry.forField("\"%field\" should be greater than 0.", field));
      return null;
    }
    return stored;
  }

  /** Magento's IsProductSalableResultInterface. */
  record IsProductSalableResult(String sku, long stockId, boolean salable) {}

  /** Magento's ProductSalableResultInterface: no sku, no stock. */
  record ProductSalableResult(boolean salable, List<Error> errors) {
    record Error(String code, String message) {}
  }

  /** Magento's IsProductSalableForRequestedQtyResultInterface. */
  record ProductsSalableResult(
      String sku, long stockId, boolean salable, List<ProductSalableResult.Error> errors) {}
}
