package dev.stockroom.auth;

import dev.stockroom.db.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Admin bearer tokens: 32 random characters handed out once, stored only as their SHA-256 hash,
 * valid for a fixed lifetime (Magento's default is 4 hours).
 */
public final class AdminTokenStore {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int TOKEN_LENGTH = 32;

  private final Database database;
  private final Clock clock;
  private final Duration lifetime;

  public AdminTokenStore(Database database, Clock clock, Duration lifetime) {
    this.database = database;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  String issue(long userId) {
    var token = new StringBuilder(TOKEN_LENGTH);
    for (int index = 0; index < TOKEN_LENGTH; index++) {
      token.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    long now = clock.millis();
    database.inTransaction(connection -> {
      try (var insert =
          connection.prepareStatement(
              """
              INSERT INTO admin_token (token_hash, user_id, created_at, expires_at)
              VALUES (?, ?, ?, ?)
              """)) {
        insert.setString(1, hash(token.toString()));
        insert.setLong(2, userId);
        insert.setLong(3, now);
        insert.setLong(4, now + lifetime.toMillis());
        return insert.executeUpdate();
      }
    });
    return token.toString();
  }

  /** The principal of a live token of an active user. */
  public Optional<Principal> principal(String token) {
    return database.read(connection -> {
      try (var select =
          connection.prepareStatement(
              """
              SELECT u.user_id, u.username
                FROM admin_token t
                JOIN admin_user u ON u.user_id = t.user_id
               WHERE t.token_hash = ? AND t.expires_at > ? AND u.is_active = 1
              """)) {
        select.setString(1, hash(token));
        select.setLong(2, clock.millis());
        try (var rows = select.executeQuery()) {
          if (!rows.next()) {
            return Optional.empty();
          }
          // Every admin holds Magento_Backend::all until roles arrive.
          return Optional.of(
              new Principal(rows.getLong("user_id"), rows.getString("username"), Set.of(Acl.ALL)));
        }
      }
    });
  }

  static String hash(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("Every JDK has SHA-256", impossible);
    }
  }
}
