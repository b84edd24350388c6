package dev.stockroom.source;

import dev.stockroom.acl.Acl;
import dev.stockroom.db.Database;
import dev.stockroom.error.CouldNotSaveException;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.error.NoSuchEntityException;
import dev.stockroom.error.ValidationException;
import dev.stockroom.geo.Address;
import dev.stockroom.geo.GeonameStore;
import dev.stockroom.geo.LatLng;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchResults;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import java.math.BigDecimal;

/** Magento's source routes. There is no DELETE: sources are disabled, never deleted. */
public final class SourceRoutes {
  private static final String LONG_NAME_NOTE =
      " Used fully qualified namespaces in annotations for proper work of WebApi request parser";

  /** Magento's SourceInterface; every getter may return null, so nothing is required. */
  public static final ApiType.Definition SOURCE =
      ApiType.definition(
              "inventory-api-data-source-interface",
              "Represents physical storage, i.e. brick and mortar store or warehouse"
                  + LONG_NAME_NOTE)
          .optional("source_code", ApiType.STRING, "Source code")
          .optional("name", ApiType.STRING, "Source name")
          .optional("email", ApiType.STRING, "Source email")
          .optional("contact_name", ApiType.STRING, "Source contact name")
          .optional("enabled", ApiType.BOOLEAN, "If source is enabled. For new entity can be null")
          .optional("description", ApiType.STRING, "Source description")
          .optional("latitude", ApiType.NUMBER, "Source latitude")
          .optional("longitude", ApiType.NUMBER, "Source longitude")
          .optional("country_id", ApiType.STRING, "Source country id")
          .optional("region_id", ApiType.INTEGER, "Region id if source has registered region.")
          .optional("region", ApiType.STRING, "Region title if source has custom region")
          .optional("city", ApiType.STRING, "Source city")
          .optional("street", ApiType.STRING, "Source street name")
          .optional("postcode", ApiType.STRING, "Source post code")
          .optional("phone", ApiType.STRING, "Source phone number")
          .optional("fax", ApiType.STRING, "Source fax")
          .optional("use_default_carrier_config", ApiType.BOOLEAN, "Is need to use default config")
          .optional(
              "carrier_links",
              ApiType.arrayOf(
                  ApiType.definition(
                          "inventory-api-data-source-carrier-link-interface",
                          "Represents relation between some physical storage and shipping method"
                              + LONG_NAME_NOTE)
                      .optional("carrier_code", ApiType.STRING, "Carrier code")
                      .optional("position", ApiType.INTEGER, "Position")
                      .optional(
                          "extension_attributes",
                          ApiType.definition(
                                  "inventory-api-data-source-carrier-link-extension-interface",
                                  "ExtensionInterface class for @see"
                                      + " \\Magento\\InventoryApi\\Api\\Data\\SourceCarrierLinkInterface")
                              .build(),
                          "")
                      .build()),
              "")
          .optional(
              "extension_attributes",
              ApiType.definition(
                      "inventory-api-data-source-extension-interface",
                      "ExtensionInterface class for @see"
                          + " \\Magento\\InventoryApi\\Api\\Data\\SourceInterface")
                  .optional("is_pickup_location_active", ApiType.BOOLEAN, "")
                  .optional("frontend_name", ApiType.STRING, "")
                  .optional("frontend_description", ApiType.STRING, "")
                  .build(),
              "")
          .build();

  private static final Service REPOSITORY =
      new Service(
          "inventoryApiSourceRepositoryV1",
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
              + " There is no delete method. It is related to that Source can't be deleted due to"
              + " we don't want miss data related to Sources (like as order information). But"
              + " Source can be disabled"
              + LONG_NAME_NOTE);

  private final Database database;
  private final SourceStore store;
  private final GeonameStore geonames;

  public SourceRoutes(Database database, SourceStore store, GeonameStore geonames) {
    this.database = database;
    this.store = store;
    this.geonames = geonames;
  }

  public void register(Router router) {
    router
        .get("/V1/inventory/sources", Acl.SOURCE, this::getList)
        .service(
            REPOSITORY,
            "getList",
            "Find Sources by SearchCriteria SearchCriteria is not required because load all"
                + " stocks is useful case")
        .optional("searchCriteria", SearchCriteria.TYPE)
        .returns(
            SearchResults.type(
                "inventory-api-data-source-search-results-interface", "Sources list", SOURCE));
    router
        .get("/V1/inventory/sources/:sourceCode", Acl.SOURCE, this::get)
        .service(
            REPOSITORY,
            "get",
            "Get Source data by given code. If you want to create plugin on get method, also you"
                + " need to create separate Plugin on getList method, because entity loading way"
                + " is different for these methods")
        .required("sourceCode", ApiType.STRING)
        .returns(SOURCE)
        .throwing(NoSuchEntityException.class)
        .tagged();
    router
        .post("/V1/inventory/sources", Acl.SOURCE_EDIT, this::save)
        .service(REPOSITORY, "save", "Save Source data")
        .required("source", SOURCE)
        .throwing(ValidationException.class, CouldNotSaveException.class);
    // On PUT the URL's code is written into the body's source; the code is no argument of save.
    router
        .put("/V1/inventory/sources/:sourceCode", Acl.SOURCE_EDIT, this::save)
        .service(REPOSITORY, "save", "Save Source data")
        .required("source", SOURCE)
        .throwing(ValidationException.class, CouldNotSaveException.class);
  }

  private SearchResults<Source> getList(RestRequest request) {
    return store.search(SearchCriteria.bind(request.argument("searchCriteria")));
  }

  private Source get(RestRequest request) {
    return store.get(request.pathParameter("sourceCode"));
  }

  /**
   * Magento's FillSourceLatitudeAndLongitude: a source saved without coordinates (neither sent, or
   * both 0) gets those of its address where the loaded GeoNames data places it; where it does not,
   * the save goes on without them.
   */
  private SourceRequest locate(SourceRequest request) {
    Source source = request.source();
    if (isSet(source.latitude()) || isSet(source.longitude())) {
      return request;
    }
    try {
      LatLng point =
          geonames.first(
              new Address(
                  text(source.countryId()),
                  text(source.postcode()),
                  text(source.street()),
                  text(source.region()),
                  text(source.city())));
      return request.withCoordinates(point.lat(), point.lng());
    } catch (LocalizedException unplaced) {
      return request;
    }
  }

  private static boolean isSet(BigDecimal degrees) {
    return degrees != null && degrees.signum() != 0;
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  /** POST and PUT are both upserts; on PUT the URL's code was written into the body. */
  private Void save(RestRequest request) {
    request.requireArguments("source");
    SourceRequest source = locate(SourceRequest.bind(request.argument("source")));
    SourceValidator.validate(source);
    return database.inTransaction(unit -> {
      if (request.conditional()) {
        request.requireMatch(store.current(unit, source.source().sourceCode()).orElse(null));
      }
      store.save(unit, source);
      return null;
    });
  }
}
