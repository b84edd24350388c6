package dev.stockroom.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.acl.Acl;
import dev.stockroom.binding.Input;
import dev.stockroom.binding.Input.Properties;
import dev.stockroom.db.Database;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import dev.stockroom.error.Parameters;
import dev.stockroom.error.ValidationException;
import dev.stockroom.inventory.Keys;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.inventory.Sku;
import dev.stockroom.lowstock.SourceItemConfigurationStore;
import dev.stockroom.source.SourceStore;
import dev.stockroom.sourceitem.SourceItem;
import dev.stockroom.sourceitem.SourceItemStore;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Magento's bulk source operations (InventoryCatalogApi): assign and unassign many SKUs to many
 * sources, transfer stock between two sources whole or in part. Each request is one unit of work:
 * everything is validated first, rows are taken in key order, and nothing is written if anything is
 * refused (Magento commits a partial transfer item by item). Stockroom has no catalog: every SKU is
 * a simple product.
 */
public final class BulkRoutes {
  private static final ApiType.Definition PARTIAL_TRANSFER_ITEM =
      ApiType.definition(
              "inventory-catalog-api-data-partial-inventory-transfer-item-interface",
              "Specifies item and quantity for partial inventory transfer.")
          .required("sku", ApiType.STRING, "")
          .required("qty", ApiType.NUMBER, "")
          .build();

  private static final String API = "inventoryCatalogApi";
  private static final Input.Fields ITEM = Input.fields("sku", "qty");

  private final Database database;
  private final SourceStore sources;
  private final SourceItemStore sourceItems;
  private final SourceItemConfigurationStore configurations;

  public BulkRoutes(
      Database database,
      SourceStore sources,
      SourceItemStore sourceItems,
      SourceItemConfigurationStore configurations) {
    this.database = database;
    this.sources = sources;
    this.sourceItems = sourceItems;
    this.configurations = configurations;
  }

  public void register(Router router) {
    router
        .post("/V1/inventory/bulk-product-source-assign", Acl.PRODUCTS, this::assign)
        .service(
            new Service(API + "BulkSourceAssignV1", "Perform bulk product source assignment"),
            "execute",
            "Run mass product to source assignment")
        .required("skus", ApiType.arrayOf(ApiType.STRING))
        .required("sourceCodes", ApiType.arrayOf(ApiType.STRING))
        .returns(ApiType.INTEGER)
        .throwing(ValidationException.class)
        .bulk();
    router
        .post("/V1/inventory/bulk-product-source-unassign", Acl.PRODUCTS, this::unassign)
        .service(
            new Service(API + "BulkSourceUnassignV1", "Perform bulk product source un-assignment"),
            "execute",
            "Run mass product to source un-assignment")
        .required("skus", ApiType.arrayOf(ApiType.STRING))
        .required("sourceCodes", ApiType.arrayOf(ApiType.STRING))
        .returns(ApiType.INTEGER)
        .throwing(ValidationException.class)
        .bulk();
    router
        .post("/V1/inventory/bulk-product-source-transfer", Acl.PRODUCTS, this::transfer)
        .service(
            new Service(API + "BulkInventoryTransferV1", "Perform bulk product inventory transfer"),
            "execute",
            "Run bulk inventory transfer")
        .required("skus", ApiType.arrayOf(ApiType.STRING))
        .required("originSource", ApiType.STRING)
        .required("destinationSource", ApiType.STRING)
        .required("unassignFromOrigin", ApiType.BOOLEAN)
        .returns(ApiType.BOOLEAN)
        .throwing(ValidationException.class)
        .bulk();
    router
        .post("/V1/inventory/bulk-partial-source-transfer", Acl.PRODUCTS, this::partialTransfer)
        .service(
            new Service(
                API + "BulkPartialInventoryTransferV1",
                "Transfer Inventory between sources. Moves specified items from origin source to"
                    + " destination source."),
            "execute",
            "Run bulk partial inventory transfer for specified items.")
        .required("originSourceCode", ApiType.STRING)
        .required("destinationSourceCode", ApiType.STRING)
        .required("items", ApiType.arrayOf(PARTIAL_TRANSFER_ITEM))
        .throwing(ValidationException.class)
        .bulk();
  }

