package dev.stockroom.auth;

import dev.stockroom.db.Database;
import dev.stockroom.db.Keys;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/** Admin users: username (case-insensitive) and bcrypt password hash. */
public final class AdminUserStore {
  private final Database database;
  private final Clock clock;

  public AdminUserStore(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  record AdminUser(long userId, String username, String passwordHash, boolean active) {}

  /** A password for a new admin when none is configured. */
  public static String generatePassword() {
    return Passwords.generate();
  }

  public boolean exists(String username) {
    return database.read(connection -> find(connection, username).isPresent());
  }

  /** Creates the user, or sets the password of an existing one. */
  public void createOrSetPassword(String username, String password) {
    String hash = Passwords.hash(password);
    database.inTransaction(connection -> {
      Optional<AdminUser> existing = find(connection, username);
      if (existing.isPresent()) {
        try (var update =
            connection.prepareStatement(
                "UPDATE admin_user SET password_hash = ? WHERE user_id = ?")) {
          update.setString(1, hash);
          update.setLong(2, existing.get().userId());
          update.executeUpdate();
        }
        return null;
      }
      try (var insert =
          connection.prepareStatement(
              """
              INSERT INTO admin_user (username, username_key, password_hash, is_active, created_at)
              VALUES (?, ?, ?, 1, ?)
              """)) {
        insert.setString(1, username);
        insert.setString(2, Keys.fold(username));
        insert.setString(3, hash);
        insert.setLong(4, clock.millis());
        insert.executeUpdate();
      }
      return null;
    });
  }

  /** The active user these credentials sign in, if any. */
  Optional<AdminUser> authenticate(String username, String password) {
    Optional<AdminUser> user = database.read(connection -> find(connection, username));
    return user.filter(AdminUser::active)
        .filter(candidate -> Passwords.matches(candidate.passwordHash(), password));
  }

  private static Optional<AdminUser> find(Connection connection, String username)
      throws SQLException {
    try (var select =
        connection.prepareStatement(
            """
            SELECT user_id, username, password_hash, is_active
              FROM admin_user
             WHERE username_key = ?
            """)) {
      select.setString(1, Keys.fold(username));
      try (var rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new AdminUser(
                rows.getLong("user_id"),
                rows.getString("username"),
                rows.getString("password_hash"),
                rows.getInt("is_active") == 1));
      }
    }
  }
}
