package dev.stockroom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stockroom.async.BulkStatusRoutes;
import dev.stockroom.async.BulkStore;
import dev.stockroom.async.Workers;
import dev.stockroom.auth.AdminTokenStore;
import dev.stockroom.auth.AdminUserStore;
import dev.stockroom.auth.Authenticator;
import dev.stockroom.auth.IntegrationStore;
import dev.stockroom.auth.SignInThrottle;
import dev.stockroom.auth.TokenRoutes;
import dev.stockroom.bulk.BulkRoutes;
import dev.stockroom.csv.CsvRoutes;
import dev.stockroom.csv.SourceItemsImport;
import dev.stockroom.db.Database;
import dev.stockroom.db.PostgresDialect;
import dev.stockroom.db.SqliteDialect;
import dev.stockroom.db.UnitOfWork;
import dev.stockroom.events.Events;
import dev.stockroom.events.WebhookRoutes;
import dev.stockroom.export.ExportRoutes;
import dev.stockroom.export.ExportStore;
import dev.stockroom.geo.GeoRoutes;
import dev.stockroom.geo.GeonameStore;
import dev.stockroom.idempotency.IdempotencyStore;
import dev.stockroom.json.Json;
import dev.stockroom.ledger.LedgerRoutes;
import dev.stockroom.lowstock.LowStockRoutes;
import dev.stockroom.lowstock.SourceItemConfigurationStore;
import dev.stockroom.monitoring.Metrics;
import dev.stockroom.pickup.PickupRoutes;
import dev.stockroom.reservation.ReservationCleanup;
import dev.stockroom.reservation.ReservationRoutes;
import dev.stockroom.reservation.ReservationStore;
import dev.stockroom.sales.SalesRoutes;
import dev.stockroom.sales.SalesStore;
import dev.stockroom.selection.SourceSelection;
import dev.stockroom.selection.SourceSelectionRoutes;
import dev.stockroom.source.SourceRoutes;
import dev.stockroom.source.SourceStore;
import dev.stockroom.sourceitem.SourceItemAdjustRoutes;
import dev.stockroom.sourceitem.SourceItemRoutes;
import dev.stockroom.sourceitem.SourceItemStore;
import dev.stockroom.stock.StockRoutes;
import dev.stockroom.stock.StockSourceLinkRoutes;
import dev.stockroom.stock.StockSourceLinkStore;
import dev.stockroom.stock.StockStore;
import dev.stockroom.stock.WebsiteStore;
import dev.stockroom.webapi.Dispatcher;
import dev.stockroom.webapi.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stockroom without HTTP, wired: database → stores → routes → dispatcher. {@link App} puts the HTTP
 * server in front of it; a test or a background worker calls the dispatcher directly.
 */
public final class Core implements AutoCloseable {
  /** Magento's store views; Stockroom's entities are global, so only {@code default} exists. */
  private static final Set<String> STORE_CODES = Set.of("default");

