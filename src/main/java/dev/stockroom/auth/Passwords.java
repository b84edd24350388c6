package dev.stockroom.auth;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** Password hashing with bcrypt (Bouncy Castle); only hashes are stored. */
final class Passwords {
  private static final int COST = 12;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private Passwords() {}

  static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, COST);
  }

  static boolean matches(String hash, String password) {
    return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
  }

  /** A password for the first admin when none is configured: 20 unambiguous characters. */
  static String generate() {
    var password = new StringBuilder();
    for (int index = 0; index < 20; index++) {
      password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }
}
