package dev.stockroom;

import dev.stockroom.auth.AdminUserStore;

/**
 * The configured admin exists after start: created on the first start (with the configured
 * password, or a generated one printed once and stored only as its hash), and given the configured
 * password again on every start that sets one.
 */
final class FirstAdmin {
  private FirstAdmin() {}

  static void ensure(AdminUserStore users, Config config) {
    boolean exists = users.find(config.adminUser()).isPresent();
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
}