  /** Creates the source items that do not exist yet, at quantity 0 and out of stock. */
  private Integer assign(RestRequest request) {
    request.requireArguments("skus", "sourceCodes");
    List<String> skus = skus(request);
    List<String> sourceCodes = strings(request, "sourceCodes");
    refuseUnknownSources(sourceCodes, skus);
    return database.inTransaction(unit -> {
      int created = sourceItems.assign(unit, sourceCodes, skus);
      configurations.addDefaults(unit, sourceCodes, skus);
      return created;
    });
  }

  /**
   * Deletes the source items of every SKU at every source (their notify quantities go with them);
   * reservations stay, as in Magento.
   */
  private Integer unassign(RestRequest request) {
    request.requireArguments("skus", "sourceCodes");
    List<String> skus = skus(request);
    List<String> sourceCodes = strings(request, "sourceCodes");
    refuseUnknownSources(sourceCodes, skus);
    var pairs = new ArrayList<SourceItemStore.Pair>();
    for (String sourceCode : sourceCodes) {
      for (String sku : skus) {
        pairs.add(new SourceItemStore.Pair(sourceCode, sku));
      }
    }
    return database.inTransaction(unit -> sourceItems.deleteAll(unit, pairs));
  }

  /**
   * Moves every SKU's whole quantity from the origin to the destination, where the origin holds it:
   * the destination gets the sum (see {@link #transferredStatus}), the origin is emptied (quantity
   * 0, out of stock) or, with unassignFromOrigin, deleted. A SKU the origin does not hold is left
   * alone at both (Magento aborts the whole transfer on one held by neither, inv#3423).
   */
  private Boolean transfer(RestRequest request) {
    request.requireArguments("skus", "originSource", "destinationSource", "unassignFromOrigin");
    List<String> skus = skus(request);
    String origin = request.stringArgument("originSource");
    String destination = request.stringArgument("destinationSource");
    boolean unassign = Input.bool(request.argument("unassignFromOrigin"), "unassignFromOrigin");
    List<ErrorEntry> errors = sourceErrors(origin, destination);
    if (!errors.isEmpty()) {
      // Magento's message, whatever the errors are.
      throw new ValidationException(
          "Validation Error: Select different sources for origin and destination.", errors);
    }
    return database.inTransaction(unit -> {
      // A transfer reads rows of one source and writes rows of another: it takes the table, so
      // that no save's key order can cross its own.
      sourceItems.lockTable(unit);
      Map<SourceItemStore.Pair, SourceItem> held =
          sourceItems.lock(unit, List.of(origin, destination), skus);
      var moved = new ArrayList<SourceItem>();
      var emptied = new ArrayList<SourceItem>();
      var transferred = new ArrayList<String>();
      for (String sku : distinct(skus)) {
        SourceItem from = held.get(new SourceItemStore.Pair(Keys.fold(origin), Keys.fold(sku)));
        if (from == null) {
          continue;
        }
        SourceItem to = held.get(new SourceItemStore.Pair(Keys.fold(destination), Keys.fold(sku)));
        Quantity total = to == null ? from.quantity() : from.quantity().plus(to.quantity());
        checkLimit(total, from.sku(), destination);
        moved.add(
            new SourceItem(
                to == null ? from.sku() : to.sku(),
                destination,
                total,
                transferredStatus(total, from.status(), to == null ? null : to.status())));
        emptied.add(new SourceItem(from.sku(), origin, Quantity.ZERO, SourceItem.OUT_OF_STOCK));
        transferred.add(from.sku());
      }
      sourceItems.saveAll(unit, moved);
      configurations.copy(unit, origin, destination, transferred);
      if (unassign) {
        sourceItems.deleteAll(
            unit,
            emptied.stream()
                .map(item -> new SourceItemStore.Pair(item.sourceCode(), item.sku()))
                .toList());
      } else {
        sourceItems.saveAll(unit, emptied);
      }
      return true;
    });
  }

