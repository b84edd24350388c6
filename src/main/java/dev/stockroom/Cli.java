package dev.stockroom;

import dev.stockroom.acl.Acl;
import dev.stockroom.auth.AdminTokenStore;
import dev.stockroom.auth.AdminUserStore;
import dev.stockroom.auth.IntegrationStore;
import dev.stockroom.auth.RecentSignIns;
import dev.stockroom.auth.RoleStore;
import dev.stockroom.db.Database;
import dev.stockroom.geo.GeonameStore;
import dev.stockroom.geo.GeonamesFile;
import dev.stockroom.reservation.ReservationStore;
import dev.stockroom.stock.WebsiteStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The administration commands: {@code stockroom users|roles|integrations|acl|websites|reservations
 * …}. They work on the database the same settings name, so they can run beside a live server.
 */
final class Cli {
  static final String USAGE =
      """
      Usage: stockroom [settings]                      start the server
             stockroom COMMAND [arguments] [settings]   administer it

      Commands:
        users add NAME --role ROLE [--password-stdin]   create an admin (password generated
                                                        and printed unless read from stdin)
        users list
        users set-password NAME [--password-stdin]
        users set-role NAME ROLE
        users disable NAME | users enable NAME
        users revoke-tokens NAME                        end every token of the user
        roles add NAME (--all | --resources R1,R2,...)  create a role or replace its resources
        roles list
        acl resources                                   the ACL resources roles can hold
        integrations add NAME (--all | --resources R1,R2,...)
                                                        create an integration and print its
                                                        OAuth credentials (shown only once)
        integrations list
        integrations revoke NAME
        websites list                                   website codes sales channels may name
        websites add CODE | websites remove CODE        a new website sells from the default
                                                        stock; a removed one from none
        reservations list-inconsistencies               reservations of an order that do not
                                                        sum to zero (open, or inconsistent)
        reservations cleanup                            delete groups that sum to zero
        geonames import FILE                            load GeoNames postal codes (a file of
                                                        download.geonames.org/export/zip/, e.g.
                                                        DE.txt); replaces its countries' codes

      Settings are the STOCKROOM_* variables or their flags, e.g. --data-dir ./data.
      """;

  private final PrintStream out;
  private final InputStream in;

  Cli(PrintStream out, InputStream in) {
    this.out = out;
    this.in = in;
  }

  /** Runs one command; returns the process exit code. */
  int run(Map<String, String> environment, String[] arguments) {
    var words = new ArrayList<String>();
    var options = new HashMap<String, String>();
    var settings = new ArrayList<String>();
    for (int index = 0; index < arguments.length; index++) {
      String argument = arguments[index];
      switch (argument) {
        case "--all", "--password-stdin" -> options.put(argument, "");
        case "--role", "--resources" -> {
          if (index + 1 >= arguments.length) {
            return fail(argument + " needs a value");
          }
          options.put(argument, arguments[++index]);
        }
        default -> {
          if (argument.startsWith("--")) {
            settings.add(argument);
            if (!argument.contains("=") && index + 1 < arguments.length) {
              settings.add(arguments[++index]);
            }
          } else {
            words.add(argument);
          }
        }
      }
    }
    if (words.size() < 2) {
      out.print(USAGE);
      return words.isEmpty() || words.get(0).equals("help") ? 0 : 2;
    }
    Config config = Config.load(environment, settings.toArray(String[]::new));
    try (Database database = Core.openDatabase(config)) {
      return dispatch(database, config, words, options);
    } catch (IllegalArgumentException refused) {
      return fail(refused.getMessage());
    }
  }

