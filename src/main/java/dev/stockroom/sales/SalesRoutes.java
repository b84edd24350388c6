package dev.stockroom.sales;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.auth.Acl;
import dev.stockroom.db.FixedPoint;
import dev.stockroom.db.Keys;
import dev.stockroom.db.Quantity;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import dev.stockroom.error.ValidationException;
import dev.stockroom.http.Input;
import dev.stockroom.http.Input.Properties;
import dev.stockroom.http.RestRequest;
import dev.stockroom.http.Router;
import dev.stockroom.reservation.Reservation;
import dev.stockroom.sourceitem.Sku;
import dev.stockroom.stock.StockStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
  private static final BigDecimal SMALLEST = new BigDecimal("0.0001");
  private static final Input.Fields SKU_REQUEST = Input.fields("sku", "qty");
  private static final Input.Fields ORDER_LINE = Input.fields("sku", "qty");
  private static final Input.Fields CHANNEL = Input.fields("type", "code");

  private final SalesStore store;
  private final StockStore stocks;

  public SalesRoutes(SalesStore store, StockStore stocks) {
    this.store = store;
    this.stocks = stocks;
  }

  public void register(Router router) {
    router.get(
        "/V1/inventory/get-product-salable-quantity/:sku/:stockId",
        Acl.SALES_STOCK,
        this::salableQuantity);
    router.get("/V1/inventory/is-product-salable/:sku/:stockId", Acl.SALES_STOCK, this::isSalable);
    router.get("/V1/inventory/are-products-salable", Acl.SALES_STOCK, this::areSalable);
    router.get(
        "/V1/inventory/is-product-salable-for-requested-qty/:sku/:stockId/:requestedQty",
        Acl.SALES_STOCK,
        this::isSalableForRequestedQuantity);
    router.get(
        "/V1/inventory/are-product-salable-for-requested-qty",
        Acl.SALES_STOCK,
        this::areSalableForRequestedQuantities);
    router.post("/V1/stockroom/orders/:orderId/reserve", Acl.RESERVATION, this::reserve);
    router.get(
        "/V1/stockroom/out-of-stock-thresholds/:sku", Acl.OUT_OF_STOCK_THRESHOLD, this::threshold);
    router.put(
        "/V1/stockroom/out-of-stock-thresholds/:sku",
        Acl.OUT_OF_STOCK_THRESHOLD,
        this::setThreshold);
    router.delete(
        "/V1/stockroom/out-of-stock-thresholds/:sku",
        Acl.OUT_OF_STOCK_THRESHOLD,
        this::resetThreshold);
  }

  private BigDecimal salableQuantity(RestRequest request) {
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
              "is_correct_qty-min_sale_qty",
              "The fewest you may purchase is " + SMALLEST.toPlainString() + "."));
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
    long wanted = FixedPoint.scale(requested, 4, RoundingMode.UP, Long.MAX_VALUE);
    if (salable.covers(wanted)) {
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
      BigDecimal quantity = positiveQuantity(line.decimal("qty"), "qty", errors);
      lines.add(new OrderRequest.Line(sku, quantity));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("Validation Failed", errors);
    }
    String incrementId = request.stringArgument("incrementId");
    return store.placeOrder(new OrderRequest(orderId, incrementId, stockOf(request), lines));
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
    BigDecimal stored = Quantity.validate(threshold, "threshold", SHOULD_BE_NUMERIC, errors);
    if (stored != null && stored.signum() < 0) {
      // Below zero would sell stock not there: backorders, which Stockroom does not take.
      errors.add(ErrorEntry.outOfRange("threshold", "0", Quantity.LIMIT.toPlainString()));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("Validation Failed", errors);
    }
    return store.setThreshold(request.stringArgument("sku"), stored);
  }

  private SalesStore.Threshold resetThreshold(RestRequest request) {
    return store.resetThreshold(request.stringArgument("sku"));
  }

  private static BigDecimal positiveQuantity(
      BigDecimal quantity, String field, List<ErrorEntry> errors) {
    BigDecimal stored = Quantity.validate(quantity, field, SHOULD_BE_NUMERIC, errors);
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
