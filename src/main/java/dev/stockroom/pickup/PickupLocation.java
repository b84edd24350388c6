package dev.stockroom.pickup;

import java.math.BigDecimal;

/**
 * A source seen as a place to pick an order up (Magento's PickupLocationInterface), in Magento's
 * getter order: the source's front-end name and description stand in for its name and description.
 */
public record PickupLocation(
    String pickupLocationCode,
    String name,
    String email,
    String fax,
    String contactName,
    String description,
    BigDecimal latitude,
    BigDecimal longitude,
    String countryId,
    Long regionId,
    String region,
    String city,
    String street,
    String postcode,
    String phone,
    Extension extensionAttributes) {

  /** Stockroom's addition: how far the location is from the searched area, in kilometres. */
  public record Extension(BigDecimal distance) {}
}
