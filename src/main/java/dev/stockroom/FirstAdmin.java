package dev.stockroom;

import dev.stockroom.auth.AdminUserStore;
import java.util.List;

/**
 * The configured admin exists after start: created on the first start (with the configured
 * password, or a generated one printed once and stored only as its hash), and given the configured
 * password again on every start that sets one.
 */
final class FirstAdmin {
  private FirstAdmin() {}

  static void ensure(AdminUserStore users, Config config) {
    boolean exists = users.find(config.adminUser()).isPresent();
    if (!exists) {
      refuseAnotherFirstAdmin(users, config.adminUser());
    }
    if (exists && config.adminPassword() != null) {
      users.setPassword(config.adminUser(), config.adminPassword());
    } else if (!exists && config.adminPassword() != null) {
      users.create(config.adminUser(), config.adminPassword(), AdminUserStore.ADMINISTRATORS);
    } else if (!exists) {
      String generated = AdminUserStore.generatePassword();
      users.create(config.adminUser(), generated, AdminUserStore.ADMINISTRATORS);
      System.out.println(
          "Created admin user \""
              + config.adminUser()
              + "\" with the generated password: "
              + generated
              + "\nIt is shown only this once; Stockroom keeps only its hash.");
    }
  }

  /**
   * A database that has administrators gets no new one on a restart: another admin user named there
   * is a mistake (or a change meant for {@code stockroom users add}), and an account created
   * silently would be one nobody asked for.
   */
  private static void refuseAnotherFirstAdmin(AdminUserStore users, String adminUser) {
    List<String> administrators =
        users.list().stream()
            .filter(user -> AdminUserStore.ADMINISTRATORS.equals(user.role()))
            .map(user -> "\"" + user.username() + "\"")
            .toList();
    if (!administrators.isEmpty()) {
      throw new Config.ConfigException(
          "STOCKROOM_ADMIN_USER (--admin-user) is \""
              + adminUser
              + "\", but this database's administrators are "
              + String.join(", ", administrators)
              + ", and the first admin is created only on a database without one. Set it to one"
              + " of them, or add the user with: stockroom users add "
              + adminUser
              + " --role Administrators");
    }
  }
}