  private int dispatch(
      Database database, Config config, List<String> words, Map<String, String> options) {
    var users = new AdminUserStore(database, config.clock());
    var roles = new RoleStore(database);
    var integrations = new IntegrationStore(database, config.clock());
    String command = words.get(0) + " " + words.get(1);
    List<String> names = words.subList(2, words.size());
    // A command that takes access away waits out the sign-ins running servers hold (RecentSignIns).
    switch (command) {
      case "users add" -> {
        String role = options.get("--role");
        if (role == null) {
          return fail("users add needs --role ROLE (see: stockroom roles list)");
        }
        String password = password(options);
        users.create(one(names), password, role);
        out.println("Created admin user \"" + one(names) + "\" with role \"" + role + "\".");
        printGenerated(options, password);
      }
      case "users list" -> {
        out.printf("%-24s %-24s %s%n", "USERNAME", "ROLE", "ACTIVE");
        users
            .list()
            .forEach(user ->
                out.printf(
                    "%-24s %-24s %s%n",
                    user.username(),
                    user.role() == null ? "-" : user.role(),
                    user.active() ? "yes" : "no"));
      }
      case "users set-password" -> {
        String password = password(options);
        users.setPassword(one(names), password);
        out.println("Password of \"" + one(names) + "\" changed.");
        printGenerated(options, password);
      }
      case "users set-role" -> {
        if (names.size() != 2) {
          return fail("users set-role needs NAME ROLE");
        }
        users.setRole(names.get(0), names.get(1));
        RecentSignIns.waitOut();
        out.println("User \"" + names.get(0) + "\" now has role \"" + names.get(1) + "\".");
      }
      case "users disable", "users enable" -> {
        boolean enable = words.get(1).equals("enable");
        users.setActive(one(names), enable);
        if (!enable) {
          RecentSignIns.waitOut();
        }
        out.println("User \"" + one(names) + "\" " + words.get(1) + "d.");
      }
      case "users revoke-tokens" -> {
        int revoked =
            new AdminTokenStore(database, config.clock(), config.adminTokenLifetime())
                .revokeAll(one(names));
        RecentSignIns.waitOut();
        out.println("Revoked " + revoked + " token(s) of \"" + one(names) + "\".");
      }
      case "roles add" -> {
        var role = roles.save(one(names), resources(options));
        RecentSignIns.waitOut();
        out.println("Role \"" + role.name() + "\" holds " + role.resources() + ".");
      }
      case "roles list" ->
          roles.list().forEach(role -> out.println(role.name() + "\t" + role.resources()));
      case "acl resources" ->
          Acl.TREE.forEach(resource ->
              out.println("  ".repeat(depth(resource)) + resource.id() + "  " + resource.title()));
      case "integrations add" -> {
        var credentials = integrations.create(one(names), resources(options));
        out.println(
            "Created integration \"" + one(names) + "\". Its credentials, shown only once:");
        out.println("  Consumer Key:        " + credentials.consumerKey());
        out.println("  Consumer Secret:     " + credentials.consumerSecret());
        out.println("  Access Token:        " + credentials.accessToken());
        out.println("  Access Token Secret: " + credentials.accessTokenSecret());
      }
      case "integrations list" -> {
        out.printf("%-24s %-8s %-34s %s%n", "NAME", "ACTIVE", "CONSUMER KEY", "RESOURCES");
        integrations
            .list()
            .forEach(integration ->
                out.printf(
                    "%-24s %-8s %-34s %s%n",
                    integration.name(),
                    integration.active() ? "yes" : "revoked",
                    integration.consumerKey(),
                    integration.resources()));
      }
      case "integrations revoke" -> {
        integrations.revoke(one(names));
        RecentSignIns.waitOut();
        out.println("Integration \"" + one(names) + "\" revoked.");
      }
      case "websites list" -> new WebsiteStore(database).list().forEach(out::println);
      case "websites add" -> {
        var websites = new WebsiteStore(database);
        boolean added = database.inTransaction(unit -> websites.add(unit, one(names)));
        out.println(
            "Website \""
                + one(names)
                + (added ? "\" added; it sells from the default stock." : "\" exists already."));
      }
      case "websites remove" -> {
        var websites = new WebsiteStore(database);
        boolean removed = database.inTransaction(unit -> websites.remove(unit, one(names)));
        out.println("Website \"" + one(names) + (removed ? "\" removed." : "\" is not known."));
      }
      case "reservations list-inconsistencies" -> {
        out.printf("%-8s %-20s %-8s %-24s %s%n", "OBJECT", "ID", "STOCK", "SKU", "QUANTITY");
        new ReservationStore(database)
            .openGroups()
            .forEach(group ->
                out.printf(
                    "%-8s %-20s %-8d %-24s %s%n",
                    group.objectType(),
                    group.objectId(),
                    group.stockId(),
                    group.sku(),
                    group.quantity()));
      }
      case "geonames import" -> {
        Path file = Path.of(one(names));
        List<GeonameStore.Geoname> rows;
        try (var lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          rows = GeonamesFile.read(lines);
        } catch (IOException | UncheckedIOException unreadable) {
          return fail("Cannot read " + file + ": " + unreadable.getMessage());
        } catch (GeonamesFile.FormatException notGeonames) {
          return fail(file + " is not a GeoNames postal-code file: " + notGeonames.getMessage());
        }
        var geonames = new GeonameStore(database);
        Set<String> countries =
            database.inTransaction(unit -> geonames.replaceCountries(unit, rows));
        out.println(
            "Imported "
                + rows.size()
                + " postal code(s) of "
                + String.join(", ", countries)
                + "; "
                + geonames.count()
                + " loaded in all.");
      }
      case "reservations cleanup" -> {
        int deleted = database.inTransaction(new ReservationStore(database)::cleanup);
        out.println("Deleted " + deleted + " reservation(s) whose groups sum to zero.");
      }
      default -> {
        out.print(USAGE);
        return 2;
      }
    }
    return 0;
  }

  private static String one(List<String> names) {
    if (names.size() != 1) {
      throw new IllegalArgumentException("Expected one NAME, got " + names.size() + ".");
    }
    return names.get(0);
  }

  private static Set<String> resources(Map<String, String> options) {
    if (options.containsKey("--all")) {
      return Set.of(Acl.ALL);
    }
    String list = options.get("--resources");
    if (list == null || list.isBlank()) {
      throw new IllegalArgumentException(
          "Give --all or --resources R1,R2,... (see: stockroom acl resources)");
    }
    var resources = new LinkedHashSet<String>();
    Arrays.stream(list.split(","))
        .map(String::strip)
        .filter(each -> !each.isEmpty())
        .forEach(resources::add);
    return resources;
  }

  private String password(Map<String, String> options) {
    if (!options.containsKey("--password-stdin")) {
      return AdminUserStore.generatePassword();
    }
    try {
      String line =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        throw new IllegalArgumentException("--password-stdin read no password.");
      }
      return line;
    } catch (IOException failure) {
      throw new IllegalArgumentException(
          "--password-stdin could not read: " + failure.getMessage());
    }
  }

  private void printGenerated(Map<String, String> options, String password) {
    if (!options.containsKey("--password-stdin")) {
      out.println("Generated password (shown only once): " + password);
    }
  }

  private static int depth(Acl.Resource resource) {
    int depth = 0;
    for (String parent = resource.parent();
        parent != null;
        parent = Acl.find(parent).map(Acl.Resource::parent).orElse(null)) {
      depth++;
    }
    return depth;
  }

  private int fail(String message) {
    out.println("stockroom: " + message);
    return 2;
  }
}
