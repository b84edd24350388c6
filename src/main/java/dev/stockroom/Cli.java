package dev.stockroom;

import dev.stockroom.acl.Acl;
import dev.stockroom.auth.AdminTokenStore;
import dev.stockroom.auth.AdminUserStore;
import dev.stockroom.auth.IntegrationStore;
import dev.stockroom.auth.RecentSignIns;
import dev.stockroom.auth.RoleStore;
import dev.stockroom.csv.SourceItemsCsv;
import dev.stockroom.csv.SourceItemsImport;
import dev.stockroom.db.ChangeContext;
import dev.stockroom.db.Database;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.error.ValidationException;
import dev.stockroom.events.EventOutbox;
import dev.stockroom.events.Subscriber;
import dev.stockroom.events.SubscriberStore;
import dev.stockroom.events.Webhooks;
import dev.stockroom.geo.GeonameStore;
import dev.stockroom.geo.GeonamesFile;
import dev.stockroom.json.Json;
import dev.stockroom.reservation.ReservationStore;
import dev.stockroom.search.SearchCriteria;
import dev.stockroom.search.SearchStream;
import dev.stockroom.source.SourceStore;
import dev.stockroom.sourceitem.SourceItem;
import dev.stockroom.sourceitem.SourceItemStore;
import dev.stockroom.stock.WebsiteStore;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The administration commands, {@code stockroom users|roles|integrations|acl|websites|reservations|
 * geonames|import|export …}, parsed by picocli. They work on the database the same settings name
 * (every command takes the server's settings flags, e.g. {@code --data-dir}), so they can run
 * beside a live server. A refusal prints {@code stockroom: <why>} and exits with 2.
 */
final class Cli {
  private final PrintStream out;
  private final InputStream in;

  Cli(PrintStream out, InputStream in) {
    this.out = out;
    this.in = in;
  }

  /** Runs one command; returns the process exit code. */
  int run(Map<String, String> environment, String[] arguments) {
    var command =
        new CommandLine(
            Root.class,
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> type) throws Exception {
                K instance = CommandLine.defaultFactory().create(type);
                if (instance instanceof Base base) {
                  base.cli = Cli.this;
                  base.environment = environment;
                }
                return instance;
              }
            });
    addSettings(command);
    var writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
    command.setOut(writer).setErr(writer);
    command.setParameterExceptionHandler((refused, ignored) -> {
      CommandLine where = refused.getCommandLine();
      if (refused instanceof CommandLine.UnmatchedArgumentException unmatched
          && !unmatched.getUnmatched().isEmpty()
          && !where.getSubcommands().isEmpty()
          && !unmatched.getUnmatched().get(0).startsWith("-")) {
        out.println(
            "stockroom: Unknown command \""
                + unmatched.getUnmatched().get(0)
                + "\". The commands"
                + (where.getParent() == null ? "" : " of " + where.getCommandName())
                + " are: "
                + String.join(", ", where.getSubcommands().keySet())
                + ".");
        return 2;
      }
      out.println("stockroom: " + refused.getMessage());
      where.usage(out);
      return 2;
    });
    command.setExecutionExceptionHandler((failure, line, parsed) -> {
      if (failure instanceof IllegalArgumentException
          || failure instanceof Config.ConfigException) {
        out.println("stockroom: " + failure.getMessage());
        return 2;
      }
      if (failure instanceof ValidationException refused) {
        refused.errors().forEach(error -> out.println("stockroom: " + error.rendered()));
        return 2;
      }
      if (failure instanceof LocalizedException refused) {
        out.println("stockroom: " + refused.getMessage());
        return 2;
      }
      throw failure;
    });
    return command.execute(arguments);
  }

  private static final Set<String> HELP = Set.of("-h", "--help", "help");

  /**
   * The arguments as a command for {@link #run}, or empty when they start the server. Settings
   * flags may come before the command as well as after it: those before it are moved after it,
   * where every command takes them.
   */
  static Optional<String[]> command(String[] arguments) {
    var settings = new ArrayList<String>();
    int index = 0;
    for (; index < arguments.length; index++) {
      String argument = arguments[index];
      int equals = argument.indexOf('=');
      String flag = equals < 0 ? argument : argument.substring(0, equals);
      var setting = Config.SETTINGS.stream().filter(each -> each.flag().equals(flag)).findFirst();
      if (setting.isEmpty()) {
        break;
      }
      String next = index + 1 < arguments.length ? arguments[index + 1] : null;
      if (equals >= 0) {
        settings.add(argument);
      } else if (!setting.get().takes(next)) {
        settings.add(flag + "=true");
      } else if (next != null) {
        settings.add(flag + "=" + arguments[++index]);
      }
    }
    if (index == arguments.length) {
      return Optional.empty();
    }
    String first = arguments[index];
    if (HELP.contains(first)) {
      return Optional.of(Arrays.copyOfRange(arguments, index, arguments.length));
    }
    if (first.startsWith("-")) {
      // An unknown option: the server's settings check names it with the known ones.
      return Optional.empty();
    }
    var command = new ArrayList<>(Arrays.asList(arguments).subList(index, arguments.length));
    command.addAll(settings);
    return Optional.of(command.toArray(String[]::new));
  }

  /** Every command that does something takes every setting's flag, as the server does. */
  private static void addSettings(CommandLine command) {
    if (!command.getSubcommands().isEmpty()) {
      command.getSubcommands().values().forEach(Cli::addSettings);
      return;
    }
    if (command.getCommand() instanceof Base) {
      for (Config.Setting setting : Config.SETTINGS) {
        var option =
            OptionSpec.builder(setting.flag())
                .paramLabel("VALUE")
                .type(String.class)
                .description(setting.meaning() + " (" + setting.variable() + ")");
        if (setting.isSwitch()) {
          // Like the server's: the flag alone turns it on; only true or false is taken as value.
          option.type(Boolean.class).arity("0..1").fallbackValue("true").paramLabel("true|false");
        }
        command.getCommandSpec().addOption(option.build());
      }
    }
  }

  @Command(
      name = "stockroom",
      description = "Start the server (stockroom [settings]) or administer it.",
      subcommands = {
        Users.class,
        Roles.class,
        AclCommand.class,
        Integrations.class,
        Websites.class,
        Reservations.class,
        Geonames.class,
        ImportCommand.class,
        ExportCommand.class,
        WebhooksCommand.class,
        CommandLine.HelpCommand.class
      },
      footer = "%nSettings are the STOCKROOM_* variables or their flags, e.g. --data-dir ./data.")
  static final class Root implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getOut());
      return 0;
    }
  }

  /** A command of commands: without one of them it shows its usage and exits with 2. */
  abstract static class Group implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getOut());
      return 2;
    }
  }

  /** A command that works on the configured database. */
  abstract static class Base implements Callable<Integer> {
    Cli cli;
    Map<String, String> environment;
    @Spec CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help.")
    boolean help;

    /** The configuration the settings flags and variables give. */
    Config config() {
      var flags = new ArrayList<String>();
      for (OptionSpec option : spec.options()) {
        if (option.getValue() != null && isSetting(option.longestName())) {
          flags.add(option.longestName() + "=" + option.getValue());
        }
      }
      return Config.load(environment, flags.toArray(String[]::new));
    }

    private static boolean isSetting(String flag) {
      return Config.SETTINGS.stream().anyMatch(setting -> setting.flag().equals(flag));
    }

    /**
     * Runs {@code work} on the database; its number is the exit code. A command that fails on an
     * embedded database it created leaves none behind: a mistyped data directory, or a command
     * refused, does not leave an empty database to be found later.
     */
    int withDatabase(BiFunction<Database, Config, Integer> work) {
      Config config = config();
      Path directory = config.dataDir();
      Path file = directory.resolve("stockroom.db");
      boolean newDirectory = config.databaseUrl() == null && !Files.exists(directory);
      boolean newFile = config.databaseUrl() == null && !Files.exists(file);
      int exit = 2;
      try (Database database = Core.openDatabase(config)) {
        exit = work.apply(database, config);
        return exit;
      } finally {
        if (newFile && exit != 0) {
          deleteNewDatabase(directory, file, newDirectory);
        }
      }
    }

    private static void deleteNewDatabase(Path directory, Path file, boolean newDirectory) {
      try {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
          Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
        if (newDirectory) {
          Files.deleteIfExists(directory);
        }
      } catch (IOException notDeleted) {
        // What is left is an empty database, harmless; the command's own failure is the news.
      }
    }

    PrintStream out() {
      return cli.out;
    }

    int fail(String message) {
      cli.out.println("stockroom: " + message);
      return 2;
    }

    String password(boolean fromStdin) {
      if (!fromStdin) {
        return AdminUserStore.generatePassword();
      }
      try {
        String line =
            new BufferedReader(new InputStreamReader(cli.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
          throw new IllegalArgumentException("--password-stdin read no password.");
        }
        return line;
      } catch (IOException failure) {
        throw new IllegalArgumentException(
            "--password-stdin could not read: " + failure.getMessage());
      }
    }

    void printGenerated(boolean fromStdin, String password) {
      if (!fromStdin) {
        out().println("Generated password (shown only once): " + password);
      }
    }
  }

  /** {@code --all} or {@code --resources R1,R2,...}. */
  static final class Grant {
    @Option(names = "--all", description = "every resource")
    boolean all;

    @Option(names = "--resources", paramLabel = "R1,R2,...", description = "ACL resources")
    String resources;

    Set<String> resources() {
      if (all) {
        return Set.of(Acl.ALL);
      }
      if (resources == null || resources.isBlank()) {
        throw new IllegalArgumentException(
            "Give --all or --resources R1,R2,... (see: stockroom acl resources)");
      }
      var set = new LinkedHashSet<String>();
      Arrays.stream(resources.split(","))
          .map(String::strip)
          .filter(each -> !each.isEmpty())
          .forEach(set::add);
      return set;
    }
  }

  // ---------------------------------------------------------------- users

  @Command(
      name = "users",
      description = "Admin users.",
      subcommands = {
        UsersAdd.class,
        UsersList.class,
        UsersSetPassword.class,
        UsersSetRole.class,
        UsersDisable.class,
        UsersEnable.class,
        UsersRevokeTokens.class
      })
  static final class Users extends Group {}

  @Command(
      name = "add",
      description = "Create an admin (password generated and printed unless read from stdin).")
  static final class UsersAdd extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--role", required = true, description = "its role (see: stockroom roles list)")
    String role;

    @Option(names = "--password-stdin", description = "read the password from standard input")
    boolean passwordStdin;

    @Override
    public Integer call() {
      String password = password(passwordStdin);
      return withDatabase((database, config) -> {
        new AdminUserStore(database, config.clock()).create(name, password, role);
        out().println("Created admin user \"" + name + "\" with role \"" + role + "\".");
        printGenerated(passwordStdin, password);
        return 0;
      });
    }
  }

  @Command(name = "list", description = "The admin users.")
  static final class UsersList extends Base {
    @Override
    public Integer call() {
      return withDatabase((database, config) -> {
        out().printf("%-24s %-24s %s%n", "USERNAME", "ROLE", "ACTIVE");
        new AdminUserStore(database, config.clock())
            .list()
            .forEach(user ->
                out()
                    .printf(
                        "%-24s %-24s %s%n",
                        user.username(),
                        user.role() == null ? "-" : user.role(),
                        user.active() ? "yes" : "no"));
        return 0;
      });
    }
  }

  @Command(name = "set-password", description = "Set a user's password.")
  static final class UsersSetPassword extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--password-stdin", description = "read the password from standard input")
    boolean passwordStdin;

    @Override
    public Integer call() {
      String password = password(passwordStdin);
      return withDatabase((database, config) -> {
        new AdminUserStore(database, config.clock()).setPassword(name, password);
        out().println("Password of \"" + name + "\" changed.");
        printGenerated(passwordStdin, password);
        return 0;
      });
    }
  }

  @Command(name = "set-role", description = "Give a user another role.")
  static final class UsersSetRole extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "ROLE")
    String role;

    @Override
    public Integer call() {
      return withDatabase((database, config) -> {
        new AdminUserStore(database, config.clock()).setRole(name, role);
        RecentSignIns.waitOut();
        out().println("User \"" + name + "\" now has role \"" + role + "\".");
        return 0;
      });
    }
  }

  @Command(name = "disable", description = "Disable a user (its tokens stop working).")
  static final class UsersDisable extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return withDatabase((database, config) -> {
        new AdminUserStore(database, config.clock()).setActive(name, false);
        // As Magento: disabling a user ends its tokens, so enabling it again revives none.
        int revoked =
            new AdminTokenStore(database, config.clock(), config.adminTokenLifetime())
                .revokeAll(name);
        RecentSignIns.waitOut();
        out().println("User \"" + name + "\" disabled; " + revoked + " token(s) revoked.");
        return 0;
      });
    }
  }

  @Command(name = "enable", description = "Enable a user again.")
  static final class UsersEnable extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return withDatabase((database, config) -> {
        new AdminUserStore(database, config.clock()).setActive(name, true);
        out().println("User \"" + name + "\" enabled.");
        return 0;
      });
    }
  }

  @Command(name = "revoke-tokens", description = "End every token of the user.")
  static final class UsersRevokeTokens extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return withDatabase((database, config) -> {
        int revoked =
            new AdminTokenStore(database, config.clock(), config.adminTokenLifetime())
                .revokeAll(name);
        RecentSignIns.waitOut();
        out().println("Revoked " + revoked + " token(s) of \"" + name + "\".");
        return 0;
      });
    }
  }

  // ---------------------------------------------------------------- roles, acl, integrations

  @Command(
      name = "roles",
      description = "Roles: sets of ACL resources.",
      subcommands = {RolesAdd.class, RolesList.class})
  static final class Roles extends Group {}

  @Command(name = "add", description = "Create a role or replace its resources.")
  static final class RolesAdd extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @CommandLine.ArgGroup(exclusive = false, multiplicity = "1")
    Grant grant = new Grant();

    @Override
    public Integer call() {
      return withDatabase((database, config) -> {
        var role = new RoleStore(database).save(name, grant.resources());
        RecentSignIns.waitOut();
        out().println("Role \"" + role.name() + "\" holds " + role.resources() + ".");
        return 0;
      });
    }
  }

  @Command(name = "list", description = "The roles and their resources.")
  static final class RolesList extends Base {
    @Override
    public Integer call() {
      return withDatabase((database, config) -> {
        new RoleStore(database)
            .list()
            .forEach(role -> out().println(role.name() + "\t" + role.resources()));
        return 0;
      });
    }
  }

  @Command(
      name = "acl",
      description = "The ACL.",
      subcommands = {AclResources.class})
  static final class AclCommand extends Group {}

  @Command(name = "resources", description = "The ACL resources roles can hold, as a tree.")
  static final class AclResources extends Base {
    @Override
    public Integer call() {
      Acl.TREE.forEach(resource ->
          out().println("  ".repeat(depth(resource)) + resource.id() + "  " + resource.title()));
      return 0;
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
  }

  @Command(
      name = "integrations",
      description = "Integrations: OAuth 1.0a clients.",
      subcommands = {IntegrationsAdd.class, IntegrationsList.class, IntegrationsRevoke.class})
  static final class Integrations extends Group {}

  @Command(
      name = "add",
      description = "Create an integration and print its OAuth credentials (shown only once).")
  static final class IntegrationsAdd extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @CommandLine.ArgGroup(exclusive = false, multiplicity = "1")
    Grant grant = new Grant();

    @Override
    public Integer call() {
      return withDatabase((database, config) -> {
        var credentials =
            new IntegrationStore(database, config.clock()).create(name, grant.resources());
        out().println("Created integration \"" + name + "\". Its credentials, shown only once:");
        out().println("  Consumer Key:        " + credentials.consumerKey());
        out().println("  Consumer Secret:     " + credentials.consumerSecret());
        out().println("  Access Token:        " + credentials.accessToken());
        out().println("  Access Token Secret: " + credentials.accessTokenSecret());
        return 0;
      });
    }
  }

  @Command(name = "list", description = "The integrations.")
  static final class IntegrationsList extends Base {
    @Override
    public Integer call() {
      return withDatabase((database, config) -> {
        out().printf("%-24s %-8s %-34s %s%n", "NAME", "ACTIVE", "CONSUMER KEY", "RESOURCES");
        new IntegrationStore(database, config.clock())
            .list()
            .forEach(integration ->
                out()
                    .printf(
                        "%-24s %-8s %-34s %s%n",
                        integration.name(),
                        integration.active() ? "yes" : "revoked",
                        integration.consumerKey(),
                        integration.resources()));
        return 0;
      });
    }
  }

  @Command(name = "revoke", description = "Revoke an integration's credentials.")
  static final class IntegrationsRevoke extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return withDatabase((database, config) -> {
        new IntegrationStore(database, config.clock()).revoke(name);
        RecentSignIns.waitOut();
        out().println("Integration \"" + name + "\" revoked.");
        return 0;
      });
    }
  }

  // ---------------------------------------------------------------- websites, reservations

  @Command(
      name = "websites",
      description = "Website codes sales channels may name.",
      subcommands = {WebsitesList.class, WebsitesAdd.class, WebsitesRemove.class})
  static final class Websites extends Group {}

  @Command(name = "list", description = "The website codes.")
  static final class WebsitesList extends Base {
    @Override
    public Integer call() {
      return withDatabase((database, config) -> {
        new WebsiteStore(database).list().forEach(out()::println);
        return 0;
      });
    }
  }

  @Command(name = "add", description = "Add a website; it sells from the default stock.")
  static final class WebsitesAdd extends Base {
    @Parameters(paramLabel = "CODE")
    String code;

    @Override
    public Integer call() {
      return withDatabase((database, config) -> {
        var websites = new WebsiteStore(database);
        boolean added = database.inTransaction(unit -> websites.add(unit, code));
        out()
            .println(
                "Website \""
                    + code
                    + (added
                        ? "\" added; it sells from the default stock."
                        : "\" exists already."));
        return 0;
      });
    }
  }

  @Command(
      name = "remove",
      description =
          "Remove a website. Refused while a stock sells through it (the stock is named);"
              + " --force removes it from that stock too.")
  static final class WebsitesRemove extends Base {
    @Parameters(paramLabel = "CODE")
    String code;

    @Option(names = "--force", description = "Remove it although a stock sells through it")
    boolean force;

    @Override
    public Integer call() {
      return withDatabase((database, config) -> {
        var websites = new WebsiteStore(database);
        boolean removed = database.inTransaction(unit -> websites.remove(unit, code, force));
        out().println("Website \"" + code + (removed ? "\" removed." : "\" is not known."));
        return 0;
      });
    }
  }

  @Command(
      name = "webhooks",
      description = "Webhook subscriptions to change events.",
      subcommands = {
        WebhooksAdd.class,
        WebhooksList.class,
        WebhooksRemove.class,
        WebhooksDeadLetters.class,
        WebhooksReplay.class
      })
  static final class WebhooksCommand extends Group {}

  /** A command on the webhooks of the configured database. */
  abstract static class WebhooksBase extends Base {
    int withWebhooks(BiFunction<Webhooks, Config, Integer> work) {
      return withDatabase((database, config) ->
          work.apply(
              new Webhooks(
                  new SubscriberStore(database, config.clock()),
                  new EventOutbox(database, Json.newMapper())),
              config));
    }
  }

  @Command(
      name = "add",
      description = "Subscribe a URL to events from now on; prints its id and signing secret.")
  static final class WebhooksAdd extends WebhooksBase {
    @Parameters(paramLabel = "URL")
    String url;

    @Option(
        names = "--events",
        paramLabel = "TYPE,...",
        split = ",",
        description = "source_item.changed, stock.low, reservation.appended, bulk.finished (all)")
    List<String> events;

    @Option(names = "--secret", description = "The signing secret (16 to 255 characters; made)")
    String secret;

    @Option(names = "--description", description = "What it is for")
    String description;

    @Override
    public Integer call() {
      return withWebhooks((webhooks, config) -> {
        Subscriber created = webhooks.create(url, events, secret, description);
        out().println("Webhook " + created.id() + " added: " + created.url());
        out().println("Events: " + String.join(", ", created.eventTypes()));
        out().println("Signing secret (shown only once): " + created.secret());
        return 0;
      });
    }
  }

  @Command(name = "list", description = "The webhooks and how their deliveries go.")
  static final class WebhooksList extends WebhooksBase {
    @Override
    public Integer call() {
      return withWebhooks((webhooks, config) -> {
        out().printf("%-4s %-10s %-8s %-40s %s%n", "ID", "DELIVERED", "FAILING", "URL", "EVENTS");
        for (Subscriber webhook : webhooks.list()) {
          out()
              .printf(
                  "%-4d %-10d %-8s %-40s %s%n",
                  webhook.id(),
                  webhook.delivered(),
                  webhook.attempts() == 0 ? "-" : webhook.attempts() + "x",
                  webhook.url(),
                  String.join(",", webhook.eventTypes()));
        }
        return 0;
      });
    }
  }

  @Command(name = "remove", description = "End a subscription; its dead letters go with it.")
  static final class WebhooksRemove extends WebhooksBase {
    @Parameters(paramLabel = "ID")
    long id;

    @Override
    public Integer call() {
      return withWebhooks((webhooks, config) -> {
        webhooks.delete(id);
        out().println("Webhook " + id + " removed.");
        return 0;
      });
    }
  }

  @Command(name = "dead-letters", description = "The deliveries parked after every attempt.")
  static final class WebhooksDeadLetters extends WebhooksBase {
    @Parameters(paramLabel = "ID")
    long id;

    @Override
    public Integer call() {
      return withWebhooks((webhooks, config) -> {
        out().printf("%-6s %-7s %-9s %-25s %s%n", "ID", "EVENTS", "ATTEMPTS", "PARKED", "ERROR");
        for (var letter : webhooks.deadLetters(id)) {
          out()
              .printf(
                  "%-6d %-7d %-9d %-25s %s%n",
                  letter.id(),
                  letter.eventCount(),
                  letter.attempts(),
                  letter.parkedAt(),
                  letter.error());
        }
        return 0;
      });
    }
  }

  @Command(name = "replay", description = "Send a webhook's dead letters (or one) again.")
  static final class WebhooksReplay extends WebhooksBase {
    @Parameters(paramLabel = "ID")
    long id;

    @Option(names = "--dead-letter", paramLabel = "N", description = "Only this dead letter")
    Long deadLetter;

    @Override
    public Integer call() {
      return withWebhooks((webhooks, config) -> {
        int marked = webhooks.replay(id, deadLetter);
        out().println(marked + " dead letter(s) of webhook " + id + " will be sent again.");
        return 0;
      });
    }
  }

  @Command(
      name = "reservations",
      description = "The reservation ledger.",
      subcommands = {ReservationsInconsistencies.class, ReservationsCleanup.class})
  static final class Reservations extends Group {}

  @Command(
      name = "list-inconsistencies",
      description = "Reservations of an order that do not sum to zero (open, or inconsistent).")
  static final class ReservationsInconsistencies extends Base {
    @Override
    public Integer call() {
      return withDatabase((database, config) -> {
        out().printf("%-8s %-20s %-8s %-24s %s%n", "OBJECT", "ID", "STOCK", "SKU", "QUANTITY");
        new ReservationStore(database)
            .openGroups()
            .forEach(group ->
                out()
                    .printf(
                        "%-8s %-20s %-8d %-24s %s%n",
                        group.objectType(),
                        group.objectId(),
                        group.stockId(),
                        group.sku(),
                        group.quantity()));
        return 0;
      });
    }
  }

  @Command(name = "cleanup", description = "Delete the groups of reservations that sum to zero.")
  static final class ReservationsCleanup extends Base {
    @Override
    public Integer call() {
      return withDatabase((database, config) -> {
        int deleted = database.inTransaction(new ReservationStore(database)::cleanup);
        out().println("Deleted " + deleted + " reservation(s) whose groups sum to zero.");
        return 0;
      });
    }
  }

  // ---------------------------------------------------------------- geonames

  @Command(
      name = "geonames",
      description = "GeoNames postal codes for distances.",
      subcommands = {GeonamesImport.class})
  static final class Geonames extends Group {}

  @Command(
      name = "import",
      description =
          "Load GeoNames postal codes (a file of download.geonames.org/export/zip/, e.g. DE.txt);"
              + " replaces its countries' codes.")
  static final class GeonamesImport extends Base {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
      List<GeonameStore.Geoname> rows;
      try (var lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        rows = GeonamesFile.read(lines);
      } catch (IOException | UncheckedIOException unreadable) {
        return fail("Cannot read " + file + ": " + unreadable.getMessage());
      } catch (GeonamesFile.FormatException notGeonames) {
        return fail(file + " is not a GeoNames postal-code file: " + notGeonames.getMessage());
      }
      return withDatabase((database, config) -> {
        var geonames = new GeonameStore(database);
        Set<String> countries =
            database.inTransaction(unit -> geonames.replaceCountries(unit, rows));
        out()
            .println(
                "Imported "
                    + rows.size()
                    + " postal code(s) of "
                    + String.join(", ", countries)
                    + "; "
                    + geonames.count()
                    + " loaded in all.");
        return 0;
      });
    }
  }

  // ---------------------------------------------------------------- CSV

  @Command(
      name = "import",
      description = "Import from CSV.",
      subcommands = {ImportSourceItems.class})
  static final class ImportCommand extends Group {}

  @Command(
      name = "source-items",
      description =
          "Import source items from a CSV file in Magento's stock_sources format (source_code,"
              + " sku, status, quantity). Every row is checked first; nothing is written if any"
              + " is bad, unless --allow-errors says how many bad rows to skip.")
  static final class ImportSourceItems extends Base {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(
        names = "--behavior",
        defaultValue = "append",
        description = "append (add or update), replace, or delete the rows' source items")
    String behavior;

    @Option(
        names = "--allow-errors",
        defaultValue = "0",
        paramLabel = "N",
        description = "bad rows to skip; more refuse the whole file")
    long allowErrors;

    @Override
    public Integer call() {
      SourceItemsCsv.Behavior how = SourceItemsCsv.Behavior.of(behavior);
      if (!Files.isReadable(file)) {
        return fail("Cannot read " + file + ".");
      }
      return withDatabase((database, config) -> {
        var importer =
            new SourceItemsImport(
                database, new SourceStore(database), new SourceItemStore(database));
        SourceItemsImport.Result result;
        long started = System.nanoTime();
        var context =
            new ChangeContext(
                "cli",
                null,
                System.getProperty("user.name"),
                "stockroom import source-items",
                null,
                null,
                config.clock().millis());
        try (var importing = progress("Importing")) {
          result =
              Database.withChangeContext(
                  context,
                  () ->
                      importer.run(
                          () -> Files.newInputStream(file), how, allowErrors, importing::rows));
        } catch (IOException failure) {
          return fail("Cannot read " + file + ": " + failure.getMessage());
        } catch (RuntimeException failure) {
          throw failure;
        } catch (Exception impossible) {
          throw new IllegalStateException(impossible);
        }
        SourceItemsCsv.Report report = result.report();
        report.problems().forEach(problem -> out().println(problem));
        if (!result.imported()) {
          out()
              .println(
                  report.unusable()
                      ? "The file cannot be imported; nothing was imported."
                      : report.badRows()
                          + " bad row(s) of "
                          + report.rows()
                          + ", more than the "
                          + allowErrors
                          + " allowed (--allow-errors); nothing was imported.");
          return 1;
        }
        out()
            .println(
                "Imported "
                    + result.written()
                    + " of "
                    + report.rows()
                    + " row(s) ("
                    + how.code()
                    + ")"
                    + (report.badRows() > 0
                        ? "; " + report.badRows() + " bad row(s) skipped."
                        : "."));
        double seconds = (System.nanoTime() - started) / 1e9;
        out()
            .printf(
                "Checked and written in %.2f s (%,.0f rows/s).%n",
                seconds, report.rows() / Math.max(seconds, 1e-9));
        return 0;
      });
    }

    /**
     * A progress bar on a terminal (rows, rows/s, time left); plain lines otherwise, so that a log
     * stays readable.
     */
    private Progress progress(String task) {
      if (System.console() == null) {
        return new Progress(null, out(), task);
      }
      ProgressBar bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setUnit(" rows", 1)
              .setStyle(ProgressBarStyle.ASCII)
              .showSpeed()
              .setInitialMax(-1)
              .build();
      return new Progress(bar, out(), task);
    }
  }

  /** Progress of one pass over the file: a bar, or a line every 100,000 rows. */
  static final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final PrintStream out;
    private final String task;
    private final long started = System.nanoTime();
    private long lastLine;

    Progress(ProgressBar bar, PrintStream out, String task) {
      this.bar = bar;
      this.out = out;
      this.task = task;
    }

    void rows(long read) {
      if (bar != null) {
        bar.stepTo(read);
        return;
      }
      if (read - lastLine >= 100_000) {
        lastLine = read;
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("%s: %,d rows (%,.0f rows/s)%n", task, read, read / Math.max(seconds, 1e-9));
      }
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }

  @Command(
      name = "export",
      description = "Export as CSV.",
      subcommands = {ExportSourceItems.class})
  static final class ExportCommand extends Group {}

  @Command(
      name = "source-items",
      description = "Export source items as CSV in the import's format (to standard output).")
  static final class ExportSourceItems extends Base {
    @Option(names = "--source", paramLabel = "CODE", description = "only this source's items")
    String source;

    @Option(names = "--output", paramLabel = "FILE", description = "write here, not to stdout")
    Path output;

    @Override
    public Integer call() {
      return withDatabase((database, config) -> {
        SearchCriteria criteria =
            source == null ? SearchCriteria.EMPTY : SearchCriteria.filter("source_code", source);
        try (OutputStream target =
                output == null
                    ? new BufferedOutputStream(new NonClosing(out()), 1 << 16)
                    : new BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
            var writer = new SourceItemsCsv.Writer(target)) {
          var items = (SearchStream<SourceItem>) new SourceItemStore(database).search(criteria);
          long written = items.forEach(writer::write);
          if (output != null) {
            out().println("Exported " + written + " source item(s) to " + output + ".");
          }
        } catch (IOException failure) {
          return fail("Cannot write: " + failure.getMessage());
        }
        return 0;
      });
    }
  }

  /** Standard output, which an export writes to but must not close. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