  /**
   * Moves the given quantities from the origin to the destination. Both source items must exist and
   * the origin must hold each quantity (lines of one SKU are added up); a quantity must be above 0.
   * The origin keeps its status, the destination is in stock. Magento's errors, every one
   * collected, and nothing written if there is any.
   */
  private Void partialTransfer(RestRequest request) {
    request.requireArguments("originSourceCode", "destinationSourceCode", "items");
    String origin = request.stringArgument("originSourceCode");
    String destination = request.stringArgument("destinationSourceCode");
    var lines = new LinkedHashMap<String, Line>();
    var missing = new ArrayList<ErrorEntry>();
    var lineErrors = new ArrayList<ErrorEntry>();
    for (JsonNode element : Input.list(request.argument("items"))) {
      Properties item = Input.object(element, ITEM);
      String sku = item.string("sku");
      BigDecimal qty = item.decimal("qty");
      if (sku == null) {
        missing.add(InputException.required("sku"));
      }
      if (qty == null) {
        missing.add(InputException.required("qty"));
      }
      if (sku == null || qty == null) {
        continue;
      }
      Sku.validate(sku, lineErrors);
      Quantity quantity =
          Quantity.validate(qty, "qty", "\"%field\" should be numeric.", lineErrors);
      if (quantity == null) {
        continue;
      }
      if (!quantity.isPositive()) {
        lineErrors.add(
            new ErrorEntry(
                "Requested transfer amount for sku %sku must be greater than 0",
                Parameters.of("sku", sku)));
        continue;
      }
      lines.merge(
          Keys.fold(sku),
          new Line(sku, quantity),
          (first, next) -> new Line(first.sku(), first.quantity().plus(next.quantity())));
    }
    if (!missing.isEmpty()) {
      // Magento binds each line through its constructor (a masked 500 without sku or qty).
      throw InputException.of(missing);
    }
    List<ErrorEntry> errors = sourceErrors(origin, destination);
    return database.inTransaction(unit -> {
      var held =
          sourceItems.lock(
              unit, List.of(origin, destination), lines.values().stream().map(Line::sku).toList());
      var all = new ArrayList<>(errors);
      all.addAll(lineErrors);
      var changed = new ArrayList<SourceItem>();
      for (Line line : lines.values()) {
        changed.addAll(move(line, origin, destination, held, all));
      }
      if (!all.isEmpty()) {
        throw new ValidationException("Transfer validation failed", all);
      }
      sourceItems.saveAll(unit, changed);
      configurations.copy(
          unit, origin, destination, lines.values().stream().map(Line::sku).toList());
      return null;
    });
  }

  private record Line(String sku, Quantity quantity) {}

  /** The two source items a line changes, or the errors Magento's item validator reports. */
  private static List<SourceItem> move(
      Line line,
      String origin,
      String destination,
      Map<SourceItemStore.Pair, SourceItem> held,
      List<ErrorEntry> errors) {
    SourceItem from = held.get(new SourceItemStore.Pair(Keys.fold(origin), Keys.fold(line.sku())));
    if (from == null) {
      errors.add(missing(line.sku(), origin));
      return List.of();
    }
    if (from.quantity().compareTo(line.quantity()) < 0) {
      errors.add(
          new ErrorEntry(
              "Requested transfer amount for sku %sku is not available",
              Parameters.of("sku", line.sku())));
    }
    SourceItem to =
        held.get(new SourceItemStore.Pair(Keys.fold(destination), Keys.fold(line.sku())));
    if (to == null) {
      errors.add(missing(line.sku(), destination));
      return List.of();
    }
    Quantity total = to.quantity().plus(line.quantity());
    if (total.compareTo(Quantity.MAX) > 0) {
      errors.add(tooMuch(line.sku(), destination));
      return List.of();
    }
    return List.of(
        new SourceItem(
            from.sku(), from.sourceCode(), from.quantity().minus(line.quantity()), from.status()),
        new SourceItem(to.sku(), to.sourceCode(), total, SourceItem.IN_STOCK));
  }

