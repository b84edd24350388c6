package dev.stockroom.geo;

import dev.stockroom.binding.FixedPoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A GeoNames postal-code file (download.geonames.org/export/zip/, e.g. DE.txt or allCountries.txt):
 * one postal code a line, tab-separated: country code, postal code, place name, admin name 1 (the
 * region), admin code 1, admin name 2, admin code 2 (Magento's province), admin name 3, admin code
 * 3, latitude, longitude, accuracy. Magento's import reads the same columns.
 */
public final class GeonamesFile {
  private GeonamesFile() {}

  /** A line that is not a GeoNames postal code, with its number. */
  public static final class FormatException extends RuntimeException {
    FormatException(String message) {
      super(message);
    }
  }

  /** Every postal code of the file; the first line that is not one stops the read. */
  public static List<GeonameStore.Geoname> read(BufferedReader lines) throws IOException {
    var rows = new ArrayList<GeonameStore.Geoname>();
    int number = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length < 11) {
        throw new FormatException(
            "line "
                + number
                + " has "
                + fields.length
                + " tab-separated fields, a GeoNames"
                + " postal code has 12");
      }
      String country = fields[0].strip();
      if (!country.matches("[A-Za-z]{2}")) {
        throw new FormatException("line " + number + ": \"" + fields[0] + "\" is no country code");
      }
      rows.add(
          new GeonameStore.Geoname(
              country.toUpperCase(Locale.ROOT),
              fields[1],
              fields[2],
              fields[3],
              fields[6],
              degrees(fields[9], 90, number),
              degrees(fields[10], 180, number)));
    }
    return rows;
  }

  private static long degrees(String text, int limit, int number) {
    try {
      var degrees = new BigDecimal(text.strip());
      if (degrees.abs().compareTo(BigDecimal.valueOf(limit)) <= 0) {
        return FixedPoint.scale(degrees, 6, RoundingMode.HALF_UP, limit * 1_000_000L);
      }
    } catch (NumberFormatException notANumber) {
      // Reported below.
    }
    throw new FormatException("line " + number + ": \"" + text + "\" is no coordinate");
  }
}
