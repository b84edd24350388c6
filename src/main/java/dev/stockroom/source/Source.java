package dev.stockroom.source;

import java.math.BigDecimal;
import java.util.List;

/**
 * A source (warehouse, store, drop-shipper) in Magento's field order. {@code
 * use_default_carrier_config} is always true (Magento's getter is hard-wired), {@code
 * carrier_links} always empty.
 */
public record Source(
    String sourceCode,
    String name,
    String email,
    String contactName,
    Boolean enabled,
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
    String fax,
    Boolean useDefaultCarrierConfig,
    List<CarrierLink> carrierLinks,
    Extension extensionAttributes) {

  /** The same source at other coordinates. */
  public Source withCoordinates(BigDecimal newLatitude, BigDecimal newLongitude) {
    return new Source(
        sourceCode,
        name,
        email,
        contactName,
        enabled,
        description,
        newLatitude,
        newLongitude,
        countryId,
        regionId,
        region,
        city,
        street,
        postcode,
        phone,
        fax,
        useDefaultCarrierConfig,
        carrierLinks,
        extensionAttributes);
  }

  /** A shipping carrier of the source; Stockroom, like Magento's API, accepts none. */
  public record CarrierLink(String carrierCode, Long position) {}

  /** The In-Store Pickup attributes Magento 2.4 adds to every source. */
  public record Extension(
      Boolean isPickupLocationActive, String frontendName, String frontendDescription) {}
}