  /**
   * The destination's status after a full transfer: in stock where it now holds something and
   * either side was in stock, else the origin's (Magento copies the origin's, inv#1509). A partial
   * transfer sets it in stock, as Magento's does: it now holds a quantity above 0.
   */
  static int transferredStatus(Quantity total, int originStatus, Integer destinationStatus) {
    boolean eitherInStock =
        originStatus == SourceItem.IN_STOCK
            || destinationStatus != null && destinationStatus == SourceItem.IN_STOCK;
    return total.isPositive() && eitherInStock ? SourceItem.IN_STOCK : originStatus;
  }

  private static ErrorEntry missing(String sku, String sourceCode) {
    return new ErrorEntry(
        "%message",
        Parameters.of(
            "message", "Source item for " + sku + " and " + sourceCode + " does not exist"));
  }

  private static ErrorEntry tooMuch(String sku, String sourceCode) {
    return new ErrorEntry(
        "The quantity of %sku at %sourceCode would exceed %max.",
        Parameters.of("sku", sku, "sourceCode", sourceCode, "max", Quantity.LIMIT.toPlainString()));
  }

  private static void checkLimit(Quantity total, String sku, String sourceCode) {
    if (total.compareTo(Quantity.MAX) > 0) {
      throw new ValidationException(
          "Validation Error: Select different sources for origin and destination.",
          List.of(tooMuch(sku, sourceCode)));
    }
  }

  /** Magento's transfer source validator, every check in its order. */
  private List<ErrorEntry> sourceErrors(String origin, String destination) {
    var errors = new ArrayList<ErrorEntry>();
    if (origin == null || !sources.exists(origin)) {
      errors.add(
          new ErrorEntry(
              "Origin source %sourceCode does not exist", Parameters.of("sourceCode", origin)));
    }
    if (destination == null || !sources.exists(destination)) {
      errors.add(
          new ErrorEntry(
              "Destination source %sourceCode does not exist",
              Parameters.of("sourceCode", destination)));
    }
    // Source codes compare as the source table does: "EU-1" is "eu-1" (Magento compares strings).
    if (origin != null && destination != null && Keys.fold(origin).equals(Keys.fold(destination))) {
      errors.add(new ErrorEntry("Cannot transfer a source on itself", Parameters.NONE));
    }
    return errors;
  }

  /**
   * Magento's assign/unassign validator: every source must exist (each unknown one named, in the
   * request's order); Stockroom also checks the SKUs against its column.
   */
  private void refuseUnknownSources(List<String> sourceCodes, List<String> skus) {
    var errors = new ArrayList<ErrorEntry>();
    for (String sourceCode : sourceCodes) {
      if (!sources.exists(sourceCode)) {
        errors.add(
            new ErrorEntry(
                "Source %sourceCode does not exist", Parameters.of("sourceCode", sourceCode)));
      }
    }
    for (String sku : skus) {
      Sku.validate(sku, errors);
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("Validation Failed", errors);
    }
  }

  private static List<String> skus(RestRequest request) {
    return strings(request, "skus");
  }

  private static List<String> strings(RestRequest request, String name) {
    var values = new ArrayList<String>();
    for (JsonNode element : Input.list(request.argument(name))) {
      String value = Input.string(element, name);
      if (value != null) {
        values.add(value);
      }
    }
    return values;
  }

  private static List<String> distinct(List<String> skus) {
    var byKey = new LinkedHashMap<String, String>();
    skus.forEach(sku -> byKey.putIfAbsent(Keys.fold(sku), sku));
    return new ArrayList<>(byKey.values());
  }
}
