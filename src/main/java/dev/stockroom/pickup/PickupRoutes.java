package dev.stockroom.pickup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.binding.Input;
import dev.stockroom.binding.Input.Properties;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import dev.stockroom.error.NoSuchEntityException;
import dev.stockroom.geo.GeonameStore;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.source.SourceStore;
import dev.stockroom.sourceitem.SourceItemStore;
import dev.stockroom.stock.StockStore;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Route;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * Magento's pickup-location search (InventoryInStorePickupApi), open to anonymous callers as in
 * Magento. {@code notify-orders-are-ready-for-pickup} needs orders, shipments and e-mail, which
 * Stockroom does not have: it is not served.
 */
public final class PickupRoutes {
  private static final ApiType.Definition EXTENSION =
      ApiType.definition(
              "inventory-in-store-pickup-api-data-pickup-location-extension-interface",
              "ExtensionInterface class for @see"
                  + " \\Magento\\InventoryInStorePickupApi\\Api\\Data\\PickupLocationInterface")
          .optional(
              "distance",
              ApiType.NUMBER,
              "Stockroom's: kilometres from the searched area's first point")
          .build();

  private static final ApiType.Definition PICKUP_LOCATION =
      ApiType.definition(
              "inventory-in-store-pickup-api-data-pickup-location-interface",
              "Represents sources projection on In-Store Pickup context. Realisation must follow"
                  + " immutable DTO concept. Partial immutability done according to restriction of"
                  + " current Extension Attributes implementation.")
          .required("pickup_location_code", ApiType.STRING, "Source code of Pickup Location.")
          .optional("name", ApiType.STRING, "Pickup Location name.")
          .optional("email", ApiType.STRING, "Pickup Location contact email.")
          .optional("fax", ApiType.STRING, "Fax contact info.")
          .optional("contact_name", ApiType.STRING, "Pickup Location contact name.")
          .optional("description", ApiType.STRING, "Pickup Location description.")
          .optional("latitude", ApiType.NUMBER, "Pickup Location latitude.")
          .optional("longitude", ApiType.NUMBER, "Pickup Location longitude.")
          .optional("country_id", ApiType.STRING, "Pickup Location country ID.")
          .optional("region_id", ApiType.INTEGER, "Pickup Location region ID.")
          .optional("region", ApiType.STRING, "Pickup Location region.")
          .optional("city", ApiType.STRING, "Pickup Location city.")
          .optional("street", ApiType.STRING, "Pickup Location street.")
          .optional("postcode", ApiType.STRING, "Pickup Location postcode.")
          .optional("phone", ApiType.STRING, "Pickup Location phone.")
          .optional("extension_attributes", EXTENSION, "")
          .build();

  private static final ApiType.Definition FILTER =
      ApiType.definition(
              "inventory-in-store-pickup-api-data-search-request-filter-interface",
              "Filter for Pickup Location search.")
          .required("value", ApiType.STRING, "Value.")
          .required("condition_type", ApiType.STRING, "Condition Type.")
          .build();

