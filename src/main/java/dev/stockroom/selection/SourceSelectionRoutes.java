package dev.stockroom.selection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.acl.Acl;
import dev.stockroom.binding.Input;
import dev.stockroom.binding.Input.Properties;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.error.Parameters;
import dev.stockroom.error.ValidationException;
import dev.stockroom.geo.Address;
import dev.stockroom.geo.GeoRoutes;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Magento's source selection routes (InventorySourceSelectionApi): which sources ship an order, by
 * source priority or by distance to the destination.
 */
public final class SourceSelectionRoutes {
  private static final ApiType.Definition ALGORITHM =
      ApiType.definition(
              "inventory-source-selection-api-data-source-selection-algorithm-interface",
              "Data Interface representing particular Source Selection Algorithm")
          .required("code", ApiType.STRING, "")
          .required("title", ApiType.STRING, "")
          .required("description", ApiType.STRING, "")
          .optional("extension_attributes", extension("SourceSelectionAlgorithmInterface"), "")
          .build();

  private static final ApiType.Definition ITEM_REQUEST =
      ApiType.definition(
              "inventory-source-selection-api-data-item-request-interface",
              "Represents requested quantity for particular product")
          .required("sku", ApiType.STRING, "SKU")
          .required("qty", ApiType.NUMBER, "Product Quantity")
          .optional("extension_attributes", extension("ItemRequestInterface"), "")
          .build();

  private static final ApiType.Definition INVENTORY_REQUEST =
      ApiType.definition(
              "inventory-source-selection-api-data-inventory-request-interface",
              "Request products in a given Qty and StockId")
          .required("stock_id", ApiType.INTEGER, "Stock Id")
          .required("items", ApiType.arrayOf(ITEM_REQUEST), "Items")
          .optional(
              "extension_attributes",
              ApiType.definition(
                      "inventory-source-selection-api-data-inventory-request-extension-interface",
                      "ExtensionInterface class for @see"
                          + " \\Magento\\InventorySourceSelectionApi\\Api\\Data\\InventoryRequestInterface")
                  .optional("destination_address", GeoRoutes.ADDRESS, "")
                  .build(),
              "")
          .build();

  private static final ApiType.Definition SELECTION_ITEM =
      ApiType.definition(
              "inventory-source-selection-api-data-source-selection-item-interface",
              "Represents source selection result for the specific source and SKU")
          .required("source_code", ApiType.STRING, "Source code")
          .required("sku", ApiType.STRING, "Item SKU")
          .required(
              "qty_to_deduct", ApiType.NUMBER, "Quantity which will be deducted for this source")
          .required("qty_available", ApiType.NUMBER, "Available quantity for this source")
          .optional("extension_attributes", extension("SourceSelectionItemInterface"), "")
          .build();

  private static final ApiType.Definition RESULT =
      ApiType.definition(
              "inventory-source-selection-api-data-source-selection-result-interface",
              "Result of how we will deduct product qty from different Sources")
          .required("source_selection_items", ApiType.arrayOf(SELECTION_ITEM), "")
          .required("shippable", ApiType.BOOLEAN, "")
          .optional("extension_attributes", extension("SourceSelectionResultInterface"), "")
          .build();

  private static final String API = "inventorySourceSelectionApi";
  private static final Input.Fields REQUEST_FIELDS =
      Input.fields("stock_id", "items", "extension_attributes");
  private static final Input.Fields ITEM_FIELDS =
      Input.fields("sku", "qty", "extension_attributes");
  private static final Input.Fields REQUEST_EXTENSION = Input.fields("destination_address");
  private static final Input.Fields NO_EXTENSION_ATTRIBUTES = Input.fields();

  private final SourceSelection selection;

  public SourceSelectionRoutes(SourceSelection selection) {
    this.selection = selection;
  }

