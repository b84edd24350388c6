package dev.stockroom.bench;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Stockroom against the floor of its own database. Starts the built jar as a separate process on
 * loopback, drives it with wrk (bench/wrk.lua), and runs the same work straight through JDBC for
 * comparison. Setup, loading and the unpaged stream use the JDK's HTTP client. Writes
 * bench/results/DATE-DB.md and .csv and prints the table. Run it with {@code bench/run.sh
 * [sqlite|postgres|both]}; it never runs in CI.
 */
public final class Benchmark {
  private static final int BULK_ROWS = 100_000;
  private static final int[] BATCHES = {100, 1_000, 10_000};
  private static final int REPEATS = 5;
  private static final int SKUS = 250_000;
  private static final String[] SOURCES = {"default", "src-b", "src-c", "src-d"};
  private static final Duration CONCURRENCY_TIME = Duration.ofSeconds(10);

  /** Per search and round: wrk's time, the raw statements' time, and how many targets to cycle. */
  private static final Duration SEARCH_TIME = Duration.ofSeconds(3);

  private static final Duration RAW_TIME = Duration.ofMillis(1_500);

  /**
   * The unmeasured rounds of each search are longer: 8–18 s into a search load, the JIT compiler
   * still used 30 % of the server's CPU, recompiling Jetty's and the virtual threads' code; a
   * minute in, 2 %.
   */
  private static final Duration SEARCH_WARM_UP = Duration.ofSeconds(10);

  /** The JIT compiler has settled once it uses less than this share of a core over a round. */
  private static final double SETTLED = 0.02;

  private static final int MAX_WARM_UP_ROUNDS = 12;