  private static final ApiType.Definition SEARCH_REQUEST =
      ApiType.definition(
              "inventory-in-store-pickup-api-data-search-request-interface",
              "Endpoint used to search Pickup Locations by different parameters: - by attribute"
                  + " filters fields @see"
                  + " \\Magento\\InventoryInStorePickupApi\\Api\\Data\\SearchRequest\\FiltersInterface"
                  + " - by distance to the address @see"
                  + " \\Magento\\InventoryInStorePickupApi\\Api\\Data\\SearchRequest\\AreaInterface"
                  + " Also, endpoint supports paging and sort orders.")
          .optional(
              "area",
              ApiType.definition(
                      "inventory-in-store-pickup-api-data-search-request-area-interface",
                      "Filter by Distance to the Address. Pickup Locations will be filtered by"
                          + " distance according to the geo-position of the entered address."
                          + " Required fields for the address are country and one of the field:"
                          + " region or city or postcode.")
                  .required("radius", ApiType.INTEGER, "Search radius in KM.")
                  .required("search_term", ApiType.STRING, "Search term string.")
                  .build(),
              "")
          .optional(
              "filters",
              ApiType.definition(
                      "inventory-in-store-pickup-api-data-search-request-filters-interface",
                      "Filter to filter by Fields. Each field may be filtered with different"
                          + " condition type. Supported condition types restricted by @see"
                          + " \\Magento\\Framework\\Api\\SearchCriteriaInterface")
                  .optional("country", FILTER, "")
                  .optional("postcode", FILTER, "")
                  .optional("region", FILTER, "")
                  .optional("region_id", FILTER, "")
                  .optional("city", FILTER, "")
                  .optional("street", FILTER, "")
                  .optional("name", FILTER, "")
                  .optional("pickup_location_code", FILTER, "")
                  .build(),
              "")
          .optional("page_size", ApiType.INTEGER, "Page size.")
          .required("current_page", ApiType.INTEGER, "Current page.")
          .required("scope_type", ApiType.STRING, "Sales Channel Type.")
          .required("scope_code", ApiType.STRING, "Sales Channel code.")
          .optional("sort", ApiType.arrayOf(SearchCriteria.SORT_ORDER_TYPE), "Sort Order.")
          .optional(
              "extension_attributes",
              ApiType.definition(
                      "inventory-in-store-pickup-api-data-search-request-extension-interface",
                      "ExtensionInterface class for @see"
                          + " \\Magento\\InventoryInStorePickupApi\\Api\\Data\\SearchRequestInterface")
                  .optional(
                      "products_info",
                      ApiType.arrayOf(
                          ApiType.definition(
                                  "inventory-in-store-pickup-api-data-search-request-product-info-interface",
                                  "Product Info Data Transfer Object.")
                              .required("sku", ApiType.STRING, "Product SKU.")
                              .build()),
                      "")
                  .build(),
              "")
          .build();

  private static final ApiType.Definition SEARCH_RESULT =
      ApiType.definition(
              "inventory-in-store-pickup-api-data-search-result-interface",
              "Search results for providing pickup locations.")
          .required("items", ApiType.arrayOf(PICKUP_LOCATION), "Items list.")
          .required("search_request", SEARCH_REQUEST, "")
          .required("total_count", ApiType.INTEGER, "Total count.")
          .build();

  private static final Input.Fields REQUEST_FIELDS =
      Input.fields(
          "area",
          "filters",
          "page_size",
          "current_page",
          "scope_type",
          "scope_code",
          "sort",
          "extension_attributes");
  private static final Input.Fields AREA_FIELDS = Input.fields("radius", "search_term");
  private static final List<String> FILTER_NAMES =
      List.of(
          "country",
          "postcode",
          "region",
          "region_id",
          "city",
          "street",
          "name",
          "pickup_location_code");
  private static final Input.Fields FILTERS_FIELDS =
      Input.fields(FILTER_NAMES.toArray(String[]::new));
  private static final Input.Fields FILTER_FIELDS = Input.fields("value", "condition_type");
  private static final Input.Fields SORT_FIELDS = Input.fields("field", "direction");
  private static final Input.Fields EXTENSION_FIELDS = Input.fields("products_info");
  private static final Input.Fields PRODUCT_FIELDS = Input.fields("sku");

  private final PickupSearch search;

  public PickupRoutes(
      SourceStore sources,
      SourceItemStore sourceItems,
      StockStore stocks,
      GeonameStore geonames,
      String defaultCountry) {
    this.search = new PickupSearch(sources, sourceItems, stocks, geonames, defaultCountry);
  }

  public void register(Router router) {
    router
        .get(
            "/V1/inventory/in-store-pickup/pickup-locations/",
            Route.ANONYMOUS,
            this::pickupLocations)
        .service(
            new Service(
                "inventoryInStorePickupApiGetPickupLocationsV1",
                "Get Pickup Locations filtered by provided Search Request. Pickup Location entities"
                    + " are Immutable object and can not be changed after creation. All modification"
                    + " of Pickup Location must be done through @see"
                    + " \\Magento\\InventoryApi\\Api\\SourceRepositoryInterface"),
            "execute",
            "Get Pickup Locations according to the results of filtration by Search Request.")
        .required("searchRequest", SEARCH_REQUEST)
        .returns(SEARCH_RESULT)
        .throwing(NoSuchEntityException.class);
  }