  private static ApiType.Definition extension(String dataInterface) {
    String name =
        "inventory-source-selection-api-data-"
            + dataInterface
                .replace("Interface", "")
                .replaceAll("([a-z])([A-Z])", "$1-$2")
                .toLowerCase(Locale.ROOT)
            + "-extension-interface";
    return ApiType.definition(
            name,
            "ExtensionInterface class for @see"
                + " \\Magento\\InventorySourceSelectionApi\\Api\\Data\\"
                + dataInterface)
        .build();
  }

  public void register(Router router) {
    router
        .get(
            "/V1/inventory/source-selection-algorithm-list",
            Acl.SOURCE_SELECTION,
            request -> SourceSelection.ALGORITHMS)
        .service(
            new Service(
                API + "GetSourceSelectionAlgorithmListV1",
                "Returns the list of Data Interfaces which represent registered SSA in the system"),
            "execute",
            "")
        .returns(ApiType.arrayOf(ALGORITHM));
    router
        .post(
            "/V1/inventory/source-selection-algorithm-result",
            Acl.SOURCE_SELECTION_POST,
            this::select)
        .service(
            new Service(
                API + "SourceSelectionServiceV1",
                "Returns source selection algorithm result for given Inventory Request"),
            "execute",
            "")
        .required("inventoryRequest", INVENTORY_REQUEST)
        .required("algorithmCode", ApiType.STRING)
        .returns(RESULT)
        .throwing(LocalizedException.class);
  }

  private SourceSelection.Result select(RestRequest request) {
    request.requireArguments("inventoryRequest", "algorithmCode");
    String algorithm = request.stringArgument("algorithmCode");
    SourceSelection.Request inventoryRequest = bind(request.argument("inventoryRequest"));
    if (!SourceSelection.isAlgorithm(algorithm)) {
      // Magento throws a LogicException here: a masked 500.
      throw new LocalizedException(
          "There is no such Source Selection Algorithm implemented: %1",
          Parameters.positional(algorithm));
    }
    return selection.select(algorithm, inventoryRequest);
  }

  /**
   * The inventory request as Magento binds it through its constructors (stockId and items required,
   * each item's sku and qty required), with snake_case keys accepted too; a missing field is named
   * in a 400 (Magento: a masked 500).
   */
  private static SourceSelection.Request bind(JsonNode value) {
    Properties request = Input.object(value, REQUEST_FIELDS);
    var missing = new ArrayList<ErrorEntry>();
    Long stockId = request.integer("stock_id");
    if (stockId == null) {
      missing.add(InputException.required("stockId"));
    }
    List<JsonNode> elements = Input.list(request.get("items"));
    if (elements == null) {
      missing.add(InputException.required("items"));
    }
    if (!missing.isEmpty()) {
      throw InputException.of(missing);
    }
    var errors = new ArrayList<ErrorEntry>();
    var items = new ArrayList<SourceSelection.Item>();
    for (JsonNode element : elements) {
      Properties item = Input.object(element, ITEM_FIELDS);
      Input.object(item.get("extension_attributes"), NO_EXTENSION_ATTRIBUTES);
      String sku = item.string("sku");
      if (sku == null) {
        missing.add(InputException.required("sku"));
      }
      if (item.decimal("qty") == null) {
        missing.add(InputException.required("qty"));
      }
      if (sku == null || item.decimal("qty") == null) {
        continue;
      }
      Quantity qty =
          Quantity.validate(item.decimal("qty"), "qty", "\"%field\" should be numeric.", errors);
      items.add(new SourceSelection.Item(sku, qty));
    }
    if (!missing.isEmpty()) {
      throw InputException.of(missing);
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("Validation Failed", errors);
    }
    Properties extension = Input.object(request.get("extension_attributes"), REQUEST_EXTENSION);
    JsonNode destination = extension.get("destination_address");
    Address address =
        destination == null || destination.isNull() ? null : GeoRoutes.address(destination);
    return new SourceSelection.Request(stockId, items, address);
  }
}
