package dev.stockroom;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.db.Database;
import dev.stockroom.http.HeaderDeadline;
import dev.stockroom.http.HttpLimits;
import dev.stockroom.http.JsonErrorHandler;
import dev.stockroom.http.RequestLog;
import dev.stockroom.http.RestApi;
import dev.stockroom.http.SwaggerUi;
import dev.stockroom.http.UnknownMethods;
import dev.stockroom.http.admin.AdminPages;
import dev.stockroom.monitoring.Metrics;
import dev.stockroom.schema.OpenApiSchema;
import dev.stockroom.schema.SwaggerSchema;
import dev.stockroom.webapi.Route;
import dev.stockroom.webapi.Router;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stockroom, wired: the {@link Core} behind its HTTP server. */
public final class App implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(App.class);

  /** The version of this build, from the jar's manifest (none when run from classes). */
  static final String VERSION =
      App.class.getPackage().getImplementationVersion() == null
          ? "development"
          : App.class.getPackage().getImplementationVersion();

  /** How long a connection may stay silent once a stop has begun. */
  private static final Duration SHUTDOWN_IDLE_TIMEOUT = Duration.ofSeconds(3);

  private final Core core;
  private final Javalin server;
  private final ServerConnector connector;
  private final GracefulHandler inFlight;
  private final HeaderDeadline headerDeadline;
  private final Duration shutdownTimeout;

  private App(
      Core core,
      Javalin server,
      ServerConnector connector,
      GracefulHandler inFlight,
      HeaderDeadline headerDeadline,
      Duration shutdownTimeout) {
    this.core = core;
    this.server = server;
    this.connector = connector;
    this.inFlight = inFlight;
    this.headerDeadline = headerDeadline;
    this.shutdownTimeout = shutdownTimeout;
  }

  public static App create(Config config) {
    HttpLimits limits = config.http();
    ServerSocketChannel listening =
        ListenSocket.bind(config.host(), config.port(), limits.acceptBacklog());
    LOG.info("Stockroom {} starting: {}", VERSION, config.operations());
    Core core;
    try {
      core = Core.open(config);
    } catch (RuntimeException failure) {
      closeQuietly(listening, failure);
      throw failure;
    }
    HeaderDeadline headerDeadline = null;
    try {
      Router router = core.router();
      ObjectMapper mapper = core.mapper();
      Database database = core.database();
      var api =
          new RestApi(
              core.dispatcher(), new SwaggerSchema(router), core.authenticator(), mapper, limits);
      var openApi = new OpenApiSchema(router, VERSION);
      if (api.largestBody() < limits.maxBulkBody()) {
        // ./stockroom's small default heap makes this the usual case: a fact to know, not a fault.
        LOG.info(
            "Request bodies over {} bytes will be refused: STOCKROOM_MAX_REQUEST_BYTES is {}, but"
                + " the request memory ({} bytes) holds no more. Give the JVM a larger heap (-Xmx,"
                + " or STOCKROOM_JAVA_OPTS=-Xmx4g ./stockroom; a body needs about {} times its"
                + " size) or set STOCKROOM_REQUEST_MEMORY.",
            api.largestBody(),
            limits.maxBulkBody(),
            limits.requestMemory(),
            HttpLimits.HEAP_PER_BODY_BYTE);
      }
      headerDeadline = new HeaderDeadline(limits.headerTimeout());
      HeaderDeadline deadline = headerDeadline;
      var requestLog = new RequestLog(core.metrics().registry());
      // Counts the requests in flight, for a stop to wait for.
      var inFlight = new GracefulHandler(new UnknownMethods());
      var connectors = new ArrayList<ServerConnector>(1);
      Javalin server =
          Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.concurrency.useVirtualThreads = true;
            javalin.http.compressionStrategy = CompressionStrategy.NONE;
            // Request bodies are read by RestApi, within its limits; nothing else reads one.
            javalin.http.maxRequestSize = limits.maxSmallBody();
            // The admin page's CSV upload: as large as a list route's body, kept on disk.
            javalin.jetty.multipartConfig.maxFileSize(limits.maxBulkBody(), SizeUnit.BYTES);
            javalin.jetty.multipartConfig.maxTotalRequestSize(limits.maxBulkBody(), SizeUnit.BYTES);
            javalin.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            javalin.jetty.modifyServer(jetty -> {
              jetty.setErrorHandler(new JsonErrorHandler());
              // Javalin attaches its own handler inside these.
              jetty.setHandler(inFlight);
            });
            javalin.routes.before(RequestLog::begin);
            javalin.requestLogger.http(requestLog::end);
            javalin.jetty.addConnector((jetty, httpConfiguration) -> {
              var connector =
                  new ServerConnector(jetty, new HttpConnectionFactory(httpConfiguration));
              connector.setHost(config.host());
              connector.setPort(config.port());
              // Java's default backlog of 50 dropped connections of a burst, costing a client a
              // one-second retransmit.
              connector.setAcceptQueueSize(limits.acceptBacklog());
              connector.setIdleTimeout(limits.idleTimeout().toMillis());
              // Once a stop begins, a connection silent this long is closed: idle keep-alive
              // connections end, and a body still arriving may pause that long (Jetty: 1 s).
              connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT.toMillis());
              connector.addEventListener(deadline);
              connectors.add(connector);
              try {
                connector.open(listening);
              } catch (IOException notBound) {
                throw new UncheckedIOException(notBound);
              }
              return connector;
            });
            javalin.routes.get("/health", context -> health(context, database));
            javalin.routes.head("/health", context -> health(context, database));
            javalin.routes.get(
                "/metrics",
                context -> metrics(context, core.metrics(), config.operations().metricsToken()));
            javalin.routes.get(
                "/openapi.json",
                context ->
                    context
                        .contentType("application/json; charset=utf-8")
                        .result(mapper.writeValueAsBytes(openApi.document("/rest/default"))));
            SwaggerUi.register(javalin);
            new AdminPages(core.dispatcher(), core.authenticator(), core.adminTokens(), mapper)
                .register(javalin);
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
          core,
          server,
          connectors.getFirst(),
          inFlight,
          headerDeadline,
          config.operations().shutdownTimeout());
    } catch (RuntimeException failure) {
      if (headerDeadline != null) {
        headerDeadline.close();
      }
      closeQuietly(listening, failure);
      core.close();
      throw failure;
    }
  }

  private static void closeQuietly(ServerSocketChannel listening, RuntimeException failure) {
    try {
      listening.close();
    } catch (IOException alsoFailed) {
      failure.addSuppressed(alsoFailed);
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

  /**
   * The meters in Prometheus' text format: open, as Prometheus scrapes by default, unless a token
   * is configured, which a scrape then sends as a bearer token.
   */
  private static void metrics(Context context, Metrics metrics, String token) {
    String sent = context.header("Authorization");
    if (token != null
        && (sent == null
            || !MessageDigest.isEqual(
                sent.getBytes(StandardCharsets.UTF_8),
                ("Bearer " + token).getBytes(StandardCharsets.UTF_8)))) {
      context
          .status(401)
          .header("WWW-Authenticate", "Bearer")
          .contentType("application/json; charset=utf-8")
          .result(
              "{\"message\":\"/metrics needs the bearer token set by STOCKROOM_METRICS_TOKEN.\"}");
      return;
    }
    context.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
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
    return core.router().routes();
  }

  /** The service behind the server, for tests that call it without HTTP. */
  public Core core() {
    return core;
  }

  public int port() {
    return server.port();
  }

  /**
   * Stops gracefully: no new connections; requests in flight, then asynchronous operations running,
   * get up to the shutdown timeout to finish; then the database closes.
   */
  @Override
  public void close() {
    long started = System.nanoTime();
    LOG.info(
        "Stockroom stopping: no new connections; requests and operations in flight have up to {}"
            + " to finish",
        shutdownTimeout.toString().substring(2).toLowerCase(Locale.ROOT));
    // No new connections; from now on a connection silent for 3 s is closed.
    connector.shutdown();
    connector.close();
    try {
      inFlight.shutdown().get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException late) {
      LOG.warn(
          "{} request(s) still in flight after {} are cut off",
          inFlight.getCurrentRequestCount(),
          shutdownTimeout);
    } catch (InterruptedException | ExecutionException stopped) {
      LOG.warn("Waiting for the requests in flight ended early: {}", stopped.toString());
    }
    // Whatever is left is idle: closed at once.
    server.stop();
    headerDeadline.close();
    Duration left = shutdownTimeout.minusNanos(System.nanoTime() - started);
    core.stop(left.isNegative() ? Duration.ZERO : left);
    LOG.info("Stockroom stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
  }
}
