package dev.stockroom;

/** Starts Stockroom from environment variables and command-line flags. */
public final class Main {
  private Main() {}

  public static void main(String[] arguments) {
    Config config;
    try {
      config = Config.load(System.getenv(), arguments);
    } catch (Config.ConfigException invalid) {
      System.err.println("Stockroom cannot start: " + invalid.getMessage());
      System.exit(2);
      return;
    }
    App app = App.create(config);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "stockroom-shutdown"));
  }
}