  private static final int TARGETS = 20_000;
  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)/");
  private static final String PASSWORD = "bench-password-1";

  /**
   * BENCH_SECTIONS=footprint,bulk,ledger,search,admin,salable,concurrency,operations,async (the
   * default: all) runs only some, e.g. to profile.
   */
  private static final String ALL_SECTIONS =
      "footprint,bulk,ledger,search,admin,salable,concurrency,operations,async";

  private static final List<String> SECTIONS =
      List.of(System.getenv().getOrDefault("BENCH_SECTIONS", ALL_SECTIONS).split(","));

  /** BENCH_SERVER_OPTIONS: JVM options for the server, e.g. -XX:StartFlightRecording=... */
  private static final String SERVER_OPTIONS =
      System.getenv().getOrDefault("BENCH_SERVER_OPTIONS", "");

  private final String database;
  private final Path work;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .build();
  private final List<Row> rows = new ArrayList<>();
  private Process server;
  private String base;
  private String token;
  private String jdbcUrl;

  /** What wrk sends instead of the admin token, while set ("cookie:…" for the admin page). */
  private String credential;

  /**
   * One line of the results: a figure with its median and range, and its raw-SQL counterpart. Where
   * the two were measured in pairs, one run of each after the other, {@code ratio} is the median
   * and range of the pairs' ratios: a slow stretch of the machine then weighs on both sides of a
   * ratio alike. Otherwise the ratio is that of the medians.
   */
  record Row(
      String section,
      String what,
      String unit,
      Stats stockroom,
      Stats floor,
      Stats ratio,
      String note) {
    Row(String section, String what, String unit, Stats stockroom, Stats floor, String note) {
      this(section, what, unit, stockroom, floor, null, note);
    }

    /** Runs measured in pairs: the i-th of {@code stockroom} beside the i-th of {@code floor}. */
    static Row paired(
        String section,
        String what,
        String unit,
        List<Double> stockroom,
        List<Double> floor,
        String note) {
      var ratios = new ArrayList<Double>();
      for (int index = 0; index < stockroom.size(); index++) {
        ratios.add(stockroom.get(index) / floor.get(index));
      }
      return new Row(
          section, what, unit, Stats.of(stockroom), Stats.of(floor), Stats.of(ratios), note);
    }
  }

  record Stats(double median, double min, double max, int samples) {
    static Stats of(List<Double> values) {
      var sorted = new ArrayList<>(values);
      Collections.sort(sorted);
      return new Stats(
          sorted.get(sorted.size() / 2),
          sorted.get(0),
          sorted.get(sorted.size() - 1),
          sorted.size());
    }

    static Stats percentile(List<Double> values, double quantile) {
      var sorted = new ArrayList<>(values);
      Collections.sort(sorted);
      double value =
          sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
      return new Stats(value, sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }
  }

  private Benchmark(String database, Path work) {
    this.database = database;
    this.work = work;
  }

  public static void main(String[] arguments) throws Exception {
    String which = arguments.length == 0 ? "sqlite" : arguments[0];
    List<String> databases =
        switch (which) {
          case "sqlite" -> List.of("sqlite");
          case "postgres", "postgresql" -> List.of("postgres");
          case "both" -> List.of("sqlite", "postgres");
          default ->
              throw new IllegalArgumentException("usage: bench/run.sh [sqlite|postgres|both]");
        };
    for (String database : databases) {
      Path work = Files.createTempDirectory("stockroom-bench-" + database + "-");
      try {
        new Benchmark(database, work).run();
      } finally {
        // The million items and the floor tables: a few hundred MB a run.
        deleteRecursively(work);
      }
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (var paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private void run() throws Exception {
    String postgresDir = null;
    try {
      if (database.equals("postgres")) {
        // Its own top-level directory: the server runs as another user when this runs as root.
        postgresDir = Files.createTempDirectory("stockroom-bench-postgres-").toString();
        int port = freePort();
        exec("bin/test-postgres", "start", postgresDir, Integer.toString(port));
        jdbcUrl = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=stockroom";
      } else {
        // Foreign keys enforced, as on Stockroom's own connections (SQLite's default is off).
        jdbcUrl = "jdbc:sqlite:" + work.resolve("data/stockroom.db") + "?foreign_keys=true";
      }
      if (SECTIONS.contains("footprint") && database.equals("sqlite")) {
        footprint();
      }
      long started = System.nanoTime();
      startServer();
      double startSeconds = awaitFirstResponse(started);
      rows.add(row("Footprint", "start to first successful response", "s", List.of(startSeconds)));
      rows.add(row("Footprint", "RSS idle", "MB", List.of(rssMegabytes())));
      createSources();
      if (SECTIONS.contains("bulk")) {
        bulkSaves();
      }
      if (SECTIONS.contains("ledger")) {
        ledgerCost();
      }
      if (SECTIONS.contains("search")
          || SECTIONS.contains("salable")
          || SECTIONS.contains("admin")) {
        loadMillion();
        settle();
        rows.add(row("Footprint", "RSS after the 1M load", "MB", List.of(rssMegabytes())));
      }
      if (SECTIONS.contains("search")) {
        searches();
      }
      if (SECTIONS.contains("admin")) {
        adminGrid();
      }
      if (SECTIONS.contains("salable")) {
        salable();
      }
      if (SECTIONS.contains("concurrency")) {
        concurrency();
      }
      if (SECTIONS.contains("operations")) {
        operations();
      }
      if (SECTIONS.contains("async")) {
        asynchronous();
      }
      write();
    } finally {
      if (server != null) {
        server.destroy();
        server.waitFor(30, TimeUnit.SECONDS);
      }
      if (postgresDir != null) {
        exec("bin/test-postgres", "stop", postgresDir);
      }
    }
  }

  // ---------------------------------------------------------------- server

  /** Reads the server's log to its end, or until its pipe is closed with the process. */
  private static void drain(BufferedReader reader) {
    try {
      while (reader.readLine() != null) {
        // Dropped: the benchmark reads only where the server listens.
      }
    } catch (IOException closed) {
      // The process was stopped.
    }
  }

  private void startServer() throws IOException {
    var command =
        new ArrayList<>(
            List.of(
                "java",
                "-jar",
                "target/stockroom.jar",
                "--host=127.0.0.1",
                "--port=0",
                "--admin-password=" + PASSWORD,
                "--data-dir=" + work.resolve("data"),
                // The channel of the operations' stock, and a notify quantity above every
                // quantity: the low-stock report then lists every in-stock item.
                "--websites=base," + OPS_WEBSITE,
                "--notify-stock-qty=" + OPS_NOTIFY_QTY));
    if (database.equals("postgres")) {
      command.add("--db-url=" + jdbcUrl);
      // The server's default pool unless BENCH_POOL_SIZE says otherwise: with 16 connections, 16
      // writers on overlapping keys queued on row locks at 70,000 items/s; with the default 8,
      // 232,000; with 4, 196,000 (this machine, 2 cores).
      String poolSize = System.getenv("BENCH_POOL_SIZE");
      if (poolSize != null) {
        command.add("--db-pool-size=" + poolSize);
      }
    }
    command.set(0, ProcessHandle.current().info().command().orElse("java"));
    if (!SERVER_OPTIONS.isBlank()) {
      command.addAll(1, List.of(SERVER_OPTIONS.strip().split("\\s+")));
    }
    server = new ProcessBuilder(command).redirectErrorStream(true).start();
    var reader =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null) {
      var matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        base = "http://127.0.0.1:" + matcher.group(1);
        Thread.ofVirtual().start(() -> drain(reader));
        return;
      }
    }
    throw new IllegalStateException("The server stopped before it listened");
  }

  /** The admin's token from the server at {@code base}. */
  private String signIn() throws Exception {
    return post(
            "/rest/V1/integration/admin/token",
            "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}",
            false)
        .body()
        .replace("\"", "");
  }

  private double awaitFirstResponse(long started) throws Exception {
    while (true) {
      try {
        token = signIn();
        var response = get("/rest/V1/inventory/sources/default");
        if (response.statusCode() == 200) {
          return (System.nanoTime() - started) / 1e9;
        }
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
  }

  private double rssMegabytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + server.pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  private void createSources() throws Exception {
    for (String source : SOURCES) {
      if (!source.equals("default")) {
        check(
            post(
                "/rest/V1/inventory/sources",
                "{\"source\":{\"source_code\":\""
                    + source
                    + "\",\"name\":\""
                    + source
                    + "\",\"country_id\":\"US\",\"postcode\":\"1\"}}",
                true));
      }
    }
  }

  // ---------------------------------------------------------------- footprint

  /** Launches of ./stockroom per start-time figure. */
  private static final int LAUNCHES = 7;

  /** Turns the start-up cache off: JAVA_TOOL_OPTIONS come before the options ./stockroom passes. */
  private static final Map<String, String> NO_CACHE =
      Map.of("JAVA_TOOL_OPTIONS", "-XX:AOTMode=off");

  /**
   * ./stockroom as a user starts it, with its JVM settings and start-up cache: time from launch to
   * the first answered request (GET /health, polled every 5 ms), on a new data directory and on an
   * existing one, with and without the cache; then its resident memory over a million items loaded
   * and streamed, beside a server with the JVM's defaults (as the other sections run it) doing the
   * same work in turn. Runs on SQLite only: the figures are the JVM's, not the database's.
   */
  private void footprint() throws Exception {
    Path data = work.resolve("footprint");
    // bench/run.sh has just built the jar, so this start builds the start-up cache first.
    Launch afterBuild = launch(data.resolve("after-build"), Map.of());
    rows.add(
        row(
            "Footprint of ./stockroom",
            "first start after a build, start-up cache built meanwhile",
            "s",
            List.of(afterBuild.seconds())));
    for (var environment : List.of(Map.<String, String>of(), NO_CACHE)) {
      String cache = environment.isEmpty() ? "with" : "without";
      var firstStarts = new ArrayList<Launch>();
      var restarts = new ArrayList<Launch>();
      var passwordRestarts = new ArrayList<Launch>();
      var passwordEnvironment = new java.util.HashMap<>(environment);
      passwordEnvironment.put("STOCKROOM_ADMIN_PASSWORD", PASSWORD);
      for (int launch = 0; launch < LAUNCHES; launch++) {
        Path dataDir = data.resolve(cache + "-" + launch);
        firstStarts.add(launch(dataDir, environment));
        restarts.add(launch(dataDir, environment));
        passwordRestarts.add(launch(dataDir, passwordEnvironment));
      }
      addLaunches("new data directory, " + cache + " the start-up cache", firstStarts);
      addLaunches("existing data directory, " + cache + " the start-up cache", restarts);
      addLaunches(
          "existing data directory and STOCKROOM_ADMIN_PASSWORD set (bcrypt), "
              + cache
              + " the start-up cache",
          passwordRestarts);
    }
    memory(data);
  }

  record Launch(double seconds, double cpuSeconds) {}

  private void addLaunches(String what, List<Launch> launches) {
    rows.add(
        row(
            "Footprint of ./stockroom",
            "launch to first answered request, " + what,
            "s",
            launches.stream().map(Launch::seconds).toList(),
            String.format(
                Locale.ROOT,
                "median of %d; CPU time of the process until then: %.2f s",
                launches.size(),
                Stats.of(launches.stream().map(Launch::cpuSeconds).toList()).median())));
  }

  /** One start of ./stockroom, timed to its first answer, then stopped. */
  private Launch launch(Path dataDir, Map<String, String> environment) throws Exception {
    int port = freePort();
    long started = System.nanoTime();
    Process process = startScript(dataDir, port, environment);
    try {
      awaitHealth(process, port);
      double seconds = (System.nanoTime() - started) / 1e9;
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      return new Launch(seconds, cpuNanos(stat) / 1e9);
    } finally {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private Process startScript(Path dataDir, int port, Map<String, String> environment)
      throws IOException {
    var builder =
        new ProcessBuilder(
                "./stockroom", "--host=127.0.0.1", "--port=" + port, "--data-dir=" + dataDir)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(work.resolve("footprint.log").toFile()));
    builder.environment().putAll(environment);
    return builder.start();
  }

  private void awaitHealth(Process process, int port) throws Exception {
    var health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
    while (true) {
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "./stockroom stopped before it answered; see " + work.resolve("footprint.log"));
        }
      }
      Thread.sleep(5);
    }
  }

  /**
   * Resident memory with ./stockroom's JVM settings, beside a server on the JVM's defaults without
   * the cache (java -jar, as the other sections run it): both running, a million items loaded into
   * each in turn, a quarter at a time, then one source streamed unpaged from each in turn. The
   * throughputs, measured in pairs, say what the settings cost.
   */
  private void memory(Path data) throws Exception {
    var defaultsEnvironment = new java.util.HashMap<>(NO_CACHE);
    defaultsEnvironment.put("STOCKROOM_JAVA_OPTS", "");
    var processes = new ArrayList<Process>();
    var ports = new ArrayList<Integer>();
    var servers = new ArrayList<Footprint>();
    try {
      for (var environment : List.of(Map.<String, String>of(), defaultsEnvironment)) {
        var withPassword = new java.util.HashMap<>(environment);
        withPassword.put("STOCKROOM_ADMIN_PASSWORD", PASSWORD);
        ports.add(freePort());
        processes.add(
            startScript(data.resolve("memory-" + ports.size()), ports.getLast(), withPassword));
      }
      var idle = new ArrayList<Double>();
      for (int index = 0; index < processes.size(); index++) {
        awaitHealth(processes.get(index), ports.get(index));
        server = processes.get(index);
        base = "http://127.0.0.1:" + ports.get(index);
        token = signIn();
        servers.add(new Footprint(server, base, token));
        idle.add(rssMegabytes());
        createSources();
      }
      var loads = List.of(new ArrayList<Double>(), new ArrayList<Double>());
      for (int quarter = 0; quarter < 4; quarter++) {
        for (int index = 0; index < servers.size(); index++) {
          use(servers.get(index));
          long started = System.nanoTime();
          loadSkus(quarter * SKUS / 4, (quarter + 1) * SKUS / 4);
          loads.get(index).add(SKUS * SOURCES.length / 4 / ((System.nanoTime() - started) / 1e9));
        }
      }
      var loaded = new ArrayList<Double>();
      for (Footprint footprint : servers) {
        use(footprint);
        loaded.add(rssMegabytes());
      }
      String target =
          "/rest/V1/inventory/source-items?searchCriteria[filter_groups][0][filters][0][field]=source_code"
              + "&searchCriteria[filter_groups][0][filters][0][value]=src-b";
      var streams = List.of(new ArrayList<Double>(), new ArrayList<Double>());
      var peaks = List.of(new ArrayList<Double>(), new ArrayList<Double>());
      for (int repeat = 0; repeat < REPEATS + 2; repeat++) {
        for (int index = 0; index < servers.size(); index++) {
          use(servers.get(index));
          double[] stream = streamWithPeak(target);
          // The first two streams of each warm it up.
          if (repeat >= 2) {
            streams.get(index).add(stream[0]);
            peaks.get(index).add(stream[1]);
          }
        }
      }
      var streamed = new ArrayList<Double>();
      for (Footprint footprint : servers) {
        use(footprint);
        streamed.add(rssMegabytes());
      }
      String settings = "./stockroom's settings (" + scriptJavaOptions() + ", start-up cache)";
      String defaults = "the JVM's defaults, no cache (java -jar, as the other sections)";
      String section = "Footprint of ./stockroom";
      for (int index = 0; index < servers.size(); index++) {
        String with = index == 0 ? settings : defaults;
        rows.add(row(section, "RSS idle, " + with, "MB", List.of(idle.get(index))));
        rows.add(
            row(
                section,
                "RSS after loading 1,000,000 items, " + with,
                "MB",
                List.of(loaded.get(index))));
        rows.add(
            row(
                section,
                "RSS during the unpaged stream of 250,000 items (peak), " + with,
                "MB",
                peaks.get(index)));
        rows.add(
            row(section, "RSS after the streams, " + with, "MB", List.of(streamed.get(index))));
      }
      rows.add(
          Row.paired(
              section,
              "load of 1,000,000 items, 10,000 per request, " + settings,
              "items/s",
              loads.get(0),
              loads.get(1),
              "floor column: "
                  + defaults
                  + "; four quarters of each, in turn; bodies built"
                  + " by the client in between, one request at a time"));
      rows.add(
          Row.paired(
              section,
              "unpaged stream of one source (250,000 items), " + settings,
              "MB/s",
              streams.get(0),
              streams.get(1),
              "floor column: " + defaults + "; in turn, after two warm-up streams of each"));
    } finally {
      for (Process process : processes) {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
      }
      server = null;
    }
  }

  /** A server of the footprint section, signed in. */
  record Footprint(Process process, String base, String token) {}

  /** Points the requests and RSS readings at {@code footprint}. */
  private void use(Footprint footprint) {
    server = footprint.process();
    base = footprint.base();
    token = footprint.token();
  }

  /** An unpaged stream read to its end: MB/s, and the peak RSS meanwhile (sampled every 50 ms). */
  private double[] streamWithPeak(String target) throws Exception {
    var sampling = new AtomicBoolean(true);
    var peak = new AtomicLong();
    var sampler =
        Thread.ofVirtual()
            .start(() -> {
              while (sampling.get()) {
                try {
                  peak.accumulateAndGet((long) rssMegabytes(), Math::max);
                  Thread.sleep(50);
                } catch (Exception stop) {
                  return;
                }
              }
            });
    long started = System.nanoTime();
    long bytes =
        drain(http.send(request(target).build(), HttpResponse.BodyHandlers.ofInputStream()).body());
    double seconds = (System.nanoTime() - started) / 1e9;
    sampling.set(false);
    sampler.join();
    return new double[] {bytes / 1e6 / seconds, peak.get()};
  }

  /** The JVM options ./stockroom uses unless STOCKROOM_JAVA_OPTS is set, read from the script. */
  private static String scriptJavaOptions() throws IOException {
    var matcher =
        Pattern.compile("STOCKROOM_JAVA_OPTS-([^}]*)}")
            .matcher(Files.readString(Path.of("stockroom")));
    return matcher.find() ? matcher.group(1) : "?";
  }

  // ---------------------------------------------------------------- bulk save

  private void bulkSaves() throws Exception {
    warmUp();
    for (int batch : BATCHES) {
      var inserts = new ArrayList<Double>();
      var updates = new ArrayList<Double>();
      var floorInserts = new ArrayList<Double>();
      var floorUpdates = new ArrayList<Double>();
      var insertCpu = new ArrayList<Save>();
      var updateCpu = new ArrayList<Save>();
      var floorPlusExchangeInserts = new ArrayList<Double>();
      var floorPlusExchangeUpdates = new ArrayList<Double>();
      for (int repeat = 0; repeat < REPEATS; repeat++) {
        String prefix = "BULK-" + batch + "-" + repeat + "-";
        Save insert = saveOverHttp(prefix, batch, 1);
        Save update = saveOverHttp(prefix, batch, 2);
        inserts.add(insert.itemsPerSecond());
        updates.add(update.itemsPerSecond());
        insertCpu.add(insert);
        updateCpu.add(update);
        double floorInsert =
            saveThroughJdbc("floor_" + batch + "_" + repeat, prefix, batch, 1, true);
        double floorUpdate =
            saveThroughJdbc("floor_" + batch + "_" + repeat, prefix, batch, 2, false);
        floorInserts.add(floorInsert);
        floorUpdates.add(floorUpdate);
        double exchange = exchangeSecondsPerItem(prefix, batch);
        floorPlusExchangeInserts.add(1 / (1 / floorInsert + exchange));
        floorPlusExchangeUpdates.add(1 / (1 / floorUpdate + exchange));
        // The floor writes into a fresh table each run; so does Stockroom, or it would be measured
        // on an ever larger table against a floor on an empty one.
        deleteOverHttp(prefix, BULK_ROWS);
      }
      rows.add(
          Row.paired(
              "Bulk save, 100,000 items",
              "insert, " + batch + " per request",
              "items/s",
              inserts,
              floorInserts,
              "floor: multi-row upsert, same batch; " + Save.cpu(insertCpu)));
      rows.add(
          Row.paired(
              "Bulk save, 100,000 items",
              "update, " + batch + " per request",
              "items/s",
              updates,
              floorUpdates,
              "floor: multi-row upsert, same batch; " + Save.cpu(updateCpu)));
      for (String kind : List.of("insert", "update")) {
        rows.add(
            Row.paired(
                "Bulk save, 100,000 items",
                kind + ", " + batch + " per request, against floor + HTTP exchange",
                "items/s",
                kind.equals("insert") ? inserts : updates,
                kind.equals("insert") ? floorPlusExchangeInserts : floorPlusExchangeUpdates,
                "floor: its time plus POSTing the same bodies to a 404 outside /rest (read, not"
                    + " parsed)"));
      }
    }
    if (database.equals("postgres")) {
      var copies = new ArrayList<Double>();
      for (int repeat = 0; repeat < REPEATS; repeat++) {
        copies.add(copyIntoEmptyTable("floor_copy_" + repeat));
      }
      rows.add(
          new Row(
              "Bulk save, 100,000 items",
              "insert, COPY into an empty table",
              "items/s",
              null,
              Stats.of(copies),
              "PostgreSQL's fastest load"));
    }
  }

  /**
   * What the change ledger and the event outbox cost bulk saves: the same saves over HTTP with the
   * ledger's triggers in place and with them disabled, alternating, on the same server and table.
   * (The ledger is the outbox of item events; nothing else is written per item.)
   */
  private void ledgerCost() throws Exception {
    if (!SECTIONS.contains("bulk")) {
      warmUp();
    }
    String section = "Change ledger on bulk saves, 100,000 items";
    for (int batch : BATCHES) {
      var insertsWith = new ArrayList<Double>();
      var updatesWith = new ArrayList<Double>();
      var insertsWithout = new ArrayList<Double>();
      var updatesWithout = new ArrayList<Double>();
      for (int repeat = 0; repeat < REPEATS; repeat++) {
        for (boolean ledger : List.of(true, false)) {
          ledger(ledger);
          String prefix = "LEDGER-" + batch + "-" + repeat + "-" + ledger + "-";
          double insert = saveOverHttp(prefix, batch, 1).itemsPerSecond();
          double update = saveOverHttp(prefix, batch, 2).itemsPerSecond();
          (ledger ? insertsWith : insertsWithout).add(insert);
          (ledger ? updatesWith : updatesWithout).add(update);
          deleteOverHttp(prefix, BULK_ROWS);
        }
        ledger(true);
      }
      String note = "floor column: the same saves with the ledger's triggers disabled";
      rows.add(
          Row.paired(
              section,
              "insert, " + batch + " per request",
              "items/s",
              insertsWith,
              insertsWithout,
              note));
      rows.add(
          Row.paired(
              section,
              "update, " + batch + " per request",
              "items/s",
              updatesWith,
              updatesWithout,
              note));
    }
  }

  /** SQLite's ledger triggers as created, to put back after they were dropped. */
  private final List<String> ledgerTriggers = new ArrayList<>();

  /** Puts the ledger's triggers in place, or takes them away, under the running server. */
  private void ledger(boolean on) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
        var statement = connection.createStatement()) {
      if (database.equals("postgres")) {
        for (String trigger :
            List.of("source_items_inserted", "source_items_updated", "source_items_deleted")) {
          statement.execute(
              "ALTER TABLE source_item " + (on ? "ENABLE" : "DISABLE") + " TRIGGER " + trigger);
        }
        return;
      }
      if (on) {
        for (String trigger : ledgerTriggers) {
          statement.execute(trigger);
        }
        ledgerTriggers.clear();
        return;
      }
      try (var triggers =
          statement.executeQuery(
              "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                  + " AND tbl_name = 'source_item' AND name LIKE 'source_item_%'")) {
        var names = new ArrayList<String>();
        while (triggers.next()) {
          names.add(triggers.getString(1));
          ledgerTriggers.add(triggers.getString(2));
        }
        for (String name : names) {
          connection.createStatement().execute("DROP TRIGGER " + name);
        }
      }
    }
  }

  /**
   * Runs every measured path, untimed, until the server's JIT compiler has settled, so that neither
   * side is measured while it is still at work. A round saves 100,000 items in each request size
   * (inserted, then updated) and POSTs them to the 404; rounds go on until one in which the
   * compiler threads used less than {@link #SETTLED} of a core, at least two and at most {@link
   * #MAX_WARM_UP_ROUNDS}. On a fresh server the first 1,000 requests of 100 items took three to
   * five times as long as later ones, and the compiler was still busy after 10,000 of them. The
   * floor's path is warmed in the first two rounds.
   */
  private void warmUp() throws Exception {
    int round = 0;
    double compilerCores;
    do {
      long compilerCpu = compilerCpuNanos();
      long started = System.nanoTime();
      for (int batch : BATCHES) {
        String prefix = "WARM-" + batch + "-";
        wrkOnce("/rest/V1/inventory/source-items", bodies(prefix, batch, 1), 200);
        wrkOnce("/rest/V1/inventory/source-items", bodies(prefix, batch, 2), 200);
        wrkOnce("/bench-no-route", bodies(prefix, batch, 1), 404);
        deleteOverHttp(prefix, BULK_ROWS);
        if (round < 2) {
          saveThroughJdbc("floor_warm_" + batch + "_" + round, prefix, batch, 1, true);
          saveThroughJdbc("floor_warm_" + batch + "_" + round, prefix, batch, 2, false);
        }
      }
      compilerCores = (double) (compilerCpuNanos() - compilerCpu) / (System.nanoTime() - started);
      round++;
    } while (round < MAX_WARM_UP_ROUNDS && (round < 2 || compilerCores >= SETTLED));
    rows.add(
        row(
            "Bulk save, 100,000 items",
            "warm-up rounds before measuring",
            "rounds",
            List.of((double) round),
            String.format(
                Locale.ROOT,
                "the JIT compiler used %.3f cores in the last (settled: under %.2f)",
                compilerCores,
                SETTLED)));
  }

  /**
   * On PostgreSQL, what autovacuum would do given a minute: reclaim the rows the bulk runs deleted
   * and gather statistics on what was just loaded, so that queries meet the steady state and not
   * the minute after a mass load (with the statistics of an empty reservation table, PostgreSQL
   * scanned all 100,000 reservations for 100 SKUs: 16 ms instead of 1). SQLite needs neither.
   */
  private void settle() throws SQLException {
    if (database.equals("postgres")) {
      try (Connection connection = DriverManager.getConnection(jdbcUrl);
          var statement = connection.createStatement()) {
        statement.execute("VACUUM ANALYZE");
      }
    }
  }

  /** Deletes the items a run saved, untimed, through Stockroom's own delete route. */
  private void deleteOverHttp(String prefix, int count) throws Exception {
    for (int start = 0; start < count; start += 10_000) {
      check(
          post(
              "/rest/V1/inventory/source-items-delete",
              items(prefix, start, Math.min(10_000, count - start), 0),
              true));
    }
  }

  /**
   * A run of saves over HTTP: its throughput, and the CPU the server and the load generator (which
   * shares the machine's cores) spent meanwhile, in cores (CPU seconds per second).
   */
  record Save(double itemsPerSecond, double serverCores, double compilerCores, double clientCores) {
    static String cpu(List<Save> saves) {
      return String.format(
          Locale.ROOT,
          "CPU meanwhile: server %.2f (its JIT compiler %.3f), wrk %.2f cores",
          Stats.of(saves.stream().map(Save::serverCores).toList()).median(),
          Stats.of(saves.stream().map(Save::compilerCores).toList()).median(),
          Stats.of(saves.stream().map(Save::clientCores).toList()).median());
    }
  }

  /**
   * One client sends the bodies one after the other, each once. They are built before wrk starts:
   * the figure is the server's, not the client's.
   */
  private Save saveOverHttp(String prefix, int batch, int quantity) throws Exception {
    long serverCpu = serverCpuNanos();
    long compilerCpu = compilerCpuNanos();
    Load load = wrkOnce("/rest/V1/inventory/source-items", bodies(prefix, batch, quantity), 200);
    double elapsed = load.seconds() * 1e9;
    return new Save(
        BULK_ROWS / load.seconds(),
        (serverCpuNanos() - serverCpu) / elapsed,
        (compilerCpuNanos() - compilerCpu) / elapsed,
        load.clientCpuSeconds() * 1e9 / elapsed);
  }

  /**
   * What HTTP alone costs a save: the same bodies POSTed to a path outside /rest, where the server
   * reads each body and answers 404 without credentials, parsing or database. Seconds per item.
   */
  private double exchangeSecondsPerItem(String prefix, int batch) throws Exception {
    return wrkOnce("/bench-no-route", bodies(prefix, batch, 1), 404).seconds() / BULK_ROWS;
  }

  /** The server's user and system CPU time, from /proc (in clock ticks of 10 ms). */
  private long serverCpuNanos() throws IOException {
    return cpuNanos(Files.readString(Path.of("/proc/" + server.pid() + "/stat")));
  }

  /** User and system CPU from a process's or thread's /proc stat line (clock ticks of 10 ms). */
  private static long cpuNanos(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
  }

  /**
   * The CPU time of the server's JIT compiler threads, from /proc (in clock ticks of 10 ms). A
   * compiler thread that ends takes its time with it; with this machine's two cores the JVM keeps
   * one of each kind.
   */
  private long compilerCpuNanos() throws IOException {
    long nanos = 0;
    try (var tasks = Files.list(Path.of("/proc/" + server.pid() + "/task"))) {
      for (Path task : tasks.toList()) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException ended) {
          continue;
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
          nanos += cpuNanos(stat);
        }
      }
    }
    return nanos;
  }

  /** The bodies of one run of saves: BULK_ROWS items, {@code batch} per request. */
  private static List<String> bodies(String prefix, int batch, int quantity) {
    var bodies = new ArrayList<String>();
    for (int start = 0; start < BULK_ROWS; start += batch) {
      bodies.add(items(prefix, start, batch, quantity));
    }
    return bodies;
  }

  private static String items(String prefix, int start, int count, int quantity) {
    var body = new StringBuilder(count * 80).append("{\"sourceItems\":[");
    for (int index = start; index < start + count; index++) {
      body.append(index == start ? "" : ",")
          .append("{\"sku\":\"")
          .append(prefix)
          .append(index)
          .append("\",\"source_code\":\"")
          .append(SOURCES[index % SOURCES.length])
          .append("\",\"quantity\":")
          .append(quantity)
          .append(".5,\"status\":1}");
    }
    return body.append("]}").toString();
  }

  /**
   * The same rows written straight into a table of the same shape in the same database (the same
   * columns, unique key, index and foreign key to {@code source}), with the best plain technique:
   * one multi-row INSERT … ON CONFLICT DO UPDATE per batch, rows sorted by key, one transaction per
   * batch (as Stockroom commits one per request).
   */
  private double saveThroughJdbc(
      String table, String prefix, int batch, int quantity, boolean create) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
      if (create) {
        createFloorTable(connection, table);
      }
      connection.setAutoCommit(false);
      long started = System.nanoTime();
      int chunk = Math.min(batch, 500);
      String values = String.join(",", Collections.nCopies(chunk, "(?,?,?,?,?,?)"));
      String sql =
          "INSERT INTO "
              + table
              + " (source_key, source_code, sku, sku_key, quantity_e4, status) VALUES "
              + values
              + " ON CONFLICT (source_key, sku_key) DO UPDATE SET quantity_e4 = excluded.quantity_e4, status = excluded.status";
      try (PreparedStatement upsert = connection.prepareStatement(sql)) {
        for (int start = 0; start < BULK_ROWS; start += batch) {
          var keys = new ArrayList<String[]>();
          for (int index = start; index < start + batch; index++) {
            String sku = prefix + index;
            keys.add(new String[] {SOURCES[index % SOURCES.length], sku});
          }
          keys.sort((a, b) ->
              a[0].equals(b[0])
                  ? a[1].toLowerCase(Locale.ROOT).compareTo(b[1].toLowerCase(Locale.ROOT))
                  : a[0].compareTo(b[0]));
          for (int offset = 0; offset < keys.size(); offset += chunk) {
            int parameter = 1;
            for (String[] key : keys.subList(offset, offset + chunk)) {
              upsert.setString(parameter++, key[0]);
              upsert.setString(parameter++, key[0]);
              upsert.setString(parameter++, key[1]);
              upsert.setString(parameter++, key[1].toLowerCase(Locale.ROOT));
              upsert.setLong(parameter++, quantity * 10_000L + 5_000);
              upsert.setInt(parameter++, 1);
            }
            upsert.executeUpdate();
          }
          connection.commit();
        }
      }
      return BULK_ROWS / ((System.nanoTime() - started) / 1e9);
    }
  }

  private void createFloorTable(Connection connection, String table) throws SQLException {
    String id =
        database.equals("postgres")
            ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
            : "INTEGER PRIMARY KEY";
    String text = database.equals("postgres") ? "TEXT COLLATE \"C\"" : "TEXT";
    try (var statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE "
              + table
              + " (id "
              + id
              + ", source_key "
              + text
              + " NOT NULL REFERENCES source (source_key), source_code "
              + text
              + " NOT NULL, sku "
              + text
              + " NOT NULL, sku_key "
              + text
              + " NOT NULL, quantity_e4 BIGINT NOT NULL, "
              + "status SMALLINT NOT NULL, UNIQUE (source_key, sku_key))");
      statement.execute("CREATE INDEX " + table + "_by_sku ON " + table + " (sku_key, source_key)");
    }
  }

  private double copyIntoEmptyTable(String table) throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
      createFloorTable(connection, table);
      var data = new StringBuilder();
      for (int index = 0; index < BULK_ROWS; index++) {
        String source = SOURCES[index % SOURCES.length];
        String sku = "COPY-" + index;
        data.append(source)
            .append('\t')
            .append(source)
            .append('\t')
            .append(sku)
            .append('\t')
            .append(sku.toLowerCase(Locale.ROOT))
            .append('\t')
            .append(15_000)
            .append('\t')
            .append(1)
            .append('\n');
      }
      long started = System.nanoTime();
      connection
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY "
                  + table
                  + " (source_key, source_code, sku, sku_key, quantity_e4, status) FROM STDIN",
              new ByteArrayInputStream(data.toString().getBytes(StandardCharsets.UTF_8)));
      return BULK_ROWS / ((System.nanoTime() - started) / 1e9);
    }
  }

  // ---------------------------------------------------------------- a million rows, searched

  private void loadMillion() throws Exception {
    loadSkus(0, SKUS);
  }

  /** The SKUs from {@code from} up to {@code end} in every source, 10,000 items a request. */
  private void loadSkus(int from, int end) throws Exception {
    int batch = 10_000;
    for (int start = from; start < end; start += batch / SOURCES.length) {
      var body = new StringBuilder(batch * 80).append("{\"sourceItems\":[");
      boolean first = true;
      for (int sku = start; sku < start + batch / SOURCES.length; sku++) {
        for (int source = 0; source < SOURCES.length; source++) {
          body.append(first ? "" : ",")
              .append("{\"sku\":\"SKU-")
              .append(sku)
              .append("\",\"source_code\":\"")
              .append(SOURCES[source])
              .append("\",\"quantity\":")
              .append((sku * 7 + source) % 1000)
              .append(",\"status\":")
              .append(sku % 10 == 0 ? 0 : 1)
              .append('}');
          first = false;
        }
      }
      check(post("/rest/V1/inventory/source-items", body.append("]}").toString(), true));
    }
  }

  private void searches() throws Exception {
    bareRoundTrip();
    String filter = "searchCriteria[filter_groups][0][filters][0]";
    String columns = "SELECT sku, source_code, quantity_e4, status FROM source_item";
    var random = new Random(1);
    search(
        "sku eq",
        () -> "?" + filter + "[field]=sku&" + filter + "[value]=SKU-" + random.nextInt(SKUS),
        List.of(columns + " WHERE sku_key = ? ORDER BY source_item_id"),
        () -> new Object[] {"sku-" + random.nextInt(SKUS)});
    search(
        "sku in (20 values)",
        () ->
            "?"
                + filter
                + "[field]=sku&"
                + filter
                + "[condition_type]=in&"
                + filter
                + "[value]="
                + skuList(random),
        List.of(
            columns
                + " WHERE sku_key IN ("
                + String.join(",", Collections.nCopies(20, "?"))
                + ") ORDER BY source_item_id"),
        () -> {
          var skus = new Object[20];
          for (int index = 0; index < skus.length; index++) {
            skus[index] = "sku-" + random.nextInt(SKUS);
          }
          return skus;
        });
    // A page comes with its total, as in Magento: Stockroom counts, then reads the page.
    search(
        "sku like 'SKU-1234%' + sort by quantity + page_size 20",
        () ->
            "?"
                + filter
                + "[field]=sku&"
                + filter
                + "[condition_type]=like&"
                + filter
                + "[value]=SKU-"
                + (1000 + random.nextInt(9000))
                + "%25&searchCriteria[sortOrders][0][field]=quantity&searchCriteria[pageSize]=20",
        List.of(
            "SELECT COUNT(*) FROM source_item WHERE sku_key >= ? AND sku_key < ?",
            columns
                + " WHERE sku_key >= ? AND sku_key < ? ORDER BY quantity_e4 DESC, source_item_id"
                + " LIMIT 20 OFFSET 0"),
        () -> {
          String prefix = "sku-" + (1000 + random.nextInt(9000));
          String end =
              prefix.substring(0, prefix.length() - 1)
                  + (char) (prefix.charAt(prefix.length() - 1) + 1);
          return new Object[] {prefix, end};
        });
    search(
        "status eq 0, count only (page_size 1)",
        () -> "?" + filter + "[field]=status&" + filter + "[value]=0&searchCriteria[pageSize]=1",
        List.of(
            "SELECT COUNT(*) FROM source_item WHERE status = ?",
            columns + " WHERE status = ? ORDER BY source_item_id LIMIT 1 OFFSET 0"),
        () -> new Object[] {0L});
    stream();
  }

  /**
   * What any request costs before Stockroom does anything: a GET outside /rest, answered 404 by the
   * catch-all route without credentials, database or JSON parsing.
   */
  private void bareRoundTrip() throws Exception {
    var p50 = new ArrayList<Double>();
    var p99 = new ArrayList<Double>();
    for (int round = 0; round <= REPEATS; round++) {
      Load bare = bare();
      if (round > 0) {
        p50.add(bare.p50Millis());
        p99.add(bare.p99Millis());
      }
    }
    String note = "no credentials, database or JSON";
    rows.add(
        row(
            "Search on 1,000,000 items",
            "bare HTTP round trip (404 outside /rest), p50",
            "ms",
            p50,
            note));
    rows.add(
        row(
            "Search on 1,000,000 items",
            "bare HTTP round trip (404 outside /rest), p99",
            "ms",
            p99,
            note));
  }

  /** GETs outside /rest, answered 404, for a second. */
  private Load bare() throws Exception {
    return wrkLoop(1, Duration.ofSeconds(1), "GET", "", List.of("/bench-no-route"), 404);
  }

  private static String skuList(Random random) {
    var skus = new ArrayList<String>();
    for (int index = 0; index < 20; index++) {
      skus.add("SKU-" + random.nextInt(SKUS));
    }
    return String.join(",", skus);
  }

  interface Parameters {
    Object[] next();
  }

  /** The parameters of each statement of one request, in statement order. */
  interface StatementParameters {
    Object[][] next();
  }

  interface Query {
    String next();
  }

  /** A source-item search, against the statements it runs, all with the same parameters. */
  /**
   * The admin page's source-item grid against the REST search it makes, on the million items: the
   * same filter (a SKU prefix, in stock, a quantity range), sort and page of 20, one client each,
   * measured in turn, round after round. The page adds signing in from its cookie, writing HTML and
   * the row forms. Goal: within 1.5× of the REST search.
   */
  private void adminGrid() throws Exception {
    var signIn =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/admin/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + PASSWORD))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    String cookie = "cookie:" + setCookie.substring(0, setCookie.indexOf(';'));
    var random = new Random(5);
    var pages = new ArrayList<String>();
    var searches = new ArrayList<String>();
    String filter = "searchCriteria[filter_groups][%d][filters][0]";
    for (int index = 0; index < TARGETS; index++) {
      String prefix = "SKU-" + (100 + random.nextInt(900));
      pages.add(
          "/admin/source-items?sku="
              + prefix
              + "&status=1&min=1&max=90&sort=quantity&dir=DESC"
              + "&page=1");
      searches.add(
          "/rest/V1/inventory/source-items?"
              + filter.formatted(0)
              + "[field]=sku&"
              + filter.formatted(0)
              + "[value]="
              + prefix
              + "%25&"
              + filter.formatted(0)
              + "[condition_type]=like&"
              + filter.formatted(1)
              + "[field]=status&"
              + filter.formatted(1)
              + "[value]=1&"
              + filter.formatted(1)
              + "[condition_type]=eq&"
              + filter.formatted(2)
              + "[field]=quantity&"
              + filter.formatted(2)
              + "[value]=1&"
              + filter.formatted(2)
              + "[condition_type]=gteq&"
              + filter.formatted(3)
              + "[field]=quantity&"
              + filter.formatted(3)
              + "[value]=90&"
              + filter.formatted(3)
              + "[condition_type]=lteq&"
              + "searchCriteria[sortOrders][0][field]=quantity"
              + "&searchCriteria[sortOrders][0][direction]=DESC&searchCriteria[pageSize]=20"
              + "&searchCriteria[currentPage]=1");
    }
    var grid = new ArrayList<Double>();
    var gridP99 = new ArrayList<Double>();
    var rest = new ArrayList<Double>();
    var restP99 = new ArrayList<Double>();
    for (int round = 0; round < REPEATS + 1; round++) {
      credential = cookie;
      Load page = wrkLoop(1, SEARCH_TIME, "GET", "", pages, 200);
      credential = null;
      Load search = wrkLoop(1, SEARCH_TIME, "GET", "", searches, 200);
      if (round > 0) {
        // The first round warms both up.
        grid.add(page.p50Millis());
        gridP99.add(page.p99Millis());
        rest.add(search.p50Millis());
        restP99.add(search.p99Millis());
      }
    }
    String note =
        "floor column: the same search over REST; SKU prefix of 1,000 items, in stock,"
            + " quantity 1-90, by quantity, page of 20";
    rows.add(
        Row.paired("Admin page on 1,000,000 items", "grid search, p50", "ms", grid, rest, note));
    rows.add(
        Row.paired(
            "Admin page on 1,000,000 items", "grid search, p99", "ms", gridP99, restP99, note));
  }

  private void search(String what, Query query, List<String> statements, Parameters parameters)
      throws Exception {
    compare(
        "Search on 1,000,000 items",
        what,
        () -> "/rest/V1/inventory/source-items" + query.next(),
        statements,
        () -> {
          Object[] values = parameters.next();
          var each = new Object[statements.size()][];
          Arrays.fill(each, values);
          return each;
        });
  }

  /**
   * GETs over HTTP against the statements Stockroom runs for them, run raw over JDBC (prepared
   * once, in one transaction per request), and against their floor: the same statements plus a bare
   * round trip. (The token lookup is not in the floor: the server holds a sign-in for a second, so
   * it looks the benchmark's token up about once a second, not once a request.) The three are
   * measured in turn, round after round, so that whatever else the machine does meanwhile weighs on
   * each alike; each figure is the median of the rounds. Before them come one to three longer,
   * unmeasured rounds of requests, until the server's JIT compiler has settled, and one of the raw
   * statements and the bare round trip.
   */
  private void compare(
      String section,
      String what,
      Query target,
      List<String> statements,
      StatementParameters parameters)
      throws Exception {
    var targets = new ArrayList<String>();
    for (int index = 0; index < TARGETS; index++) {
      targets.add(target.next());
    }
    compareRequests(section, what, "GET", "", targets, statements, parameters);
  }

  /**
   * As {@link #compare}, for any method: {@code lines} are GET targets, or bodies POSTed to {@code
   * path}.
   */
  private void compareRequests(
      String section,
      String what,
      String method,
      String path,
      List<String> targets,
      List<String> statements,
      StatementParameters parameters)
      throws Exception {
    var stockroom = new ArrayList<Double>();
    var stockroomP99 = new ArrayList<Double>();
    var raw = new ArrayList<Double>();
    var rawP99 = new ArrayList<Double>();
    var floor = new ArrayList<Double>();
    String warmUpNote;
    try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
      connection.setAutoCommit(false);
      var prepared = new ArrayList<PreparedStatement>();
      try {
        for (String sql : statements) {
          prepared.add(connection.prepareStatement(sql));
        }
        // Unmeasured rounds first, while the JIT compiler is at work: up to three.
        int warmUps = 0;
        double warmUpCores;
        do {
          long compilerCpu = compilerCpuNanos();
          Load load = wrkLoop(1, SEARCH_WARM_UP, method, path, targets, 200);
          warmUpCores = (compilerCpuNanos() - compilerCpu) / (load.seconds() * 1e9);
          warmUps++;
        } while (warmUps < 3 && warmUpCores >= SETTLED);
        long rawWarmUp = System.nanoTime() + RAW_TIME.toNanos();
        while (System.nanoTime() < rawWarmUp) {
          runRaw(connection, prepared, parameters.next());
        }
        bare();
        var compilerCores = new ArrayList<Double>();
        for (int round = 0; round < REPEATS; round++) {
          long compilerCpu = compilerCpuNanos();
          Load load = wrkLoop(1, SEARCH_TIME, method, path, targets, 200);
          double cores = (compilerCpuNanos() - compilerCpu) / (load.seconds() * 1e9);
          compilerCores.add(cores);
          var rawMillis = new ArrayList<Double>();
          long deadline = System.nanoTime() + RAW_TIME.toNanos();
          while (System.nanoTime() < deadline || rawMillis.size() < 20) {
            rawMillis.add(runRaw(connection, prepared, parameters.next()));
          }
          Load bare = bare();
          stockroom.add(load.p50Millis());
          stockroomP99.add(load.p99Millis());
          raw.add(Stats.percentile(rawMillis, 0.5).median());
          rawP99.add(Stats.percentile(rawMillis, 0.99).median());
          floor.add(Stats.percentile(rawMillis, 0.5).median() + bare.p50Millis());
        }
        warmUpNote =
            String.format(
                Locale.ROOT,
                "; %d warm-up round(s) of %d s, JIT compiler meanwhile %.3f cores",
                warmUps,
                SEARCH_WARM_UP.toSeconds(),
                Stats.of(compilerCores).median());
      } finally {
        for (PreparedStatement statement : prepared) {
          statement.close();
        }
      }
    }
    String rawNote = "raw: the same statements over JDBC" + warmUpNote;
    rows.add(Row.paired(section, what + ", p50", "ms", stockroom, raw, rawNote));
    rows.add(Row.paired(section, what + ", p99", "ms", stockroomP99, rawP99, rawNote));
    rows.add(
        Row.paired(
            section,
            what + ", p50 against the floor",
            "ms",
            stockroom,
            floor,
            "floor: these statements raw, plus a bare round trip, measured in turn with each"
                + " round"));
  }

  /** One request's statements, raw, in one transaction: milliseconds. */
  private static double runRaw(
      Connection connection, List<PreparedStatement> prepared, Object[][] values)
      throws SQLException {
    long started = System.nanoTime();
    for (int number = 0; number < prepared.size(); number++) {
      PreparedStatement statement = prepared.get(number);
      for (int parameter = 0; parameter < values[number].length; parameter++) {
        statement.setObject(parameter + 1, values[number][parameter]);
      }
      try (var result = statement.executeQuery()) {
        while (result.next()) {
          result.getString(1);
        }
      }
    }
    connection.commit();
    return (System.nanoTime() - started) / 1e6;
  }

  /**
   * Salable quantities on the million items: stock 2 sells from the three sources besides the
   * default one, with 100,000 reservations spread over its SKUs.
   */
  private void salable() throws Exception {
    check(post("/rest/V1/inventory/stocks", "{\"stock\":{\"name\":\"Bench stock\"}}", true));
    var links = new StringBuilder("{\"links\":[");
    for (int source = 1; source < SOURCES.length; source++) {
      links
          .append(source == 1 ? "" : ",")
          .append("{\"stock_id\":2,\"source_code\":\"")
          .append(SOURCES[source])
          .append("\",\"priority\":")
          .append(source)
          .append('}');
    }
    check(post("/rest/V1/inventory/stock-source-links", links.append("]}").toString(), true));
    var random = new Random(2);
    for (int request = 0; request < 100; request++) {
      var reservations = new StringBuilder("{\"reservations\":[");
      for (int index = 0; index < 1_000; index++) {
        reservations
            .append(index == 0 ? "" : ",")
            .append("{\"stock_id\":2,\"sku\":\"SKU-")
            .append(random.nextInt(SKUS))
            .append("\",\"quantity\":-1}");
      }
      check(post("/rest/V1/stockroom/reservations", reservations.append("]}").toString(), true));
    }
    settle();
    String items =
        """
        SELECT item.sku_key, MAX(item.status),
               SUM(CASE WHEN item.status = 1 THEN item.quantity_e4 ELSE 0 END)
        FROM source_item item
        JOIN stock_source_link link ON link.source_key = item.source_key
        JOIN source ON source.source_key = item.source_key
        WHERE link.stock_id = ? AND source.enabled = 1 AND item.sku_key IN (%s)
        GROUP BY item.sku_key
        """;
    String reserved =
        "SELECT sku_key, SUM(quantity_e4) FROM reservation WHERE stock_id = ? AND sku_key IN (%s)"
            + " GROUP BY sku_key";
    String thresholds = "SELECT sku_key, min_quantity_e4 FROM sku_threshold WHERE sku_key IN (%s)";
    String stock = "SELECT 1 FROM stock WHERE stock_id = ?";
    for (int skus : new int[] {1, 100}) {
      String in = String.join(", ", Collections.nCopies(skus, "?"));
      var chosen = new ArrayList<Integer>();
      Query target =
          () -> {
            chosen.clear();
            var query = new StringBuilder();
            for (int index = 0; index < skus; index++) {
              chosen.add(random.nextInt(SKUS));
            }
            if (skus == 1) {
              return "/rest/V1/inventory/get-product-salable-quantity/SKU-" + chosen.get(0) + "/2";
            }
            for (int index = 0; index < skus; index++) {
              query.append("&skus[").append(index).append("]=SKU-").append(chosen.get(index));
            }
            return "/rest/V1/inventory/are-products-salable?stockId=2" + query;
          };
      compare(
          "Salable quantity on 1,000,000 items",
          skus == 1
              ? "get-product-salable-quantity, one SKU in a stock of 3 sources"
              : "are-products-salable, 100 SKUs",
          target,
          List.of(stock, items.formatted(in), reserved.formatted(in), thresholds.formatted(in)),
          () -> {
            target.next();
            var keys = new Object[skus];
            for (int index = 0; index < skus; index++) {
              keys[index] = "sku-" + chosen.get(index);
            }
            var withStock = new Object[skus + 1];
            withStock[0] = 2L;
            System.arraycopy(keys, 0, withStock, 1, skus);
            return new Object[][] {{2L}, withStock, withStock, keys};
          });
    }
  }

  /** One source's 250,000 items, unpaged: Stockroom streams them. */
  private void stream() throws Exception {
    String target =
        "/rest/V1/inventory/source-items?searchCriteria[filter_groups][0][filters][0][field]=source_code"
            + "&searchCriteria[filter_groups][0][filters][0][value]=src-b";
    var stockroom = new ArrayList<Double>();
    var raw = new ArrayList<Double>();
    var rawBytes = new ArrayList<Double>();
    var rss = new ArrayList<Double>();
    // Streams first, unmeasured, until the JIT compiler has settled (up to ten), as the searches
    // warm up before they are measured; and one raw read.
    int warmUps = 0;
    long compilerCpu;
    do {
      compilerCpu = compilerCpuNanos();
      drain(http.send(request(target).build(), HttpResponse.BodyHandlers.ofInputStream()).body());
      warmUps++;
    } while (warmUps < 10 && compilerCpuNanos() > compilerCpu);
    readRaw("src-b", false);
    readRaw("src-b", true);
    String streamWarmUpNote =
        warmUps < 10
            ? "; " + warmUps + " warm-up stream(s), the last without JIT compilation"
            : "; 10 warm-up streams, the JIT compiler still at work in the last";
    for (int repeat = 0; repeat < REPEATS; repeat++) {
      double[] stream = streamWithPeak(target);
      stockroom.add(stream[0]);
      rss.add(stream[1]);
      raw.add(readRaw("src-b", false));
      rawBytes.add(readRaw("src-b", true));
    }
    rows.add(
        Row.paired(
            "Search on 1,000,000 items",
            "unpaged stream of one source (250,000 items)",
            "MB/s",
            stockroom,
            raw,
            "raw: rows read over JDBC (getString), sized as JSON; the stream read with the JDK's"
                + " HTTP client"
                + streamWarmUpNote));
    rows.add(
        Row.paired(
            "Search on 1,000,000 items",
            "unpaged stream of one source, against a raw read of the text as bytes",
            "MB/s",
            stockroom,
            rawBytes,
            "raw: the same rows, text columns read with getBytes, as Stockroom's stream reads"
                + " them"));
    rows.add(row("Footprint", "RSS during the stream (peak)", "MB", rss));
  }

  /**
   * One source's rows read raw over JDBC: MB/s, sized as JSON. The text columns are read as Strings
   * ({@code getString}, the plain way) or, with {@code asBytes}, as the bytes the database holds
   * ({@code getBytes}), as Stockroom's stream of source items reads them.
   */
  private double readRaw(String sourceKey, boolean asBytes) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
      connection.setAutoCommit(false);
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT sku, source_code, quantity_e4, status FROM source_item WHERE source_key = ?"
                  + " ORDER BY source_item_id")) {
        statement.setFetchSize(1_000);
        statement.setString(1, sourceKey);
        long started = System.nanoTime();
        long bytes = 0;
        try (var result = statement.executeQuery()) {
          while (result.next()) {
            // What Stockroom writes per item, to compare like with like.
            bytes +=
                asBytes
                    ? 60 + result.getBytes(1).length + result.getBytes(2).length
                    : 60 + result.getString(1).length() + result.getString(2).length();
            result.getLong(3);
            result.getInt(4);
          }
        }
        return bytes / 1e6 / ((System.nanoTime() - started) / 1e9);
      }
    }
  }

  private static long drain(InputStream body) throws IOException {
    long total = 0;
    byte[] buffer = new byte[1 << 16];
    try (body) {
      int read;
      while ((read = body.read(buffer)) >= 0) {
        total += read;
      }
    }
    return total;
  }

  // ---------------------------------------------------------------- concurrency

  /**
   * Clients saving 1,000-item requests of overlapping keys (20 requests' worth of keys, in random
   * order and with random quantities) as fast as they are answered.
   */
  private void concurrency() throws Exception {
    var random = new Random(3);
    var bodies = new ArrayList<String>();
    for (int index = 0; index < 200; index++) {
      bodies.add(items("CONC-", random.nextInt(20) * 1_000, 1_000, random.nextInt(100)));
    }
    for (int clients : new int[] {1, 4, 16}) {
      var throughput = new ArrayList<Double>();
      var p99 = new ArrayList<Double>();
      long errors = 0;
      for (int repeat = 0; repeat < REPEATS; repeat++) {
        Load load =
            wrkLoop(
                clients, CONCURRENCY_TIME, "POST", "/rest/V1/inventory/source-items", bodies, 200);
        throughput.add((load.requests() - load.errors()) * 1_000 / load.seconds());
        p99.add(load.p99Millis());
        errors += load.errors();
      }
      String note = "errors: " + errors;
      String section = "Concurrency, 1,000-item saves of overlapping keys";
      rows.add(row(section, clients + " client(s): throughput", "items/s", throughput, note));
      rows.add(row(section, clients + " client(s): p99 latency", "ms", p99, note));
    }
  }

  // ---------------------------------------------------------------- operations

  private static final int OPS_SOURCES = 10;
  private static final int OPS_SKUS = 100_000;
  private static final int TRANSFER_SKUS = 10_000;
  private static final String OPS_WEBSITE = "ops_website";
  private static final int OPS_NOTIFY_QTY = 1_000;
  private static final String OPS = "Operations on 1,000,000 items (10 sources)";

  /**
   * Magento's operations on a stock of ten sources holding 100,000 SKUs each (1,000,000 items),
   * sold through {@link #OPS_WEBSITE}: a full transfer of 10,000 SKUs, source selection of a
   * 100-line order, and the low-stock report and the export streamed whole.
   */
  private void operations() throws Exception {
    String stockId =
        post(
                "/rest/V1/inventory/stocks",
                "{\"stock\":{\"name\":\"Operations\",\"extension_attributes\":{\"sales_channels\":"
                    + "[{\"type\":\"website\",\"code\":\""
                    + OPS_WEBSITE
                    + "\"}]}}}",
                true)
            .body();
    var links = new ArrayList<String>();
    for (int source = 0; source < OPS_SOURCES; source++) {
      check(
          post(
              "/rest/V1/inventory/sources",
              "{\"source\":{\"source_code\":\"ops-%d\",\"name\":\"ops-%d\",\"country_id\":\"US\",\"postcode\":\"1\"}}"
                  .formatted(source, source),
              true));
      links.add(
          "{\"stock_id\":%s,\"source_code\":\"ops-%d\",\"priority\":%d}"
              .formatted(stockId, source, source + 1));
    }
    check(
        post(
            "/rest/V1/inventory/stock-source-links",
            "{\"links\":[" + String.join(",", links) + "]}",
            true));
    int skusPerRequest = 1_000;
    for (int start = 0; start < OPS_SKUS; start += skusPerRequest) {
      var items = new ArrayList<String>();
      for (int sku = start; sku < start + skusPerRequest; sku++) {
        for (int source = 0; source < OPS_SOURCES; source++) {
          items.add(
              "{\"sku\":\"OPS-%d\",\"source_code\":\"ops-%d\",\"quantity\":%d,\"status\":%d}"
                  .formatted(
                      sku,
                      source,
                      (sku * 13 + source * 7) % OPS_NOTIFY_QTY,
                      (sku + source) % 10 == 0 ? 0 : 1));
        }
      }
      check(
          post(
              "/rest/V1/inventory/source-items",
              "{\"sourceItems\":[" + String.join(",", items) + "]}",
              true));
    }
    settle();
    transfer();
    sourceSelection(Long.parseLong(stockId));
    lowStockReport();
    export(Long.parseLong(stockId));
  }

  /**
   * A full transfer of 10,000 SKUs from one source to another that holds them too, in one request;
   * against the same rows read and written raw over JDBC in one transaction, the other way back.
   */
  private void transfer() throws Exception {
    var skus = new ArrayList<String>();
    for (int sku = 0; sku < TRANSFER_SKUS; sku++) {
      skus.add("\"OPS-" + sku + "\"");
    }
    String body =
        "{\"skus\":["
            + String.join(",", skus)
            + "],\"originSource\":\"ops-0\",\"destinationSource\":\"ops-1\",\"unassignFromOrigin\":false}";
    // Unmeasured: one each way, for the JIT compiler.
    check(post("/rest/V1/inventory/bulk-product-source-transfer", body, true));
    rawTransfer("ops-1", "ops-0");
    var stockroom = new ArrayList<Double>();
    var raw = new ArrayList<Double>();
    for (int repeat = 0; repeat < REPEATS; repeat++) {
      long started = System.nanoTime();
      check(post("/rest/V1/inventory/bulk-product-source-transfer", body, true));
      stockroom.add((System.nanoTime() - started) / 1e9);
      raw.add(rawTransfer("ops-1", "ops-0"));
    }
    rows.add(
        Row.paired(
            OPS,
            "full transfer of 10,000 SKUs between two sources (bulk-product-source-transfer)",
            "s",
            stockroom,
            raw,
            "raw: both sides' rows read, then written with multi-row upserts in key order, in one"
                + " transaction over JDBC; Magento runs out of memory at about 1,200 SKUs"
                + " (inv#1983)"));
  }

  /** The raw counterpart of a full transfer of the first 10,000 SKUs: seconds. */
  private double rawTransfer(String origin, String destination) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
      connection.setAutoCommit(false);
      long started = System.nanoTime();
      var quantities = new java.util.HashMap<String, long[]>();
      int chunk = 500;
      String in = String.join(",", Collections.nCopies(chunk, "?"));
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT source_key, sku_key, quantity_e4, status FROM source_item"
                  + " WHERE source_key IN (?, ?) AND sku_key IN ("
                  + in
                  + ") ORDER BY source_key, sku_key")) {
        for (int start = 0; start < TRANSFER_SKUS; start += chunk) {
          select.setString(1, origin);
          select.setString(2, destination);
          for (int index = 0; index < chunk; index++) {
            select.setString(3 + index, "ops-" + (start + index));
          }
          try (var result = select.executeQuery()) {
            while (result.next()) {
              quantities.put(
                  result.getString(1) + "/" + result.getString(2),
                  new long[] {result.getLong(3), result.getInt(4)});
            }
          }
        }
      }
      var keys = new ArrayList<String>();
      for (int sku = 0; sku < TRANSFER_SKUS; sku++) {
        keys.add("ops-" + sku);
      }
      keys.sort(Comparator.naturalOrder());
      int rowsPerStatement = database.equals("postgres") ? 500 : 100;
      String values = String.join(",", Collections.nCopies(rowsPerStatement, "(?,?,?,?,?,?)"));
      try (PreparedStatement upsert =
          connection.prepareStatement(
              "INSERT INTO source_item (source_key, source_code, sku, sku_key, quantity_e4, status)"
                  + " VALUES "
                  + values
                  + " ON CONFLICT (source_key, sku_key) DO UPDATE SET quantity_e4 ="
                  + " excluded.quantity_e4, status = excluded.status")) {
        for (String source : List.of(destination, origin)) {
          for (int start = 0; start < keys.size(); start += rowsPerStatement) {
            int parameter = 1;
            for (String key : keys.subList(start, start + rowsPerStatement)) {
              long[] from = quantities.get(origin + "/" + key);
              long[] to = quantities.get(destination + "/" + key);
              boolean isDestination = source.equals(destination);
              upsert.setString(parameter++, source);
              upsert.setString(parameter++, source);
              upsert.setString(parameter++, key.toUpperCase(Locale.ROOT));
              upsert.setString(parameter++, key);
              upsert.setLong(parameter++, isDestination ? from[0] + to[0] : 0);
              upsert.setInt(parameter++, isDestination && from[0] + to[0] > 0 ? 1 : 0);
            }
            upsert.executeUpdate();
          }
        }
      }
      connection.commit();
      return (System.nanoTime() - started) / 1e9;
    }
  }

  /**
   * Source selection (priority) of orders of 100 lines, each a random SKU, on the stock of ten
   * sources; against the statements it runs, raw.
   */
  private void sourceSelection(long stockId) throws Exception {
    var random = new Random(4);
    var bodies = new ArrayList<String>();
    for (int order = 0; order < 1_000; order++) {
      var items = new ArrayList<String>();
      for (int line = 0; line < 100; line++) {
        items.add("{\"sku\":\"OPS-" + random.nextInt(OPS_SKUS) + "\",\"qty\":3}");
      }
      bodies.add(
          "{\"inventoryRequest\":{\"stockId\":"
              + stockId
              + ",\"items\":["
              + String.join(",", items)
              + "]},\"algorithmCode\":\"priority\"}");
    }
    String in = String.join(",", Collections.nCopies(100, "?"));
    String sources = String.join(",", Collections.nCopies(OPS_SOURCES, "?"));
    compareRequests(
        OPS,
        "source selection (priority) of a 100-line order",
        "POST",
        "/rest/V1/inventory/source-selection-algorithm-result",
        bodies,
        List.of(
            "SELECT stock_id FROM stock WHERE stock_id = ?",
            "SELECT source.source_code, source.enabled FROM source JOIN stock_source_link link"
                + " USING (source_key) WHERE link.stock_id = ? ORDER BY link.priority,"
                + " link.source_key",
            "SELECT sku, source_code, quantity_e4, status FROM source_item WHERE sku_key IN ("
                + in
                + ") AND source_key IN ("
                + sources
                + ") AND status = 1"),
        () -> {
          var keys = new Object[100 + OPS_SOURCES];
          for (int line = 0; line < 100; line++) {
            keys[line] = "ops-" + random.nextInt(OPS_SKUS);
          }
          for (int source = 0; source < OPS_SOURCES; source++) {
            keys[100 + source] = "ops-" + source;
          }
          return new Object[][] {{stockId}, {stockId}, keys};
        });
  }

  /** Stockroom's low-stock report of the ten sources, unpaged: every in-stock item is below. */
  private void lowStockReport() throws Exception {
    String notify = "COALESCE(config.notify_stock_qty_e4, " + OPS_NOTIFY_QTY * 10_000L + ")";
    streamed(
        "low-stock report of the ten sources, streamed (GET V1/stockroom/low-stock)",
        "/rest/V1/stockroom/low-stock?searchCriteria[filter_groups][0][filters][0][field]=source_code"
            + "&searchCriteria[filter_groups][0][filters][0][value]=ops-%25"
            + "&searchCriteria[filter_groups][0][filters][0][condition_type]=like",
        "SELECT item.sku, item.source_code, item.quantity_e4, "
            + notify
            + " FROM source_item item JOIN source ON source.source_key = item.source_key"
            + " LEFT JOIN source_item_configuration config ON config.source_key ="
            + " item.source_key AND config.sku_key = item.sku_key WHERE item.status = 1 AND"
            + " item.quantity_e4 > 0 AND item.quantity_e4 < "
            + notify
            + " AND source.enabled = 1 AND item.source_key LIKE 'ops-%'"
            + " ORDER BY item.quantity_e4, item.source_item_id",
        2);
  }

  /** Both export routes of the stock, whole: its 100,000 SKUs summed over 1,000,000 items. */
  private void export(long stockId) throws Exception {
    String sql =
        """
        SELECT export.sku, export.any_in_stock, export.in_stock_e4, COALESCE(reserved.reserved_e4, 0)
        FROM (SELECT MIN(item.sku) AS sku, item.sku_key AS sku_key, MAX(item.status) AS any_in_stock,
                     SUM(CASE WHEN item.status = 1 THEN item.quantity_e4 ELSE 0 END) AS in_stock_e4
              FROM source_item item
              JOIN stock_source_link link ON link.source_key = item.source_key AND link.stock_id = %1$d
              JOIN source ON source.source_key = item.source_key AND source.enabled = 1
              GROUP BY item.sku_key) export
        LEFT JOIN (SELECT sku_key, SUM(quantity_e4) AS reserved_e4 FROM reservation
                   WHERE stock_id = %1$d GROUP BY sku_key) reserved
          ON reserved.sku_key = export.sku_key
        LEFT JOIN sku_threshold threshold ON threshold.sku_key = export.sku_key
        ORDER BY export.sku_key
        """
            .formatted(stockId);
    streamed(
        "export-stock-salable-qty of the stock, unpaged",
        "/rest/V1/inventory/export-stock-salable-qty/website/" + OPS_WEBSITE + "?searchCriteria",
        sql,
        1);
    streamed(
        "dump-stock-index-data of the stock",
        "/rest/V1/inventory/dump-stock-index-data/website/" + OPS_WEBSITE,
        sql,
        1);
  }

  /**
   * A streamed GET against reading the same rows raw over JDBC (text with getString, the plain
   * way), in rows per second, measured in pairs; after warm-up streams until the JIT compiler has
   * settled (up to ten).
   */
  private void streamed(String what, String target, String sql, int textColumns) throws Exception {
    int warmUps = 0;
    long compilerCpu;
    do {
      compilerCpu = compilerCpuNanos();
      drain(http.send(request(target).build(), HttpResponse.BodyHandlers.ofInputStream()).body());
      warmUps++;
    } while (warmUps < 10 && compilerCpuNanos() > compilerCpu);
    long rows = readRows(sql, textColumns)[0];
    var stockroom = new ArrayList<Double>();
    var raw = new ArrayList<Double>();
    for (int repeat = 0; repeat < REPEATS; repeat++) {
      long started = System.nanoTime();
      var response = http.send(request(target).build(), HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(target + " answered " + response.statusCode());
      }
      drain(response.body());
      stockroom.add(rows / ((System.nanoTime() - started) / 1e9));
      long[] read = readRows(sql, textColumns);
      raw.add(read[0] / (read[1] / 1e9));
    }
    this.rows.add(
        Row.paired(
            OPS,
            what + ", " + String.format(Locale.ROOT, "%,d", rows) + " rows",
            "rows/s",
            stockroom,
            raw,
            "raw: the same rows of the same SQL read over JDBC (getString, getLong); "
                + warmUps
                + " warm-up stream(s)"));
  }

  /**
   * Reads every row of {@code sql}, each column once, the first {@code textColumns} as bytes and
   * the others as numbers: the rows and the nanoseconds taken.
   */
  private long[] readRows(String sql, int textColumns) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
      connection.setAutoCommit(false);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setFetchSize(1_000);
        long started = System.nanoTime();
        long count = 0;
        try (var result = statement.executeQuery()) {
          int columns = result.getMetaData().getColumnCount();
          while (result.next()) {
            for (int column = 1; column <= columns; column++) {
              if (column <= textColumns) {
                result.getString(column);
              } else {
                result.getLong(column);
              }
            }
            count++;
          }
        }
        return new long[] {count, System.nanoTime() - started};
      }
    }
  }

  // ---------------------------------------------------------------- asynchronous and CSV

  private static final String ASYNC = "Asynchronous requests and CSV import";
  private static final Pattern UUID_FIELD = Pattern.compile("\"bulk_uuid\":\"([^\"]+)\"");
  private static final Pattern IMPORTED =
      Pattern.compile("Checked and written in [\\d.]+ s \\(([\\d,]+) rows/s\\)");

  /**
   * A CSV import of 1,000,000 rows against the bulk-save floor; an asynchronous bulk of 1,000
   * requests of 100 items from acceptance to completion against the same requests made
   * synchronously; and the time to accept a bulk of 5,000 calls.
   */
  private void asynchronous() throws Exception {
    csvImport();
    asyncBulk();
    acceptance();
  }

  /**
   * {@code stockroom import source-items} of a 1,000,000-row file (a process of its own beside the
   * running server, on the same database; its own count of rows per second, which leaves out the
   * JVM's start), against the same rows upserted raw: multi-row upserts sorted by key, 10,000 rows
   * a statement batch, in one transaction, into a table of the same shape.
   */
  private void csvImport() throws Exception {
    int lines = 1_000_000;
    var stockroom = new ArrayList<Double>();
    var floor = new ArrayList<Double>();
    for (int repeat = 0; repeat < 3; repeat++) {
      Path file = work.resolve("import-" + repeat + ".csv");
      try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write("source_code,sku,status,quantity\n");
        for (int row = 0; row < lines; row++) {
          out.write(
              SOURCES[row % SOURCES.length]
                  + ",IMP"
                  + repeat
                  + "-"
                  + row
                  + ",1,"
                  + (row % 1000)
                  + ".5000\n");
        }
      }
      var command =
          new ArrayList<>(
              List.of(
                  ProcessHandle.current().info().command().orElse("java"),
                  "-jar",
                  "target/stockroom.jar",
                  "import",
                  "source-items",
                  file.toString(),
                  "--data-dir=" + work.resolve("data")));
      if (database.equals("postgres")) {
        command.add("--db-url=" + jdbcUrl);
      }
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException("import failed: " + output);
      }
      var matcher = IMPORTED.matcher(output);
      if (!matcher.find()) {
        throw new IllegalStateException("import printed no rate: " + output);
      }
      stockroom.add(Double.parseDouble(matcher.group(1).replace(",", "")));
      floor.add(upsertRaw("import_floor_" + repeat, "FLOOR" + repeat + "-", lines));
      Files.delete(file);
    }
    rows.add(
        Row.paired(
            ASYNC,
            "CSV import of 1,000,000 rows (stockroom import source-items), checked then written",
            "rows/s",
            stockroom,
            floor,
            "floor: the same rows upserted raw in one transaction, sorted by key, 100 (SQLite) or 500"
                + " (PostgreSQL) a statement;"
                + " the import reads the file twice (check, then write)"));
  }

  /** {@code rows} rows upserted raw into a new table of source_item's shape: rows per second. */
  private double upsertRaw(String table, String prefix, int rows) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
      createFloorTable(connection, table);
      connection.setAutoCommit(false);
      long started = System.nanoTime();
      int chunk = database.equals("postgres") ? 500 : 100;
      String values = String.join(",", Collections.nCopies(chunk, "(?,?,?,?,?,?)"));
      try (PreparedStatement upsert =
          connection.prepareStatement(
              "INSERT INTO "
                  + table
                  + " (source_key, source_code, sku, sku_key, quantity_e4, status) VALUES "
                  + values
                  + " ON CONFLICT (source_key, sku_key) DO UPDATE SET quantity_e4 ="
                  + " excluded.quantity_e4, status = excluded.status")) {
        for (int start = 0; start < rows; start += 10_000) {
          var keys = new ArrayList<String[]>();
          for (int row = start; row < start + 10_000; row++) {
            keys.add(new String[] {SOURCES[row % SOURCES.length], prefix + row});
          }
          keys.sort((a, b) ->
              a[0].equals(b[0])
                  ? a[1].toLowerCase(Locale.ROOT).compareTo(b[1].toLowerCase(Locale.ROOT))
                  : a[0].compareTo(b[0]));
          for (int offset = 0; offset < keys.size(); offset += chunk) {
            int parameter = 1;
            for (String[] key : keys.subList(offset, offset + chunk)) {
              upsert.setString(parameter++, key[0]);
              upsert.setString(parameter++, key[0]);
              upsert.setString(parameter++, key[1]);
              upsert.setString(parameter++, key[1].toLowerCase(Locale.ROOT));
              upsert.setLong(parameter++, 5_000);
              upsert.setInt(parameter++, 1);
            }
            upsert.executeUpdate();
          }
        }
      }
      connection.commit();
      return rows / ((System.nanoTime() - started) / 1e9);
    }
  }

  /**
   * 1,000 requests of 100 items: POSTed as one asynchronous bulk, timed from the POST to the last
   * operation complete (its status polled every 10 ms); and POSTed synchronously, one after the
   * other on one connection. Items per second, measured in pairs.
   */
  private void asyncBulk() throws Exception {
    var asynchronous = new ArrayList<Double>();
    var synchronous = new ArrayList<Double>();
    for (int repeat = 0; repeat < REPEATS; repeat++) {
      var bodies = new ArrayList<String>();
      for (int request = 0; request < 1_000; request++) {
        bodies.add(items("ASYNC" + repeat + "-", request * 100, 100, repeat + 1));
      }
      long started = System.nanoTime();
      String accepted =
          post(
                  "/rest/async/bulk/V1/inventory/source-items",
                  "[" + String.join(",", bodies) + "]",
                  true)
              .body();
      var uuid = UUID_FIELD.matcher(accepted);
      if (!uuid.find()) {
        throw new IllegalStateException("not accepted: " + accepted);
      }
      while (!get("/rest/V1/bulk/" + uuid.group(1) + "/operation-status/1").body().equals("1000")) {
        Thread.sleep(10);
      }
      asynchronous.add(100_000 / ((System.nanoTime() - started) / 1e9));
      if (!get("/rest/V1/bulk/" + uuid.group(1) + "/operation-status/3").body().equals("0")) {
        throw new IllegalStateException("failed operations in the async bulk");
      }
      var sync = new ArrayList<String>();
      for (int request = 0; request < 1_000; request++) {
        sync.add(items("SYNC" + repeat + "-", request * 100, 100, repeat + 1));
      }
      Load load = wrkOnce("/rest/V1/inventory/source-items", sync, 200);
      synchronous.add(100_000 / load.seconds());
    }
    rows.add(
        Row.paired(
            ASYNC,
            "async bulk of 1,000 requests of 100 items, acceptance to completion",
            "items/s",
            asynchronous,
            synchronous,
            "floor: the same 1,000 requests made synchronously, one after the other (wrk, one"
                + " connection)"));
  }

  /** The time to answer a bulk of 5,000 calls (one source item each) with 202. */
  private void acceptance() throws Exception {
    var millis = new ArrayList<Double>();
    for (int repeat = 0; repeat < REPEATS + 2; repeat++) {
      var bodies = new ArrayList<String>();
      for (int call = 0; call < 5_000; call++) {
        bodies.add(items("ACCEPT" + repeat + "-", call, 1, 1));
      }
      String body = "[" + String.join(",", bodies) + "]";
      long started = System.nanoTime();
      var response = post("/rest/async/bulk/V1/inventory/source-items", body, true);
      double elapsed = (System.nanoTime() - started) / 1e6;
      if (response.statusCode() != 202) {
        throw new IllegalStateException("not accepted: " + response.body());
      }
      if (repeat >= 2) {
        millis.add(elapsed);
      }
      // Let the workers drain it before the next, so that the acceptance is measured alone.
      var uuid = UUID_FIELD.matcher(response.body());
      uuid.find();
      while (!get("/rest/V1/bulk/" + uuid.group(1) + "/operation-status/4").body().equals("0")) {
        Thread.sleep(20);
      }
    }
    rows.add(
        row(
            ASYNC,
            "acceptance of a bulk of 5,000 calls (202), request to answer",
            "ms",
            millis,
            "type-checked, 5,000 operations written in one transaction; two unmeasured first"));
  }

  // ---------------------------------------------------------------- load generator

  /** What one run of wrk reported (bench/wrk.lua). */
  record Load(
      long requests,
      long errors,
      double seconds,
      double p50Millis,
      double p99Millis,
      double clientCpuSeconds) {}

  /** Each body POSTed once, in order, by one client: the time from the first to the last answer. */
  private Load wrkOnce(String path, List<String> bodies, int status) throws Exception {
    Load load = wrk("once", 1, Duration.ofMinutes(2), "POST", path, bodies, status);
    if (load.requests() != bodies.size() || load.errors() > 0) {
      throw new IllegalStateException("wrk: " + load);
    }
    return load;
  }

  /** The lines sent in turn, over and over, by {@code clients} connections for {@code time}. */
  private Load wrkLoop(
      int clients, Duration time, String method, String path, List<String> lines, int status)
      throws Exception {
    return wrk("loop", clients, time, method, path, lines, status);
  }

  /**
   * Runs wrk on loopback with bench/wrk.lua. Its threads are as many as the clients, up to the
   * machine's cores.
   */
  private Load wrk(
      String mode,
      int clients,
      Duration time,
      String method,
      String path,
      List<String> lines,
      int status)
      throws Exception {
    Path file = Files.createTempFile(work, "wrk-", ".txt");
    try {
      Files.write(file, lines, StandardCharsets.UTF_8);
      int threads = Math.min(clients, Runtime.getRuntime().availableProcessors());
      var command =
          List.of(
              "wrk",
              "--threads=" + threads,
              "--connections=" + clients,
              "--duration=" + time.toSeconds() + "s",
              "--timeout=60s",
              "--script=bench/wrk.lua",
              base + path,
              "--",
              file.toString(),
              method,
              credential == null ? token : credential,
              Integer.toString(status),
              mode);
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      var report = WRK_REPORT.matcher(output);
      if (!report.find()) {
        throw new IllegalStateException("wrk reported nothing: " + output);
      }
      long micros = Long.parseLong(report.group(3));
      return new Load(
          Long.parseLong(report.group(1)),
          Long.parseLong(report.group(2)),
          micros / 1e6,
          report.group(4) == null ? Double.NaN : Long.parseLong(report.group(4)) / 1e3,
          report.group(5) == null ? Double.NaN : Long.parseLong(report.group(5)) / 1e3,
          Double.parseDouble(report.group(6)));
    } finally {
      Files.delete(file);
    }
  }

  private static final Pattern WRK_REPORT =
      Pattern.compile(
          "bench: requests=(\\d+) errors=(\\d+) micros=(\\d+)(?: p50=(\\d+) p99=(\\d+))? cpu=([\\d.]+)");

  // ---------------------------------------------------------------- output

  private Row row(String section, String what, String unit, List<Double> values) {
    return row(section, what, unit, values, "");
  }

  private Row row(String section, String what, String unit, List<Double> values, String note) {
    return new Row(section, what, unit, Stats.of(values), null, note);
  }

  private void write() throws IOException {
    var table = new StringBuilder();
    var os = ManagementFactory.getOperatingSystemMXBean();
    long memory = ((com.sun.management.OperatingSystemMXBean) os).getTotalMemorySize();
    table
        .append("# Stockroom benchmark: ")
        .append(database)
        .append(", ")
        .append(LocalDate.now())
        .append("\n\n")
        .append("Machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, ")
        .append(memory / (1L << 30))
        .append(" GiB memory, ")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.arch"))
        .append(", Java ")
        .append(System.getProperty("java.version"))
        .append(". Loopback only; HTTP load from wrk. Medians of ")
        .append(REPEATS)
        .append(
            " runs, min–max in brackets (latencies: each run's percentile; a search's run is "
                + SEARCH_TIME.toSeconds()
                + " s of requests from one client).\n\n")
        .append(
            "| section | figure | unit | Stockroom | floor / raw SQL | Stockroom ÷ floor | note |\n")
        .append("|---|---|---|---|---|---|---|\n");
    var csv =
        new StringBuilder(
            "database,section,figure,unit,stockroom_median,stockroom_min,stockroom_max,floor_median,floor_min,floor_max,ratio,ratio_min,ratio_max,note\n");
    for (Row row : rows) {
      String ratio =
          row.ratio() != null
              ? String.format(Locale.ROOT, "%.2f", row.ratio().median())
              : row.stockroom() != null && row.floor() != null
                  ? String.format(
                      Locale.ROOT, "%.2f", row.stockroom().median() / row.floor().median())
                  : "";
      String ratioRange =
          row.ratio() == null
              ? ""
              : String.format(Locale.ROOT, " (%.2f–%.2f)", row.ratio().min(), row.ratio().max());
      table
          .append("| ")
          .append(row.section())
          .append(" | ")
          .append(row.what())
          .append(" | ")
          .append(row.unit())
          .append(" | ")
          .append(format(row.stockroom()))
          .append(" | ")
          .append(format(row.floor()))
          .append(" | ")
          .append(ratio)
          .append(ratioRange)
          .append(" | ")
          .append(row.note())
          .append(" |\n");
      csv.append(
              String.join(
                  ",",
                  database,
                  quote(row.section()),
                  quote(row.what()),
                  row.unit(),
                  number(row.stockroom(), Stats::median),
                  number(row.stockroom(), Stats::min),
                  number(row.stockroom(), Stats::max),
                  number(row.floor(), Stats::median),
                  number(row.floor(), Stats::min),
                  number(row.floor(), Stats::max),
                  ratio,
                  number(row.ratio(), Stats::min),
                  number(row.ratio(), Stats::max),
                  quote(row.note())))
          .append('\n');
    }
    Path results =
        Path.of(String.join(",", SECTIONS).equals(ALL_SECTIONS) ? "bench/results" : "bench/work");
    Files.createDirectories(results);
    String name = LocalDate.now() + "-" + database;
    Files.writeString(results.resolve(name + ".md"), table);
    Files.writeString(results.resolve(name + ".csv"), csv);
    System.out.println(table);
    System.out.println("Written: " + results.resolve(name) + ".md and .csv");
  }

  private static String format(Stats stats) {
    if (stats == null) {
      return "";
    }
    return String.format(Locale.ROOT, stats.median() >= 100 ? "%,.0f" : "%.2f", stats.median())
        + (stats.samples() > 1
            ? String.format(
                Locale.ROOT,
                stats.max() >= 100 ? " (%,.0f–%,.0f)" : " (%.2f–%.2f)",
                stats.min(),
                stats.max())
            : "");
  }

  private static String number(Stats stats, java.util.function.ToDoubleFunction<Stats> field) {
    return stats == null ? "" : String.format(Locale.ROOT, "%.3f", field.applyAsDouble(stats));
  }

  private static String quote(String text) {
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }

  // ---------------------------------------------------------------- HTTP and processes

  private HttpRequest.Builder request(String target) {
    return HttpRequest.newBuilder(URI.create(base + target.replace("[", "%5B").replace("]", "%5D")))
        .header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> get(String target) throws Exception {
    return http.send(request(target).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String target, String body, boolean authorized)
      throws Exception {
    var builder =
        HttpRequest.newBuilder(URI.create(base + target))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorized) {
      builder.header("Authorization", "Bearer " + token);
    }
    return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void check(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void exec(String... command) throws Exception {
    var process = new ProcessBuilder(command).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }
}
