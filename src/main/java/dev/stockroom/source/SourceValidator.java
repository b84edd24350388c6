package dev.stockroom.source;

import dev.stockroom.binding.Php;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.Parameters;
import dev.stockroom.error.ValidationException;
import dev.stockroom.inventory.Keys;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Magento's source validator chain in its order (Inventory, InventoryCatalog,
 * InventoryInStorePickup, InventoryShipping), every check run and every error collected, followed
 * by Stockroom's limits of the columns Magento would overflow. Validation looks at the request
 * alone, so name, postcode and country_id must be sent on every save, and {@code enabled: true} on
 * every save of the default source.
 */
final class SourceValidator {
  static final String DEFAULT_SOURCE = "default";

  /** Magento refuses text that looks like a template directive, e.g. {@code ${x}}. */
  private static final Pattern TEMPLATE = Pattern.compile("\\$:*\\{.*\\}");

  private static final String CAN_NOT_BE_EMPTY = "\"%field\" can not be empty.";
  private static final String EMPTY_FOR_PICKUP = "\"%field\" can not be empty for Pickup Location.";
  private static final int VARCHAR = 255;
  private static final int TEXT = 65_535;

  private SourceValidator() {}

  static void validate(SourceRequest request) {
    Source source = request.source();
    var errors = new ArrayList<ErrorEntry>();
    String name = text(source.name());
    notEmpty(name, "name", errors);
    noTemplate(name, errors);
    String code = text(source.sourceCode());
    notEmpty(code, "source_code", errors);
    if (Php.containsWhitespace(code)) {
      errors.add(ErrorEntry.forField("\"%field\" can not contain whitespaces.", "source_code"));
    }
    noTemplate(code, errors);
    notEmpty(text(source.postcode()), "postcode", errors);
    notEmpty(text(source.countryId()), "country_id", errors);
    boolean isDefault = DEFAULT_SOURCE.equals(Keys.fold(code));
    if (isDefault && !Boolean.TRUE.equals(source.enabled())) {
      errors.add(new ErrorEntry("Default source can not be disabled.", Parameters.NONE));
    }
    if (Boolean.TRUE.equals(source.extensionAttributes().isPickupLocationActive())) {
      pickupLocation(source, isDefault, errors);
    }
    if (!source.carrierLinks().isEmpty()) {
      errors.add(
          ErrorEntry.forField(
              "You can't configure \"%field\" because you have chosen Global Shipping"
                  + " configuration.",
              "carrier_links"));
    }
    limits(source, errors);
    if (!errors.isEmpty()) {
      // Sources, unlike source items, answer the plain message.
      throw new ValidationException("Validation Failed", errors);
    }
  }

  private static void pickupLocation(Source source, boolean isDefault, List<ErrorEntry> errors) {
    if (Php.trim(text(source.city())).isEmpty()) {
      errors.add(ErrorEntry.forField(EMPTY_FOR_PICKUP, "city"));
    }
    if (Php.trim(text(source.street())).isEmpty()) {
      errors.add(ErrorEntry.forField(EMPTY_FOR_PICKUP, "street"));
    }
    // Magento tests the city here and names the phone; Stockroom tests the phone it names.
    if (Php.trim(text(source.phone())).isEmpty()) {
      errors.add(ErrorEntry.forField(EMPTY_FOR_PICKUP, "phone"));
    }
    if (isDefault) {
      errors.add(
          new ErrorEntry(
              "The Default Source can not be used for In-Store Pickup Delivery.", Parameters.NONE));
    }
  }

  private static void limits(Source source, List<ErrorEntry> errors) {
    maxLength(source.sourceCode(), "source_code", VARCHAR, errors);
    maxLength(source.name(), "name", VARCHAR, errors);
    maxLength(source.email(), "email", VARCHAR, errors);
    maxLength(source.contactName(), "contact_name", VARCHAR, errors);
    maxLength(source.description(), "description", TEXT, errors);
    degrees(source.latitude(), "latitude", 90, errors);
    degrees(source.longitude(), "longitude", 180, errors);
    maxLength(source.countryId(), "country_id", 2, errors);
    if (source.regionId() != null && (source.regionId() < 0 || source.regionId() > 4294967295L)) {
      errors.add(ErrorEntry.outOfRange("region_id", 0, 4294967295L));
    }
    maxLength(source.region(), "region", VARCHAR, errors);
    maxLength(source.city(), "city", VARCHAR, errors);
    maxLength(source.street(), "street", VARCHAR, errors);
    maxLength(source.postcode(), "postcode", VARCHAR, errors);
    maxLength(source.phone(), "phone", VARCHAR, errors);
    maxLength(source.fax(), "fax", VARCHAR, errors);
    maxLength(source.extensionAttributes().frontendName(), "frontend_name", VARCHAR, errors);
    maxLength(
        source.extensionAttributes().frontendDescription(), "frontend_description", TEXT, errors);
  }

  private static void notEmpty(String value, String field, List<ErrorEntry> errors) {
    if (Php.trim(value).isEmpty()) {
      errors.add(ErrorEntry.forField(CAN_NOT_BE_EMPTY, field));
    }
  }

  private static void noTemplate(String value, List<ErrorEntry> errors) {
    if (TEMPLATE.matcher(value).find()) {
      errors.add(new ErrorEntry("Validation Failed", Parameters.NONE));
    }
  }

  private static void maxLength(String value, String field, int max, List<ErrorEntry> errors) {
    if (value != null && value.codePointCount(0, value.length()) > max) {
      errors.add(ErrorEntry.tooLong(field, max));
    }
  }

  /** Coordinates are degrees, stored with 6 decimal places. */
  private static void degrees(BigDecimal value, String field, int limit, List<ErrorEntry> errors) {
    if (value != null && value.abs().compareTo(BigDecimal.valueOf(limit)) > 0) {
      errors.add(ErrorEntry.outOfRange(field, -limit, limit));
    }
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
