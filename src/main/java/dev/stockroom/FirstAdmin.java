package dev.stockroom;

import dev.stockroom.auth.AdminUserStore;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * The configured admin exists after start: created on the first start (with the configured
 * password, or a generated one printed once and stored only as its hash), and given the configured
 * password again on every start that sets one.
 */
final class FirstAdmin {
  private FirstAdmin() {}

  /**
   * {@link #ensure} on a thread of its own. Its bcrypt hash (cost 12) takes about 0.3 s of a core
   * on the first start and on every start that sets the password; the rest of the start-up needs no
   * admin and runs meanwhile. {@link #await} waits for it and rethrows what it threw.
   */
  static Future<Void> ensureMeanwhile(AdminUserStore users, Config config) {
    var work = new FutureTask<Void>(() -> ensure(users, config), null);
    Thread.ofPlatform().name("stockroom-first-admin").start(work);
    return work;
  }

  static void await(Future<Void> work) {
    try {
      work.get();
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      if (failed.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(failed.getCause());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while setting up the first admin", interrupted);
    }
  }

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
