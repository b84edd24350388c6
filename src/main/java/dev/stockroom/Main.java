package dev.stockroom;

import dev.stockroom.monitoring.Logging;

/** Starts Stockroom, or runs an administration command, from variables and flags. */
public final class Main {
  private Main() {}

  public static void main(String[] arguments) {
    try {
      if (arguments.length > 0 && !arguments[0].startsWith("--")) {
        System.exit(new Cli(System.out, System.in).run(System.getenv(), arguments));
      }
      Config config = Config.load(System.getenv(), arguments);
      if (config.operations().jsonLogs()) {
        Logging.useJsonLines();
      }
      App app = App.create(config);
      Runtime.getRuntime().addShutdownHook(new Thread(app::close, "stockroom-shutdown"));
    } catch (Config.ConfigException invalid) {
      System.err.println("Stockroom cannot start: " + invalid.getMessage());
      System.exit(2);
    }
  }
}
