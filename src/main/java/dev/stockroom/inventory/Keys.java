package dev.stockroom.inventory;

import java.util.Locale;

/**
 * Case-insensitive keys. Magento compares sku and codes case-insensitively (MySQL's _ci collations)
 * but keeps the casing it stored; Stockroom stores beside each such value its folded key, computed
 * here in Java, so that every database compares the same way.
 */
public final class Keys {
  private Keys() {}

  public static String fold(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }
}
