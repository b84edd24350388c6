package dev.stockroom.geo;

/**
 * An address to place on the map, as Magento's source selection AddressInterface: every part is
 * text, empty where unknown.
 */
public record Address(String country, String postcode, String street, String region, String city) {
  /** Magento's AddressToString: the parts joined by spaces, street first, country last. */
  @Override
  public String toString() {
    return String.join(" ", street, postcode, city, region, country);
  }
}
