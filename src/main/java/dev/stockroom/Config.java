package dev.stockroom;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    String adminUser,
    String adminPassword,
    Duration adminTokenLifetime,
    Clock clock) {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");

  /** One setting, as documented in the README's configuration table. */
  public record Setting(String variable, String flag, String defaultValue, String meaning) {}

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
              "STOCKROOM_ADMIN_USER", "--admin-user", "admin", "Username of the first admin."),
          new Setting(
              "STOCKROOM_ADMIN_PASSWORD",
              "--admin-password",
              "(generated)",
              "Password of the first admin. If unset when the admin is created, one is generated"
                  + " and printed once; if set, it is applied at every start."),
          new Setting(
              "STOCKROOM_ADMIN_TOKEN_LIFETIME",
              "--admin-token-lifetime",
              "4h",
              "Lifetime of admin tokens, e.g. 30m, 4h, 1d."));

  /** A setting with a value that cannot be used. */
  public static final class ConfigException extends RuntimeException {
    ConfigException(String message) {
      super(message);
    }
  }

  public static Config load(Map<String, String> environment, String[] arguments) {
    Map<String, String> values = new HashMap<>();
    for (Setting setting : SETTINGS) {
      String value = environment.get(setting.variable());
      if (value != null && !value.isBlank()) {
        values.put(setting.variable(), value.strip());
      }
    }
    for (int index = 0; index < arguments.length; index++) {
      String argument = arguments[index];
      Setting setting =
          byFlag(argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument);
      String value;
      if (argument.contains("=")) {
        value = argument.substring(argument.indexOf('=') + 1);
      } else if (index + 1 < arguments.length) {
        value = arguments[++index];
      } else {
        throw new ConfigException(setting.flag() + " needs a value (" + setting.meaning() + ")");
      }
      values.put(setting.variable(), value.strip());
    }
    String password = values.get("STOCKROOM_ADMIN_PASSWORD");
    String user = values.getOrDefault("STOCKROOM_ADMIN_USER", "admin");
    if (user.isEmpty()) {
      throw new ConfigException("STOCKROOM_ADMIN_USER (--admin-user) must not be empty.");
    }
    return new Config(
        values.getOrDefault("STOCKROOM_HOST", "0.0.0.0"),
        port(values.getOrDefault("STOCKROOM_PORT", "8080")),
        Path.of(values.getOrDefault("STOCKROOM_DATA_DIR", "./data")),
        user,
        password,
        duration(values.getOrDefault("STOCKROOM_ADMIN_TOKEN_LIFETIME", "4h")),
        Clock.systemUTC());
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

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException notANumber) {
      // Reported below.
    }
    throw new ConfigException(
        "STOCKROOM_PORT (--port) must be a whole number from 0 to 65535 (0 picks a free port), got \""
            + value
            + "\".");
  }

  private static Duration duration(String value) {
    var matcher = DURATION.matcher(value);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      Duration duration =
          switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
      if (!duration.isZero()) {
        return duration;
      }
    }
    throw new ConfigException(
        "STOCKROOM_ADMIN_TOKEN_LIFETIME (--admin-token-lifetime) must be a positive duration such"
            + " as 30m, 4h or 1d, got \""
            + value
            + "\".");
  }

  /** The same settings with another port and data directory, e.g. for tests. */
  public Config with(int newPort, Path newDataDir) {
    return new Config(
        host, newPort, newDataDir, adminUser, adminPassword, adminTokenLifetime, clock);
  }
}
