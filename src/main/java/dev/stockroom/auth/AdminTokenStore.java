package dev.stockroom.auth;

import dev.stockroom.acl.Principal;
import dev.stockroom.db.Database;
import dev.stockroom.inventory.Keys;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Admin bearer tokens: 32 random characters (Magento's format) handed out once, stored only as
 * their SHA-256 hash, valid for a fixed lifetime (Magento's default is 4 hours).
 */
public final class AdminTokenStore {
  private final Database database;
  private final Clock clock;
  private final Duration lifetime;

  public AdminTokenStore(Database database, Clock clock, Duration lifetime) {
    this.database = database;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  String issue(long userId) {
    String token = Secrets.random();
    long now = clock.millis();
    database.inTransaction(unit -> {
      Connection connection = unit.connection();
      try (var insert =
          connection.prepareStatement(
              """
              INSERT INTO admin_token (token_hash, user_id, created_at, expires_at)
              VALUES (?, ?, ?, ?)
              """)) {
        insert.setString(1, Secrets.sha256(token));
        insert.setLong(2, userId);
        insert.setLong(3, now);
        insert.setLong(4, now + lifetime.toMillis());
        return insert.executeUpdate();
      }
    });
    return token;
  }

  /**
   * The sign-in of a live token of an active user: the user, the resources of the user's role, and
   * when the token expires.
   */
  Optional<RecentSignIns.SignIn> signIn(String token) {
    return database.readStatement(connection -> {
      // One query: the token, its user and the resources of the user's role (one row each).
      try (var select =
          connection.prepareStatement(
              """
              SELECT u.user_id, u.username, t.expires_at, rr.resource
                FROM admin_token t
                JOIN admin_user u ON u.user_id = t.user_id
                LEFT JOIN admin_role_resource rr ON rr.role_id = u.role_id
               WHERE t.token_hash = ? AND t.expires_at > ? AND u.is_active = 1
              """)) {
        select.setString(1, Secrets.sha256(token));
        select.setLong(2, clock.millis());
        try (var rows = select.executeQuery()) {
          if (!rows.next()) {
            return Optional.empty();
          }
          long userId = rows.getLong("user_id");
          String username = rows.getString("username");
          long expiresAt = rows.getLong("expires_at");
          var resources = new TreeSet<String>();
          do {
            String resource = rows.getString("resource");
            if (resource != null) {
              resources.add(resource);
            }
          } while (rows.next());
          var principal = new Principal(Principal.Kind.ADMIN, userId, username, resources);
          return Optional.of(new RecentSignIns.SignIn(principal, expiresAt));
        }
      }
    });
  }

  /** Revokes every token of the user; returns how many there were. */
  /** Ends one token (a signed-out admin page session); false if it was not known. */
  public boolean revoke(String token) {
    return database.inTransaction(unit -> {
      try (var delete =
          unit.connection().prepareStatement("DELETE FROM admin_token WHERE token_hash = ?")) {
        delete.setString(1, Secrets.sha256(token));
        return delete.executeUpdate() == 1;
      }
    });
  }

  public int revokeAll(String username) {
    return database.inTransaction(unit -> {
      Connection connection = unit.connection();
      try (var delete =
          connection.prepareStatement(
              """
              DELETE FROM admin_token
               WHERE user_id IN (SELECT user_id FROM admin_user WHERE username_key = ?)
              """)) {
        delete.setString(1, Keys.fold(username));
        return delete.executeUpdate();
      }
    });
  }
}
