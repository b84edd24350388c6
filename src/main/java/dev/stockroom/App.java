package dev.stockroom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stockroom.auth.AdminTokenStore;
import dev.stockroom.auth.AdminUserStore;
import dev.stockroom.auth.Authenticator;
import dev.stockroom.auth.IntegrationStore;
import dev.stockroom.auth.SignInThrottle;
import dev.stockroom.auth.TokenRoutes;
import dev.stockroom.db.Database;
import dev.stockroom.db.PostgresDialect;
import dev.stockroom.db.SqliteDialect;
import dev.stockroom.http.HeaderDeadline;
import dev.stockroom.http.HttpLimits;
import dev.stockroom.http.Json;
import dev.stockroom.http.JsonErrorHandler;
import dev.stockroom.http.RestApi;
import dev.stockroom.http.Route;
import dev.stockroom.http.Router;
import dev.stockroom.http.UnknownMethods;
import dev.stockroom.reservation.ReservationCleanup;
import dev.stockroom.reservation.ReservationRoutes;
import dev.stockroom.reservation.ReservationStore;
import dev.stockroom.sales.SalesRoutes;
import dev.stockroom.sales.SalesStore;
import dev.stockroom.source.SourceRoutes;
import dev.stockroom.source.SourceStore;
import dev.stockroom.sourceitem.SourceItemRoutes;
import dev.stockroom.sourceitem.SourceItemStore;
import dev.stockroom.stock.StockRoutes;
import dev.stockroom.stock.StockSourceLinkRoutes;
import dev.stockroom.stock.StockSourceLinkStore;
import dev.stockroom.stock.StockStore;
import dev.stockroom.stock.WebsiteStore;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stockroom, wired: database → stores → routes → HTTP server. */
public final class App implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(App.class);

  /** Magento's store views; Stockroom's entities are global, so only {@code default} exists. */
  private static final Set<String> STORE_CODES = Set.of("default");

  /** How long a request waits for a database connection before it answers 503. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private final Database database;
  private final Javalin server;
  private final Router router;
  private final HeaderDeadline headerDeadline;
  private final ReservationCleanup cleanup;

  private App(
      Database database,
      Javalin server,
      Router router,
      HeaderDeadline headerDeadline,
      ReservationCleanup cleanup) {
    this.database = database;
    this.server = server;
    this.router = router;
    this.headerDeadline = headerDeadline;
    this.cleanup = cleanup;
  }

  /**
   * The configured database, migrated to the current schema: PostgreSQL when a URL is set,
   * otherwise the embedded SQLite file in the data directory.
   */
  static Database openDatabase(Config config) {
    if (config.databaseUrl() != null) {
      return Database.open(
          new PostgresDialect(
              config.databaseUrl(), config.databaseUser(), config.databasePassword()),
          config.databasePoolSize(),
          CONNECT_TIMEOUT);
    }
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException failure) {
      throw new UncheckedIOException(
          "STOCKROOM_DATA_DIR (--data-dir) " + config.dataDir() + " cannot be created", failure);
    }
    return Database.open(
        new SqliteDialect(config.dataDir().resolve("stockroom.db")),
        config.databasePoolSize(),
        CONNECT_TIMEOUT);
  }

  public static App create(Config config) {
    Database database = openDatabase(config);
    HeaderDeadline headerDeadline = null;
    try {
      ObjectMapper mapper = Json.newMapper().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
      var users = new AdminUserStore(database, config.clock());
      var tokens = new AdminTokenStore(database, config.clock(), config.adminTokenLifetime());
      var integrations = new IntegrationStore(database, config.clock());
      var throttle =
          new SignInThrottle(
              database, config.clock(), config.lockoutFailures(), config.lockoutTime());
      FirstAdmin.ensure(users, config);
      var websites = new WebsiteStore(database);
      config.websites().forEach(websites::add);
      var sources = new SourceStore(database, mapper);
      var stocks = new StockStore(database, mapper);
      var reservations = new ReservationStore(database, mapper);
      var sales = new SalesStore(database, mapper, reservations, config.outOfStockThreshold());

      var router = new Router();
      new TokenRoutes(users, tokens, throttle).register(router);
      new SourceRoutes(sources).register(router);
      new SourceItemRoutes(new SourceItemStore(database, mapper)).register(router);
      new StockRoutes(stocks, websites).register(router);
      new StockSourceLinkRoutes(new StockSourceLinkStore(database, mapper), sources)
          .register(router);
      new SalesRoutes(sales, stocks).register(router);
      new ReservationRoutes(reservations).register(router);

      var authenticator =
          new Authenticator(
              tokens,
              integrations,
              config.clock(),
              config.oauthTimestampWindow(),
              config.integrationAsBearer());
      HttpLimits limits = config.http();
      var api = new RestApi(router, authenticator, mapper, STORE_CODES, limits);
      if (api.largestBody() < limits.maxBulkBody()) {
        LOG.warn(
            "Request bodies over {} bytes will be refused: STOCKROOM_MAX_REQUEST_BYTES is {}, but"
                + " the request memory ({} bytes) holds no more. Give the JVM a larger heap (-Xmx;"
                + " a body needs about {} times its size) or set STOCKROOM_REQUEST_MEMORY.",
            api.largestBody(),
            limits.maxBulkBody(),
            limits.requestMemory(),
            HttpLimits.HEAP_PER_BODY_BYTE);
      }
      headerDeadline = new HeaderDeadline(limits.headerTimeout());
      HeaderDeadline deadline = headerDeadline;
      Javalin server =
          Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.concurrency.useVirtualThreads = true;
            javalin.http.compressionStrategy = CompressionStrategy.NONE;
            // Request bodies are read by RestApi, within its limits; nothing else reads one.
            javalin.http.maxRequestSize = limits.maxSmallBody();
            javalin.jetty.modifyServer(jetty -> {
              jetty.setErrorHandler(new JsonErrorHandler());
              // Javalin attaches its own handler inside this one.
              jetty.setHandler(new UnknownMethods());
            });
            javalin.jetty.addConnector((jetty, httpConfiguration) -> {
              var connector =
                  new ServerConnector(jetty, new HttpConnectionFactory(httpConfiguration));
              connector.setHost(config.host());
              connector.setPort(config.port());
              // Java's default backlog of 50 dropped connections of a burst, costing a client a
              // one-second retransmit.
              connector.setAcceptQueueSize(limits.acceptBacklog());
              connector.setIdleTimeout(limits.idleTimeout().toMillis());
              connector.addEventListener(deadline);
              return connector;
            });
            javalin.routes.get("/health", context -> health(context, database));
            for (HandlerType method : HandlerType.values()) {
              if (method.isHttpMethod()) {
                javalin.routes.addHttpHandler(method, "/rest/*", api::handle);
                javalin.routes.addHttpHandler(method, "/*", App::noRoute);
              }
            }
          });
      server.start();
      LOG.info("Stockroom listening on http://{}:{}/rest/V1/", config.host(), server.port());
      LOG.info(
          "Get a token: curl -X POST http://localhost:{}/rest/V1/integration/admin/token"
              + " -H 'Content-Type: application/json'"
              + " -d '{\"username\":\"{}\",\"password\":\"...\"}'",
          server.port(),
          config.adminUser());
      return new App(
          database,
          server,
          router,
          headerDeadline,
          ReservationCleanup.schedule(reservations, config));
    } catch (RuntimeException failure) {
      if (headerDeadline != null) {
        headerDeadline.close();
      }
      database.close();
      throw failure;
    }
  }

  /**
   * For load balancers and monitors, without credentials: 200 while the database answers, 503 while
   * it does not.
   */
  private static void health(Context context, Database database) {
    boolean up = database.isAvailable();
    context
        .status(up ? 200 : 503)
        .contentType("application/json; charset=utf-8")
        .result(up ? "{\"status\":\"ok\"}" : "{\"status\":\"unavailable\",\"database\":\"down\"}");
  }

  /** Outside /rest there is nothing; say so in Magento's words. */
  private static void noRoute(Context context) {
    RestApi.discardUnreadBody(context);
    context
        .status(404)
        .contentType("application/json; charset=utf-8")
        .result("{\"message\":\"Request does not match any route.\"}");
  }

  /** Every REST route with its ACL resource. */
  public List<Route> routes() {
    return router.routes();
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    cleanup.close();
    server.stop();
    headerDeadline.close();
    database.close();
  }
}
