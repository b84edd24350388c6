package dev.stockroom.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Random credentials in Magento's format, their hashes, and constant-time comparison. */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final MessageDigest SHA_256 = lookUpSha256();

  /** Magento's OAuth helper draws tokens, keys and secrets from digits and lower-case letters. */
  private static final String LOWER_ALPHANUMERIC = "0123456789abcdefghijklmnopqrstuvwxyz";

  /** Magento's length for consumer keys and secrets, tokens and token secrets. */
  static final int LENGTH = 32;

  private Secrets() {}

  static String random() {
    var secret = new StringBuilder(LENGTH);
    for (int index = 0; index < LENGTH; index++) {
      secret.append(LOWER_ALPHANUMERIC.charAt(RANDOM.nextInt(LOWER_ALPHANUMERIC.length())));
    }
    return secret.toString();
  }

  static String sha256(String secret) {
    byte[] digest = newSha256().digest(secret.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest);
  }

  /**
   * A fresh digest, cloned from a prototype: looking SHA-256 up among the security providers took
   * longer than hashing a token, on every authenticated request.
   */
  private static MessageDigest newSha256() {
    try {
      return (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException notCloneable) {
      return lookUpSha256();
    }
  }

  private static MessageDigest lookUpSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("Every JDK has SHA-256", impossible);
    }
  }

  static boolean equal(String expected, String actual) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }
}