  private PickupSearch.Result pickupLocations(RestRequest request) {
    request.requireArguments("searchRequest");
    return search.search(bind(request.argument("searchRequest")));
  }

  /**
   * The search request as Magento binds it through its constructors: scopeCode required, scopeType
   * "website" and currentPage 1 by default, an area needs both its radius and its search term, a
   * filter its value ("eq" by default). camelCase and snake_case keys both bind; a missing field is
   * named in a 400 (Magento: a masked 500).
   */
  private static SearchRequest bind(JsonNode value) {
    Properties request = Input.object(value, REQUEST_FIELDS);
    var missing = new ArrayList<ErrorEntry>();
    String scopeCode = request.string("scope_code");
    if (scopeCode == null) {
      missing.add(InputException.required("scopeCode"));
    }
    String scopeType = request.string("scope_type");
    SearchRequest.Area area = null;
    if (present(request.get("area"))) {
      Properties areaFields = Input.object(request.get("area"), AREA_FIELDS);
      Long radius = areaFields.integer("radius");
      String term = areaFields.string("search_term");
      if (radius == null) {
        missing.add(InputException.required("radius"));
      }
      if (term == null) {
        missing.add(InputException.required("searchTerm"));
      }
      if (radius != null && term != null) {
        area = new SearchRequest.Area(radius, term);
      }
    }
    var filters = new LinkedHashMap<String, SearchRequest.Filter>();
    Properties filterFields = Input.object(request.get("filters"), FILTERS_FIELDS);
    for (String name : FILTER_NAMES) {
      if (present(filterFields.get(name))) {
        Properties filter = Input.object(filterFields.get(name), FILTER_FIELDS);
        String filterValue = filter.string("value");
        if (filterValue == null) {
          missing.add(InputException.required("value"));
          continue;
        }
        String condition = filter.string("condition_type");
        filters.put(
            name, new SearchRequest.Filter(filterValue, condition == null ? "eq" : condition));
      }
    }
    List<SearchRequest.Sort> sort = null;
    List<JsonNode> sortElements = Input.list(request.get("sort"));
    if (sortElements != null) {
      sort = new ArrayList<>();
      for (JsonNode element : sortElements) {
        Properties order = Input.object(element, SORT_FIELDS);
        String direction = order.string("direction");
        sort.add(
            new SearchRequest.Sort(
                order.string("field"),
                direction == null ? "DESC" : direction.toUpperCase(Locale.ROOT)));
      }
    }
    SearchRequest.Extension extension = null;
    Properties extensionFields =
        Input.object(request.get("extension_attributes"), EXTENSION_FIELDS);
    List<JsonNode> products = Input.list(extensionFields.get("products_info"));
    if (products != null) {
      var info = new ArrayList<SearchRequest.ProductInfo>();
      for (JsonNode product : products) {
        String sku = Input.object(product, PRODUCT_FIELDS).string("sku");
        if (sku == null) {
          missing.add(InputException.required("sku"));
        } else {
          info.add(new SearchRequest.ProductInfo(sku));
        }
      }
      extension = new SearchRequest.Extension(info);
    }
    if (!missing.isEmpty()) {
      throw InputException.of(missing);
    }
    Long pageSize = request.integer("page_size");
    Long currentPage = request.integer("current_page");
    return new SearchRequest(
        area,
        filters,
        pageSize == null || pageSize == 0 ? null : pageSize,
        currentPage == null || currentPage < 1 ? 1 : currentPage,
        scopeType == null ? "website" : scopeType,
        scopeCode,
        sort,
        extension);
  }

  private static boolean present(JsonNode value) {
    return value != null && !value.isNull() && !value.isMissingNode();
  }
}
