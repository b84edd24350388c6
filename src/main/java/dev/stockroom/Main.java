package dev.stockroom;

import dev.stockroom.monitoring.Logging;

/** Starts Stockroom, or runs an administration command, from variables and flags. */
public final class Main {
  private Main() {}

  public static void main(String[] arguments) {
    var command = Cli.command(arguments);
    if (command.isPresent()) {
      System.exit(new Cli(System.out, System.in).run(System.getenv(), command.get()));
    }
    Config config = null;
    try {
      config = Config.load(System.getenv(), arguments);
      if (config.operations().jsonLogs()) {
        Logging.useJsonLines();
      }
      App app = App.create(config);
      Runtime.getRuntime().addShutdownHook(new Thread(app::close, "stockroom-shutdown"));
    } catch (RuntimeException failure) {
      // A setting at fault is told in one line; anything else is a fault of Stockroom's own.
      boolean setting = failure instanceof Config.ConfigException;
      boolean debug = config != null && config.debug();
      System.err.println(
          "Stockroom cannot start: "
              + (setting ? failure.getMessage() : failure.toString())
              + (setting || debug ? "" : " (STOCKROOM_DEBUG=true shows where)"));
      if (debug) {
        failure.printStackTrace();
      }
      System.exit(setting ? 2 : 1);
    }
  }
}
