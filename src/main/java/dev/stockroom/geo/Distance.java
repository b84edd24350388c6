package dev.stockroom.geo;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Great-circle distances. Magento's offline provider measures in metres (its constant is named
 * EARTH_RADIUS_KM but holds 6,371,000); its pickup search measures in kilometres with a radius of
 * 6,372.797 km.
 */
public final class Distance {
  private static final double EARTH_RADIUS_METRES = 6_371_000;
  private static final double PICKUP_EARTH_RADIUS_KM = 6372.797;

  private Distance() {}

  /** The haversine distance in metres, as the offline provider's get-distance answers it. */
  public static BigDecimal metres(LatLng from, LatLng to) {
    double latFrom = Math.toRadians(from.lat().doubleValue());
    double lngFrom = Math.toRadians(from.lng().doubleValue());
    double latTo = Math.toRadians(to.lat().doubleValue());
    double lngTo = Math.toRadians(to.lng().doubleValue());
    double angle =
        2
            * Math.asin(
                Math.sqrt(
                    Math.pow(Math.sin((latTo - latFrom) / 2), 2)
                        + Math.cos(latFrom)
                            * Math.cos(latTo)
                            * Math.pow(Math.sin((lngTo - lngFrom) / 2), 2)));
    return new BigDecimal(angle * EARTH_RADIUS_METRES, MathContext.DECIMAL64).stripTrailingZeros();
  }

  /**
   * The distance in kilometres as the pickup search computes it (the spherical law of cosines);
   * points a rounding error apart count as 0, where MySQL's ACOS would answer NULL.
   */
  public static double pickupKilometres(LatLng from, LatLng to) {
    double lat1 = Math.toRadians(from.lat().doubleValue());
    double lat2 = Math.toRadians(to.lat().doubleValue());
    double lngDelta = Math.toRadians(to.lng().doubleValue() - from.lng().doubleValue());
    double cosine =
        Math.cos(lat1) * Math.cos(lat2) * Math.cos(lngDelta) + Math.sin(lat1) * Math.sin(lat2);
    return PICKUP_EARTH_RADIUS_KM * Math.acos(Math.clamp(cosine, -1, 1));
  }
}
