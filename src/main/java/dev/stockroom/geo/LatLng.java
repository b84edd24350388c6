package dev.stockroom.geo;

import java.math.BigDecimal;

/** A point on Earth in degrees, as Magento's LatLngInterface: {@code {"lat":…,"lng":…}}. */
public record LatLng(BigDecimal lat, BigDecimal lng) {
  /** A point from degrees stored with 6 decimal places. */
  public static LatLng ofE6(long latitudeE6, long longitudeE6) {
    return new LatLng(
        BigDecimal.valueOf(latitudeE6, 6).stripTrailingZeros(),
        BigDecimal.valueOf(longitudeE6, 6).stripTrailingZeros());
  }
}
