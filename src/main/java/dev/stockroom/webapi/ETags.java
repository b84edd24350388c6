package dev.stockroom.webapi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Entity tags of sources and stocks: a strong tag made from the entity's JSON as GET answers it
 * (the first 128 bits of its SHA-256), so that it changes exactly when what a client read changes.
 */
public final class ETags {
  private ETags() {}

  /** The tag of an entity's JSON bytes, quoted as the ETag header carries it. */
  public static String of(byte[] json) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
      return '"' + HexFormat.of().formatHex(digest, 0, 16) + '"';
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /**
   * Whether an If-Match (or If-None-Match) header names {@code tag}: {@code *} names any existing
   * entity; a list names each of its tags; weak tags ({@code W/"…"}) compare by their value.
   */
  public static boolean matches(String header, String tag) {
    if (tag == null) {
      return false;
    }
    if (header.strip().equals("*")) {
      return true;
    }
    for (String part : header.split(",")) {
      String candidate = part.strip();
      if (candidate.startsWith("W/")) {
        candidate = candidate.substring(2);
      }
      if (candidate.equals(tag)) {
        return true;
      }
    }
    return false;
  }
}
