package dev.stockroom.auth;

import dev.stockroom.db.Database;
import dev.stockroom.inventory.Keys;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Admin users: username (case-insensitive), bcrypt password hash, active flag and role. */
public final class AdminUserStore {
  /** The role the first admin gets: it holds Magento_Backend::all. */
  public static final String ADMINISTRATORS = "Administrators";

  private final Database database;
  private final Clock clock;

  public AdminUserStore(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  public record AdminUser(long userId, String username, boolean active, String role) {}

  /** A user as stored, with what signing in needs. */
  record Stored(AdminUser user, String passwordHash) {}

  /** A password for a new admin when none is given: 20 unambiguous random characters. */
  public static String generatePassword() {
    return Passwords.generate();
  }

  public Optional<AdminUser> find(String username) {
    return database.read(connection -> find(connection, username)).map(Stored::user);
  }

  public List<AdminUser> list() {
    return database.read(connection -> {
      var users = new ArrayList<AdminUser>();
      try (var select = connection.prepareStatement(SELECT + " ORDER BY u.username_key");
          var rows = select.executeQuery()) {
        while (rows.next()) {
          users.add(map(rows).user());
        }
      }
      return users;
    });
  }

  /** Creates an active user with the role of that name. */
  public void create(String username, String password, String role) {
    String hash = Passwords.hash(password);
    database.inTransaction(unit -> {
      Connection connection = unit.connection();
      if (find(connection, username).isPresent()) {
        throw new IllegalArgumentException("User \"" + username + "\" already exists.");
      }
      long roleId = roleId(connection, role);
      try (var insert =
          connection.prepareStatement(
              """
              INSERT INTO admin_user
                  (username, username_key, password_hash, is_active, created_at, role_id)
              VALUES (?, ?, ?, 1, ?, ?)
              """)) {
        insert.setString(1, username);
        insert.setString(2, Keys.fold(username));
        insert.setString(3, hash);
        insert.setLong(4, clock.millis());
        insert.setLong(5, roleId);
        insert.executeUpdate();
      }
      return null;
    });
  }

  public void setPassword(String username, String password) {
    update(username, "password_hash = ?", Passwords.hash(password));
  }

  public void setActive(String username, boolean active) {
    update(username, "is_active = ?", active ? 1 : 0);
  }

  public void setRole(String username, String role) {
    database.inTransaction(unit -> {
      Connection connection = unit.connection();
      long roleId = roleId(connection, role);
      updateIn(connection, username, "role_id = ?", roleId);
      return null;
    });
  }

  /** The active user these credentials sign in, if any. */
  Optional<AdminUser> authenticate(String username, String password) {
    return database
        .read(connection -> find(connection, username))
        .filter(stored -> stored.user().active())
        .filter(stored -> Passwords.matches(stored.passwordHash(), password))
        .map(Stored::user);
  }

  private void update(String username, String assignment, Object value) {
    database.inTransaction(unit -> {
      Connection connection = unit.connection();
      updateIn(connection, username, assignment, value);
      return null;
    });
  }

  private static void updateIn(
      Connection connection, String username, String assignment, Object value) throws SQLException {
    try (var update =
        connection.prepareStatement(
            "UPDATE admin_user SET " + assignment + " WHERE username_key = ?")) {
      update.setObject(1, value);
      update.setString(2, Keys.fold(username));
      if (update.executeUpdate() == 0) {
        throw new IllegalArgumentException("No user \"" + username + "\".");
      }
    }
  }

  private static long roleId(Connection connection, String role) throws SQLException {
    return RoleStore.find(connection, role)
        .orElseThrow(() -> new IllegalArgumentException("No role \"" + role + "\"."))
        .roleId();
  }

  private static final String SELECT =
      """
      SELECT u.user_id, u.username, u.password_hash, u.is_active, r.name AS role
        FROM admin_user u
        LEFT JOIN admin_role r ON r.role_id = u.role_id
      """;

  private static Optional<Stored> find(Connection connection, String username) throws SQLException {
    try (var select = connection.prepareStatement(SELECT + " WHERE u.username_key = ?")) {
      select.setString(1, Keys.fold(username));
      try (var rows = select.executeQuery()) {
        return rows.next() ? Optional.of(map(rows)) : Optional.empty();
      }
    }
  }

  private static Stored map(ResultSet rows) throws SQLException {
    return new Stored(
        new AdminUser(
            rows.getLong("user_id"),
            rows.getString("username"),
            rows.getInt("is_active") == 1,
            rows.getString("role")),
        rows.getString("password_hash"));
  }
}