  /** How long a request waits for a database connection before it answers 503. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private final Database database;
  private final ObjectMapper mapper;
  private final Router router;
  private final Dispatcher dispatcher;
  private final Authenticator authenticator;
  private final ReservationCleanup cleanup;
  private final BulkStore bulks;
  private final Workers workers;
  private final Retention retention;
  private final Events events;
  private final AdminTokenStore adminTokens;
  private final Metrics metrics;

  private Core(
      Config config,
      Database database,
      ObjectMapper mapper,
      Router router,
      Authenticator authenticator,
      ReservationCleanup cleanup,
      BulkStore bulks,
      IdempotencyStore idempotency,
      LedgerRoutes ledger,
      Events events,
      AdminTokenStore adminTokens) {
    this.database = database;
    this.mapper = mapper;
    this.router = router;
    this.dispatcher =
        new Dispatcher(router, STORE_CODES, mapper, bulks, idempotency, config.clock());
    this.authenticator = authenticator;
    this.cleanup = cleanup;
    this.bulks = bulks;
    this.workers =
        Workers.start(
            bulks,
            dispatcher,
            mapper,
            config.async().workers(),
            config.async().lease(),
            // SQLite's file is one instance's: what its last process held is free at start.
            config.databaseUrl() == null,
            config.clock());
    Clock clock = config.clock();
    var purges = new ArrayList<Retention.Purge>();
    long bulkRetention = config.async().retention().toMillis();
    purges.add(
        new Retention.Purge(
            "finished bulk(s)", () -> bulks.deleteFinishedBefore(clock.millis() - bulkRetention)));
    purges.add(new Retention.Purge("expired idempotency key(s)", idempotency::deleteExpired));
    Duration ledgerRetention = config.changes().ledgerRetention();
    if (ledgerRetention != null) {
      purges.add(
          new Retention.Purge(
              "change-ledger row(s)",
              () -> ledger.deleteChangedBefore(clock.millis() - ledgerRetention.toMillis())));
    }
    this.retention = Retention.schedule(purges);
    this.events = events;
    this.adminTokens = adminTokens;
    this.metrics = observe(database, bulks, events, clock);
  }

  /**
   * The service's meters: the connection pool's, the reservations appended, the asynchronous queue
   * and the event delivery; those that read the database do so when scraped.
   */
  private static Metrics observe(Database database, BulkStore bulks, Events events, Clock clock) {
    var metrics = new Metrics();
    database.observe(metrics.registry());
    var reservations = new AtomicLong();
    database.addCommittedListener(changes -> {
      for (UnitOfWork.Change change : changes) {
        if (change instanceof ReservationStore.Appended appended) {
          reservations.addAndGet(appended.reservations().size());
        }
      }
    });
    metrics.counter(
        "stockroom.reservations.appended",
        "Reservations appended since start (orders placed, shipped, cancelled)",
        reservations,
        AtomicLong::get);
    metrics.gauge(
        "stockroom.async.operations.open",
        "Accepted asynchronous operations not run yet",
        null,
        bulks::openOperations);
    metrics.gauge(
        "stockroom.async.oldest.open.operation.age",
        "Age of the bulk of the oldest open asynchronous operation (0: none open)",
        "seconds",
        () -> {
          long since = bulks.oldestOpenSince();
          return since == 0 ? 0 : Math.max(0, clock.millis() - since) / 1000.0;
        });
    metrics.gauge(
        "stockroom.events.lag",
        "Age of the oldest event a webhook or the Kafka topic has not taken (0: none)",
        "seconds",
        () -> events.lagSeconds(clock.millis()));
    metrics.counter(
        "stockroom.events.delivery.failures",
        "Deliveries to webhooks or the Kafka topic that failed since start",
        events,
        Events::failedDeliveries);
    metrics.gauge(
        "stockroom.events.dead.letters",
        "Deliveries parked as dead letters and not delivered since",
        null,
        events::deadLetters);
    return metrics;
  }

