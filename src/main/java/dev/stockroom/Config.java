package dev.stockroom;

import dev.stockroom.http.HttpLimits;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.stock.WebsiteStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Stockroom's settings. Each is an environment variable with an equivalent command-line flag (the
 * flag wins); all are checked once at start-up, and a bad one stops the start with a message that
 * names it.
 */
public record Config(
    String host,
    int port,
    Path dataDir,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    int databasePoolSize,
    HttpLimits http,
    String adminUser,
    String adminPassword,
    Duration adminTokenLifetime,
    int lockoutFailures,
    Duration lockoutTime,
    Duration oauthTimestampWindow,
    boolean integrationAsBearer,
    List<String> websites,
    Quantity outOfStockThreshold,
    Duration reservationCleanupInterval,
    Quantity notifyStockQty,
    String defaultCountry,
    AsyncSettings async,
    ChangeSettings changes,
    Operations operations,
    boolean debug,
    Clock clock) {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|[smhd])");

  /**
   * The asynchronous operations: workers per instance, how long a worker holds an operation, how
   * long a finished bulk is kept.
   */
  public record AsyncSettings(int workers, Duration lease, Duration retention) {}

  /**
   * The change ledger, idempotency keys and change events: how long ledger rows are kept (null:
   * always), how long an idempotent answer is kept, the first retry delay of a webhook delivery
   * (doubling up to an hour), the attempts before an event is parked as a dead letter, a delivery's
   * timeout, and the Kafka brokers and topic (null: no Kafka).
   */
  public record ChangeSettings(
      Duration ledgerRetention,
      Duration idempotencyTtl,
      Duration webhookRetry,
      int webhookAttempts,
      Duration webhookTimeout,
      String kafkaBootstrapServers,
      String kafkaTopic) {}

  /**
   * Running the service: logs as JSON lines (else text), the bearer token {@code /metrics} requires
   * (null: none), how long a stop waits for requests and operations in flight, and every setting's
   * value for the start line, secrets masked.
   */
  public record Operations(
      boolean jsonLogs, String metricsToken, Duration shutdownTimeout, String settings) {
    @Override
    public String toString() {
      return settings;
    }
  }

  /** One setting, as documented in the README's configuration table. */
  public record Setting(String variable, String flag, String defaultValue, String meaning) {
    /** An on-or-off setting, whose flag alone (--debug) turns it on. */
    public boolean isSwitch() {
      return defaultValue.equals("false");
    }

    /** Whether {@code next}, the argument after this setting's bare flag, is its value. */
    boolean takes(String next) {
      return !isSwitch() || next != null && SWITCH_VALUES.contains(next.toLowerCase(Locale.ROOT));
    }
  }

  private static final Set<String> SWITCH_VALUES =
      Set.of("true", "1", "yes", "on", "false", "0", "no", "off");

  public static final List<Setting> SETTINGS =
      List.of(
          new Setting("STOCKROOM_HOST", "--host", "0.0.0.0", "Address to listen on."),
          new Setting("STOCKROOM_PORT", "--port", "8080", "HTTP port; 0 picks any free port."),
          new Setting(
              "STOCKROOM_DATA_DIR",
              "--data-dir",
              "./data",
              "Directory of the embedded database (stockroom.db)."),
          new Setting(
              "STOCKROOM_DB_URL",
              "--db-url",
              "",
              "jdbc:postgresql://host:port/database to use PostgreSQL; unset for the embedded"
                  + " SQLite database in the data directory."),
          new Setting("STOCKROOM_DB_USER", "--db-user", "", "PostgreSQL user."),
          new Setting("STOCKROOM_DB_PASSWORD", "--db-password", "", "PostgreSQL password."),
          new Setting(
              "STOCKROOM_DB_POOL_SIZE",
              "--db-pool-size",
              "8",
              "Database connections per instance."),
          new Setting(
              "STOCKROOM_MAX_REQUEST_BYTES",
              "--max-request-bytes",
              "134217728",
              "Largest body of a bulk route (source items, links, reservations; 128 MiB: over a"
                  + " million source items); larger ones answer 413."),
          new Setting(
              "STOCKROOM_MAX_SMALL_REQUEST_BYTES",
              "--max-small-request-bytes",
              "1048576",
              "Largest body of every other route (the token, one source, one stock; 1 MiB);"
                  + " larger ones answer 413."),
          new Setting(
              "STOCKROOM_REQUEST_MEMORY",
              "--request-memory",
              "auto",
              "Bytes of request bodies all requests in flight may hold together; auto is a"
                  + " twentieth of the JVM's maximum heap. Beyond it a body answers 503."),
          new Setting(
              "STOCKROOM_ACCEPT_BACKLOG",
              "--accept-backlog",
              "2048",
              "Connections the kernel queues for accepting (capped by net.core.somaxconn)."),
          new Setting(
              "STOCKROOM_HEADER_TIMEOUT",
              "--header-timeout",
              "10s",
              "How long a client may take to send a request's headers, once it began."),
          new Setting(
              "STOCKROOM_IDLE_TIMEOUT",
              "--idle-timeout",
              "30s",
              "How long a connection, or a request body, may stay silent before it is closed."),
          new Setting(
              "STOCKROOM_ADMIN_USER", "--admin-user", "admin", "Username of the first admin."),
          new Setting(
              "STOCKROOM_ADMIN_PASSWORD",
              "--admin-password",
              "",
              "Password of the first admin; generated and printed once if unset."),
          new Setting(
              "STOCKROOM_ADMIN_TOKEN_LIFETIME",
              "--admin-token-lifetime",
              "4h",
              "Lifetime of admin tokens, e.g. 30m, 4h, 1d."),
          new Setting(
              "STOCKROOM_LOCKOUT_FAILURES",
              "--lockout-failures",
              "6",
              "Consecutive failed sign-ins that lock a username."),
          new Setting(
              "STOCKROOM_LOCKOUT_TIME",
              "--lockout-time",
              "30m",
              "How long a locked username stays locked after its last failure."),
          new Setting(
              "STOCKROOM_OAUTH_TIMESTAMP_WINDOW",
              "--oauth-timestamp-window",
              "10m",
              "How far an OAuth 1.0a timestamp may be from now; nonces are remembered twice as"
                  + " long."),
          new Setting(
              "STOCKROOM_INTEGRATION_AS_BEARER",
              "--integration-as-bearer",
              "false",
              "Accept an integration's access token as a bearer token (Magento's"
                  + " oauth/consumer/enable_integration_as_bearer)."),
          new Setting(
              "STOCKROOM_WEBSITES",
              "--websites",
              "base",
              "Website codes sales channels may name, comma-separated; each is added at start if"
                  + " missing, selling from the default stock (also: stockroom websites add)."),
          new Setting(
              "STOCKROOM_OUT_OF_STOCK_THRESHOLD",
              "--out-of-stock-threshold",
              "0",
              "Quantity kept back from sale for every SKU without a threshold of its own"
                  + " (Magento's Out-of-Stock Threshold, min_qty)."),
          new Setting(
              "STOCKROOM_RESERVATION_CLEANUP",
              "--reservation-cleanup",
              "1d",
              "How often to delete reservations of an order that sum to zero per SKU, or off."),
          new Setting(
              "STOCKROOM_NOTIFY_STOCK_QTY",
              "--notify-stock-qty",
              "1",
              "Notify quantity of every source item without one of its own: below it the item is"
                  + " low on stock (Magento's Notify for Quantity Below)."),
          new Setting(
              "STOCKROOM_DEFAULT_COUNTRY",
              "--default-country",
              "US",
              "Country of a pickup-location search term that names none (Magento's"
                  + " general/country/default)."),
          new Setting(
              "STOCKROOM_ASYNC_WORKERS",
              "--async-workers",
              "2",
              "Workers per instance that run accepted asynchronous operations; 0 runs none."),
          new Setting(
              "STOCKROOM_ASYNC_LEASE",
              "--async-lease",
              "60s",
              "How long a worker holds an operation it runs; an instance that dies holds it that"
                  + " long before another runs it (SQLite frees them at start)."),
          new Setting(
              "STOCKROOM_BULK_RETENTION",
              "--bulk-retention",
              "30d",
              "How long a finished bulk and its operations are kept for their status."),
          new Setting(
              "STOCKROOM_CHANGE_RETENTION",
              "--change-retention",
              "forever",
              "How long change-ledger rows and other change events are kept: forever, or a"
                  + " duration such as 365d."),
          new Setting(
              "STOCKROOM_IDEMPOTENCY_TTL",
              "--idempotency-ttl",
              "24h",
              "How long the answer to a request with an Idempotency-Key is kept for replays."),
          new Setting(
              "STOCKROOM_WEBHOOK_RETRY",
              "--webhook-retry",
              "5s",
              "First retry delay of a failed webhook delivery; it doubles, up to an hour."),
          new Setting(
              "STOCKROOM_WEBHOOK_ATTEMPTS",
              "--webhook-attempts",
              "12",
              "Delivery attempts before events are parked as a dead letter."),
          new Setting(
              "STOCKROOM_WEBHOOK_TIMEOUT",
              "--webhook-timeout",
              "10s",
              "How long a webhook receiver may take to answer a delivery."),
          new Setting(
              "STOCKROOM_KAFKA_BOOTSTRAP_SERVERS",
              "--kafka-bootstrap-servers",
              "",
              "Kafka brokers (host:port,…) to publish change events to; empty: no Kafka."),
          new Setting(
              "STOCKROOM_KAFKA_TOPIC",
              "--kafka-topic",
              "stockroom.events",
              "The Kafka topic of change events, keyed by SKU."),
          new Setting(
              "STOCKROOM_LOG_FORMAT",
              "--log-format",
              "text",
              "text, or json for one JSON object per line; either way every line of a request"
                  + " carries its request id."),
          new Setting(
              "STOCKROOM_METRICS_TOKEN",
              "--metrics-token",
              "",
              "Bearer token GET /metrics requires; empty: /metrics is open, as Prometheus scrapes"
                  + " by default."),
          new Setting(
              "STOCKROOM_SHUTDOWN_TIMEOUT",
              "--shutdown-timeout",
              "30s",
              "How long a stop (SIGTERM) waits for requests and asynchronous operations in flight"
                  + " before it closes the database."),
          new Setting(
              "STOCKROOM_DEBUG",
              "--debug",
              "false",
              "Print the stack trace of a failure to start after its one-line message."));

  /** Settings whose values are secrets: the start line shows them masked. */
  private static final Set<String> SECRETS =
      Set.of("STOCKROOM_DB_PASSWORD", "STOCKROOM_ADMIN_PASSWORD", "STOCKROOM_METRICS_TOKEN");

  /** A password in a JDBC URL's query. */
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&]password=)[^&]*");

  /** A setting with a value that cannot be used. */
  public static final class ConfigException extends RuntimeException {
    ConfigException(String message) {
      super(message);
    }

    /** A setting the start could not use, for the reason {@code cause} gives. */
    ConfigException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static Config load(Map<String, String> environment, String[] arguments) {
    Map<String, String> values = new HashMap<>();
    for (Setting setting : SETTINGS) {
      values.put(setting.variable(), setting.defaultValue());
      String value = environment.get(setting.variable());
      if (value != null && !value.isBlank()) {
        values.put(setting.variable(), value.strip());
      }
    }
    for (int index = 0; index < arguments.length; index++) {
      String argument = arguments[index];
      int equals = argument.indexOf('=');
      Setting setting = byFlag(equals < 0 ? argument : argument.substring(0, equals));
      String value;
      String next = index + 1 < arguments.length ? arguments[index + 1] : null;
      if (equals >= 0) {
        value = argument.substring(equals + 1);
      } else if (!setting.takes(next)) {
        value = "true";
      } else if (next != null) {
        value = arguments[++index];
      } else {
        throw new ConfigException(setting.flag() + " needs a value (" + setting.meaning() + ")");
      }
      values.put(setting.variable(), value.strip());
    }
    var reader = new Reader(values);
    String user = values.get("STOCKROOM_ADMIN_USER");
    if (user.isEmpty()) {
      throw new ConfigException("STOCKROOM_ADMIN_USER (--admin-user) must not be empty.");
    }
    String password = values.get("STOCKROOM_ADMIN_PASSWORD");
    return new Config(
        values.get("STOCKROOM_HOST"),
        (int) reader.number("STOCKROOM_PORT", 0, 65_535),
        Path.of(values.get("STOCKROOM_DATA_DIR")),
        reader.databaseUrl("STOCKROOM_DB_URL"),
        emptyAsNull(values.get("STOCKROOM_DB_USER")),
        emptyAsNull(values.get("STOCKROOM_DB_PASSWORD")),
        (int) reader.number("STOCKROOM_DB_POOL_SIZE", 1, 1_000),
        new HttpLimits(
            reader.number("STOCKROOM_MAX_REQUEST_BYTES", 1_024, 2_000_000_000),
            reader.number("STOCKROOM_MAX_SMALL_REQUEST_BYTES", 1_024, 2_000_000_000),
            reader.requestMemory("STOCKROOM_REQUEST_MEMORY"),
            (int) reader.number("STOCKROOM_ACCEPT_BACKLOG", 1, 65_535),
            reader.duration("STOCKROOM_HEADER_TIMEOUT"),
            reader.duration("STOCKROOM_IDLE_TIMEOUT")),
        user,
        emptyAsNull(password),
        reader.duration("STOCKROOM_ADMIN_TOKEN_LIFETIME"),
        (int) reader.number("STOCKROOM_LOCKOUT_FAILURES", 1, 1_000_000),
        reader.duration("STOCKROOM_LOCKOUT_TIME"),
        reader.duration("STOCKROOM_OAUTH_TIMESTAMP_WINDOW"),
        reader.bool("STOCKROOM_INTEGRATION_AS_BEARER"),
        reader.websites("STOCKROOM_WEBSITES"),
        reader.quantity("STOCKROOM_OUT_OF_STOCK_THRESHOLD"),
        values.get("STOCKROOM_RESERVATION_CLEANUP").equalsIgnoreCase("off")
            ? null
            : reader.duration("STOCKROOM_RESERVATION_CLEANUP"),
        reader.quantity("STOCKROOM_NOTIFY_STOCK_QTY"),
        reader.country("STOCKROOM_DEFAULT_COUNTRY"),
        new AsyncSettings(
            (int) reader.number("STOCKROOM_ASYNC_WORKERS", 0, 64),
            reader.duration("STOCKROOM_ASYNC_LEASE"),
            reader.duration("STOCKROOM_BULK_RETENTION")),
        new ChangeSettings(
            values.get("STOCKROOM_CHANGE_RETENTION").equalsIgnoreCase("forever")
                ? null
                : reader.duration("STOCKROOM_CHANGE_RETENTION"),
            reader.duration("STOCKROOM_IDEMPOTENCY_TTL"),
            reader.duration("STOCKROOM_WEBHOOK_RETRY"),
            (int) reader.number("STOCKROOM_WEBHOOK_ATTEMPTS", 1, 100),
            reader.duration("STOCKROOM_WEBHOOK_TIMEOUT"),
            emptyAsNull(values.get("STOCKROOM_KAFKA_BOOTSTRAP_SERVERS")),
            values.get("STOCKROOM_KAFKA_TOPIC")),
        new Operations(
            reader.oneOf("STOCKROOM_LOG_FORMAT", "text", "json").equals("json"),
            emptyAsNull(values.get("STOCKROOM_METRICS_TOKEN")),
            reader.duration("STOCKROOM_SHUTDOWN_TIMEOUT"),
            describe(values)),
        reader.bool("STOCKROOM_DEBUG"),
        Clock.systemUTC());
  }

  /** Every setting and its value, secrets masked: what the start line shows. */
  private static String describe(Map<String, String> values) {
    var described = new ArrayList<String>();
    for (Setting setting : SETTINGS) {
      String value = values.get(setting.variable());
      if (SECRETS.contains(setting.variable()) && !value.isEmpty()) {
        value = "****";
      } else if (setting.variable().equals("STOCKROOM_DB_URL")) {
        value = URL_PASSWORD.matcher(value).replaceAll("$1****");
      }
      described.add(setting.variable() + "=" + value);
    }
    return String.join(" ", described);
  }

  /** The same settings read by another clock, for tests that move time by hand. */
  public Config withClock(Clock newClock) {
    return new Config(
        host,
        port,
        dataDir,
        databaseUrl,
        databaseUser,
        databasePassword,
        databasePoolSize,
        http,
        adminUser,
        adminPassword,
        adminTokenLifetime,
        lockoutFailures,
        lockoutTime,
        oauthTimestampWindow,
        integrationAsBearer,
        websites,
        outOfStockThreshold,
        reservationCleanupInterval,
        notifyStockQty,
        defaultCountry,
        async,
        changes,
        operations,
        debug,
        newClock);
  }

  private static String emptyAsNull(String value) {
    return value.isEmpty() ? null : value;
  }

  private static Setting byFlag(String flag) {
    return SETTINGS.stream()
        .filter(setting -> setting.flag().equals(flag))
        .findFirst()
        .orElseThrow(() ->
            new ConfigException(
                "Unknown option "
                    + flag
                    + ". Options: "
                    + String.join(", ", SETTINGS.stream().map(Setting::flag).toList())));
  }

  /** Typed values, each refused with a message naming its variable and flag. */
  private record Reader(Map<String, String> values) {
    long number(String variable, long min, long max) {
      String value = values.get(variable);
      try {
        long number = Long.parseLong(value);
        if (number >= min && number <= max) {
          return number;
        }
      } catch (NumberFormatException notANumber) {
        // Refused below.
      }
      throw invalid(variable, "must be a whole number from " + min + " to " + max);
    }

    Duration duration(String variable) {
      var matcher = DURATION.matcher(values.get(variable));
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        Duration duration =
            switch (matcher.group(2)) {
              case "ms" -> Duration.ofMillis(amount);
              case "s" -> Duration.ofSeconds(amount);
              case "m" -> Duration.ofMinutes(amount);
              case "h" -> Duration.ofHours(amount);
              default -> Duration.ofDays(amount);
            };
        if (!duration.isZero()) {
          return duration;
        }
      }
      throw invalid(variable, "must be a positive duration such as 90s, 30m, 4h or 1d");
    }

    String databaseUrl(String variable) {
      String url = values.get(variable);
      if (url.isEmpty()) {
        return null;
      }
      if (!url.startsWith("jdbc:postgresql://")) {
        throw invalid(
            variable, "must be a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database");
      }
      return url;
    }

    List<String> websites(String variable) {
      var codes = new ArrayList<String>();
      for (String code : values.get(variable).split(",")) {
        if (!code.isBlank()) {
          if (!WebsiteStore.CODE.matcher(code.strip()).matches()) {
            throw invalid(variable, "must list website codes (a letter a-z, then a-z, 0-9 or _)");
          }
          codes.add(code.strip());
        }
      }
      return List.copyOf(codes);
    }

    /** A byte count, or {@code auto}: a twentieth of the heap this JVM may grow to. */
    long requestMemory(String variable) {
      if (values.get(variable).equalsIgnoreCase("auto")) {
        return HttpLimits.automaticRequestMemory(Runtime.getRuntime().maxMemory());
      }
      return number(variable, 65_536, Long.MAX_VALUE);
    }

    Quantity quantity(String variable) {
      try {
        var quantity = new BigDecimal(values.get(variable));
        if (quantity.signum() >= 0
            && quantity.scale() <= 4
            && quantity.compareTo(Quantity.LIMIT) <= 0) {
          return Quantity.ofE4(quantity.movePointRight(4).longValueExact());
        }
      } catch (NumberFormatException notANumber) {
        // Refused below.
      }
      throw invalid(variable, "must be a quantity from 0 to 99999999.9999 with at most 4 decimals");
    }

    /** An ISO 3166-1 alpha-2 country code, such as US or DE. */
    String country(String variable) {
      String value = values.get(variable).toUpperCase(Locale.ROOT);
      if (!value.matches("[A-Z]{2}")) {
        throw invalid(variable, "must be a two-letter country code such as US or DE");
      }
      return value;
    }

    String oneOf(String variable, String... choices) {
      String value = values.get(variable).toLowerCase(Locale.ROOT);
      if (List.of(choices).contains(value)) {
        return value;
      }
      throw invalid(variable, "must be one of " + String.join(", ", choices));
    }

    boolean bool(String variable) {
      return switch (values.get(variable).toLowerCase(Locale.ROOT)) {
        case "true", "1", "yes", "on" -> true;
        case "false", "0", "no", "off" -> false;
        default -> throw invalid(variable, "must be true or false");
      };
    }

    private ConfigException invalid(String variable, String requirement) {
      Setting setting =
          SETTINGS.stream()
              .filter(each -> each.variable().equals(variable))
              .findFirst()
              .orElseThrow();
      return new ConfigException(
          variable
              + " ("
              + setting.flag()
              + ") "
              + requirement
              + ", got \""
              + values.get(variable)
              + "\".");
    }
  }
}
