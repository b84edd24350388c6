package dev.stockroom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongPredicate;

/** A real Stockroom on a free loopback port with a fresh embedded database. */
public final class TestServer implements AutoCloseable {
  public static final String ADMIN = "admin";
  public static final String PASSWORD = "test-password-1";

  /**
   * The data directories {@link #config} made, deleted when the test JVM exits: a test may start
   * several servers, one after another, on the same directory. Before, each full run left 185
   * directories (245 MB) in /tmp.
   */
  private static final Queue<Path> DATA_DIRECTORIES = new ConcurrentLinkedQueue<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> DATA_DIRECTORIES.forEach(TestServer::deleteQuietly)));
  }

  private final App app;
  private final Config config;
  private final HttpClient client = HttpClient.newHttpClient();
  private String token;

  private TestServer(App app, Config config) {
    this.app = app;
    this.config = config;
  }

  public static TestServer start() {
    return start(Clock.systemUTC());
  }

  public static TestServer start(Clock clock) {
    return start(clock, Map.of());
  }

  /** A server with the test defaults and {@code settings} over them. */
  public static TestServer start(Clock clock, Map<String, String> settings) {
    return start(config(settings).withClock(clock));
  }

  /** A server with exactly these settings, e.g. a second instance on the same database. */
  public static TestServer start(Config config) {
    return new TestServer(App.create(config), config);
  }

  /**
   * The settings of a test server: loopback, any free port, and a fresh database of the kind the
   * test run is for (system property {@code stockroom.test.database}: sqlite, the default, or
   * postgresql).
   */
  public static Config config(Map<String, String> settings) {
    try {
      var environment = new HashMap<String, String>();
      environment.put("STOCKROOM_HOST", "127.0.0.1");
      environment.put("STOCKROOM_PORT", "0");
      Path dataDirectory = Files.createTempDirectory("stockroom-test-");
      DATA_DIRECTORIES.add(dataDirectory);
      environment.put("STOCKROOM_DATA_DIR", dataDirectory.toString());
      if (isPostgres()) {
        environment.put("STOCKROOM_DB_URL", PostgresServer.shared().newDatabase());
        environment.put("STOCKROOM_DB_POOL_SIZE", "4");
      }
      environment.put("STOCKROOM_ADMIN_USER", ADMIN);
      environment.put("STOCKROOM_ADMIN_PASSWORD", PASSWORD);
      environment.putAll(settings);
      return Config.load(environment, new String[0]);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  /** Deletes a directory and what it holds, as far as it can: what is left stays in /tmp. */
  private static void deleteQuietly(Path directory) {
    try (var paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException gone) {
      // Already gone, or unreadable: nothing to do at exit.
    }
  }

  /** Stops this test run's PostgreSQL server, keeping its data: a database outage. */
  public static void pausePostgres() {
    PostgresServer.shared().pause();
  }

  /** Starts it again, on the same port. */
  public static void resumePostgres() {
    PostgresServer.shared().resume();
  }

  /**
   * The deadlocks PostgreSQL counted in this configuration's database; 0 on SQLite, which has one
   * writer at a time. Call it after the servers on that database are closed.
   */
  public static long deadlocks(Config config) {
    return config.databaseUrl() == null ? 0 : PostgresServer.deadlocks(config.databaseUrl());
  }

  /**
   * On PostgreSQL, waits until the number of sessions on this configuration's database that meet
   * {@code condition} (SQL over pg_stat_activity) is {@code enough}.
   */
  public static void awaitPostgresSessions(Config config, String condition, LongPredicate enough) {
    PostgresServer.awaitSessions(config.databaseUrl(), condition, enough);
  }

  /** Whether this test run is the one on PostgreSQL. */
  public static boolean isPostgres() {
    return "postgresql".equals(System.getProperty("stockroom.test.database", "sqlite"));
  }

  /** The command-line flags that name this server's database, for a server in another process. */
  public static List<String> databaseFlags(Config config) {
    var flags = new ArrayList<String>();
    flags.add("--data-dir=" + config.dataDir());
    if (config.databaseUrl() != null) {
      flags.add("--db-url=" + config.databaseUrl());
    }
    return flags;
  }

  /** Runs an administration command against this server's database; returns what it printed. */
  public String cli(String... arguments) {
    var printed = new ByteArrayOutputStream();
    var all = new ArrayList<>(List.of(arguments));
    all.addAll(databaseFlags(config));
    int exit =
        new Cli(
                new PrintStream(printed, true, StandardCharsets.UTF_8),
                InputStream.nullInputStream())
            .run(Map.of(), all.toArray(String[]::new));
    String output = printed.toString(StandardCharsets.UTF_8);
    if (exit != 0) {
      throw new IllegalStateException("stockroom " + String.join(" ", arguments) + ": " + output);
    }
    return output;
  }

  /** Signs in and returns a token. */
  public String signIn(String username, String password) {
    var response =
        send(
            "POST",
            "/rest/V1/integration/admin/token",
            "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}",
            null);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Sign-in of " + username + " failed: " + response.body());
    }
    return response.body().replace("\"", "");
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + app.port();
  }

  /** An admin token, obtained once per server. */
  public synchronized String token() {
    if (token == null) {
      token = signIn(ADMIN, PASSWORD);
    }
    return token;
  }

  public App app() {
    return app;
  }

  public Config config() {
    return config;
  }

  /** Sends a JSON request with the admin token. */
  public HttpResponse<String> send(String method, String target, String jsonBody) {
    return send(method, target, jsonBody, "Bearer " + token());
  }

  public HttpResponse<String> send(
      String method, String target, String jsonBody, String authorization) {
    var request =
        HttpRequest.newBuilder(URI.create(baseUrl() + target))
            .method(
                method,
                jsonBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(jsonBody));
    if (jsonBody != null) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  @Override
  public void close() {
    app.close();
  }
}