  /** Opens the configured database, brings it up to date, and wires every feature to it. */
  public static Core open(Config config) {
    Database database = openDatabase(config);
    try {
      ObjectMapper mapper = Json.newMapper().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
      var users = new AdminUserStore(database, config.clock());
      var tokens = new AdminTokenStore(database, config.clock(), config.adminTokenLifetime());
      var integrations = new IntegrationStore(database, config.clock());
      var throttle =
          new SignInThrottle(
              database, config.clock(), config.lockoutFailures(), config.lockoutTime());
      FirstAdmin.ensure(users, config);
      database.notifyDefault(config.notifyStockQty().e4());
      var websites = new WebsiteStore(database);
      for (String website : config.websites()) {
        database.inTransaction(unit -> websites.add(unit, website));
      }
      var sources = new SourceStore(database);
      var sourceItems = new SourceItemStore(database);
      var stocks = new StockStore(database);
      var reservations = new ReservationStore(database);
      var sales = new SalesStore(database, reservations, config.outOfStockThreshold());
      var geonames = new GeonameStore(database);
      var configurations = new SourceItemConfigurationStore(database, config.notifyStockQty());
      database.addCommitListener(configurations.deletesFollowSourceItems());

      var router = new Router();
      new TokenRoutes(users, tokens, throttle).register(router);
      new SourceRoutes(database, sources, geonames).register(router);
      new SourceItemRoutes(database, sourceItems).register(router);
      new SourceItemAdjustRoutes(database, sourceItems).register(router);
      new StockRoutes(database, stocks, websites).register(router);
      new StockSourceLinkRoutes(database, new StockSourceLinkStore(database), sources)
          .register(router);
      new SalesRoutes(database, sales, stocks).register(router);
      new ReservationRoutes(database, reservations).register(router);
      new BulkRoutes(database, sources, sourceItems, configurations).register(router);
      new LowStockRoutes(database, configurations, sources, sourceItems, config.notifyStockQty())
          .register(router);
      new GeoRoutes(geonames).register(router);
      new SourceSelectionRoutes(new SourceSelection(sources, sourceItems, geonames))
          .register(router);
      new ExportRoutes(new ExportStore(database, config.outOfStockThreshold()), stocks)
          .register(router);
      new PickupRoutes(sources, sourceItems, stocks, geonames, config.defaultCountry())
          .register(router);
      var ledger = new LedgerRoutes(database);
      ledger.register(router);
      var events = Events.open(database, mapper, config);
      new WebhookRoutes(events.webhooks()).register(router);
      var bulks = new BulkStore(database, config.clock());
      new BulkStatusRoutes(database, bulks).register(router);
      new CsvRoutes(
              new SourceItemsImport(database, sources, sourceItems), sourceItems, bulks, router)
          .register(router);

      var authenticator =
          new Authenticator(
              tokens,
              integrations,
              config.clock(),
              config.oauthTimestampWindow(),
              config.integrationAsBearer());
      return new Core(
          config,
          database,
          mapper,
          router,
          authenticator,
          ReservationCleanup.schedule(database, reservations, config.reservationCleanupInterval()),
          bulks,
          new IdempotencyStore(database, config.clock(), config.changes().idempotencyTtl()),
          ledger,
          events,
          tokens);
    } catch (RuntimeException failure) {
      database.close();
      throw failure;
    }
  }

  /**
   * The configured database, migrated to the current schema: PostgreSQL when a URL is set,
   * otherwise the embedded SQLite file in the data directory. One that cannot be opened is refused
   * with a message naming the setting to correct.
   */
  static Database openDatabase(Config config) {
    if (config.databaseUrl() != null) {
      try {
        return Database.open(
            new PostgresDialect(
                config.databaseUrl(), config.databaseUser(), config.databasePassword()),
            config.databasePoolSize(),
            CONNECT_TIMEOUT);
      } catch (RuntimeException failure) {
        throw DatabaseRefusal.postgres(config, failure);
      }
    }
    Path directory = config.dataDir();
    Path file = directory.resolve("stockroom.db");
    DatabaseRefusal.checkDataDir(directory, file);
    try {
      return Database.open(new SqliteDialect(file), config.databasePoolSize(), CONNECT_TIMEOUT);
    } catch (RuntimeException failure) {
      throw DatabaseRefusal.sqlite(directory, file, failure);
    }
  }

  public Database database() {
    return database;
  }

  /** The one JSON mapping of the wire format. */
  public ObjectMapper mapper() {
    return mapper;
  }

  public Router router() {
    return router;
  }

  public Dispatcher dispatcher() {
    return dispatcher;
  }

  public Authenticator authenticator() {
    return authenticator;
  }

  /** Admin tokens: what an admin page session is, and what signing out ends. */
  public AdminTokenStore adminTokens() {
    return adminTokens;
  }

  /** Change events: the outbox, webhooks, and their delivery. */
  public Events events() {
    return events;
  }

  /** The bulks of asynchronous requests and their operations. */
  public BulkStore bulks() {
    return bulks;
  }

  /** The meters of this service, for {@code /metrics}. */
  public Metrics metrics() {
    return metrics;
  }

  /**
   * Stops: asynchronous operations running have {@code grace} to finish, then the event delivery,
   * the schedules and the database close.
   */
  public void stop(Duration grace) {
    workers.stop(grace);
    close();
  }

  @Override
  public void close() {
    events.close();
    workers.close();
    retention.close();
    cleanup.close();
    database.close();
    metrics.close();
  }
}
