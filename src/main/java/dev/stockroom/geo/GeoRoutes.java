package dev.stockroom.geo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.acl.Acl;
import dev.stockroom.binding.Input;
import dev.stockroom.binding.Input.Properties;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import dev.stockroom.error.NoSuchEntityException;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Magento's distance helper routes (InventoryDistanceBasedSourceSelectionApi), answered by the
 * offline provider: great-circle distances in metres, addresses placed by the loaded GeoNames
 * postal codes. No request leaves the machine.
 */
public final class GeoRoutes {
  /** Magento's LatLngInterface. */
  public static final ApiType.Definition LAT_LNG =
      ApiType.definition(
              "inventory-distance-based-source-selection-api-data-lat-lng-interface",
              "DTO for latitude and longitude request")
          .required("lat", ApiType.NUMBER, "Latitude")
          .required("lng", ApiType.NUMBER, "Longitude")
          .build();

  /** Magento's source selection AddressInterface: where an order ships to. */
  public static final ApiType.Definition ADDRESS =
      ApiType.definition(
              "inventory-source-selection-api-data-address-interface",
              "Data interface for shipping source or shipping destination")
          .required("country", ApiType.STRING, "Shipping country")
          .required("postcode", ApiType.STRING, "Shipping postcode")
          .required("street", ApiType.STRING, "Shipping street address")
          .required("region", ApiType.STRING, "Shipping region")
          .required("city", ApiType.STRING, "Shipping city")
          .build();

  /** Stockroom computes distances offline, from the GeoNames data it holds. */
  public static final String PROVIDER = "offline";

  private static final Input.Fields LAT_LNG_FIELDS = Input.fields("lat", "lng");
  private static final Input.Fields ADDRESS_FIELDS =
      Input.fields("country", "postcode", "street", "region", "city");
  private static final String API = "inventoryDistanceBasedSourceSelectionApi";

  private final GeonameStore geonames;

  public GeoRoutes(GeonameStore geonames) {
    this.geonames = geonames;
  }

  public void register(Router router) {
    router
        .get("/V1/inventory/get-distance-provider-code", Acl.SOURCE, request -> PROVIDER)
        .service(
            new Service(API + "GetDistanceProviderCodeV1", "Get selected distance provider code"),
            "execute",
            "Get Default distance provider code")
        .returns(ApiType.STRING);
    router
        .get("/V1/inventory/get-distance", Acl.SOURCE, this::distance)
        .service(
            new Service(API + "GetDistanceV1", "Get distance between two LatLngRequest points"),
            "execute",
            "Get distance between two points")
        .required("source", LAT_LNG)
        .required("destination", LAT_LNG)
        .returns(ApiType.NUMBER);
    router
        .get("/V1/inventory/get-latlng-from-address", Acl.SOURCE, this::latLng)
        .service(
            new Service(
                API + "GetLatLngFromAddressV1", "Get latitude and longitude object from address"),
            "execute",
            "Get latitude and longitude object from address")
        .required("address", ADDRESS)
        .returns(LAT_LNG)
        .throwing(NoSuchEntityException.class);
    router
        .get("/V1/inventory/get-latslngs-from-address", Acl.SOURCE, this::latsLngs)
        .service(
            new Service(
                API + "GetLatsLngsFromAddressV1",
                "Get all available latitude and longitude objects from address interface."),
            "execute",
            "Get all available latitude and longitude objects from address.")
        .required("address", ADDRESS)
        .returns(ApiType.arrayOf(LAT_LNG))
        .throwing(NoSuchEntityException.class);
  }

  private BigDecimal distance(RestRequest request) {
    request.requireArguments("source", "destination");
    return Distance.metres(
        latLng(request.argument("source")), latLng(request.argument("destination")));
  }

  private LatLng latLng(RestRequest request) {
    request.requireArguments("address");
    return geonames.first(address(request.argument("address")));
  }

  private List<LatLng> latsLngs(RestRequest request) {
    request.requireArguments("address");
    return geonames.all(address(request.argument("address")));
  }

  /**
   * A point as Magento binds LatLngInterface through its constructor: both parts required (Magento
   * answers a masked 500 without one; Stockroom names it).
   */
  public static LatLng latLng(JsonNode value) {
    Properties point = Input.object(value, LAT_LNG_FIELDS);
    BigDecimal lat = point.decimal("lat");
    BigDecimal lng = point.decimal("lng");
    var missing = new ArrayList<ErrorEntry>();
    if (lat == null) {
      missing.add(InputException.required("lat"));
    }
    if (lng == null) {
      missing.add(InputException.required("lng"));
    }
    if (!missing.isEmpty()) {
      throw InputException.of(missing);
    }
    return new LatLng(lat, lng);
  }

  /** An address as Magento binds AddressInterface through its constructor: every part required. */
  public static Address address(JsonNode value) {
    Properties address = Input.object(value, ADDRESS_FIELDS);
    var missing = new ArrayList<ErrorEntry>();
    var parts = new ArrayList<String>();
    for (String part : List.of("country", "postcode", "street", "region", "city")) {
      String text = address.string(part);
      if (text == null) {
        missing.add(InputException.required(part));
      }
      parts.add(text == null ? "" : text);
    }
    if (!missing.isEmpty()) {
      throw InputException.of(missing);
    }
    return new Address(parts.get(0), parts.get(1), parts.get(2), parts.get(3), parts.get(4));
  }
}
