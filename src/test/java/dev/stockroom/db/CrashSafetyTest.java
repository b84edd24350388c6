package dev.stockroom.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.ChildServer;
import dev.stockroom.Config;
import dev.stockroom.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Stockroom is killed with SIGKILL at a random moment of a 100,000-item save, then started again:
 * the save is there wholly or not at all, everything committed before is intact, and the database
 * passes its own integrity check.
 */
class CrashSafetyTest {
  private static final int ITEMS = 100_000;
  private static final int BASE_ITEMS = 10_000;
  private static final int KILLS = 3;
  private static final String PASSWORD = "crash-safety-1";
  private static final Pattern TOTAL = Pattern.compile("\"total_count\":(\\d+)");

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void a_save_killed_midway_is_applied_wholly_or_not_at_all() throws Exception {
    Config config = TestServer.config(Map.of());
    var flags = new ArrayList<>(List.of("--admin-password=" + PASSWORD));
    flags.addAll(TestServer.databaseFlags(config));
    var random = new Random();
    int applied = 0;

    try (var server = ChildServer.start(List.of(), flags)) {
      String token = token(server);
      assertThat(post(server, token, items("BASE", BASE_ITEMS, 1)).statusCode()).isEqualTo(200);
    }
    for (int kill = 1; kill <= KILLS; kill++) {
      String prefix = "CRASH" + kill;
      var server = ChildServer.start(List.of(), flags);
      String token = token(server);
      String body = items(prefix, ITEMS, kill + 1);
      var save = CompletableFuture.runAsync(() -> post(server, token, body));
      Thread.sleep(50 + random.nextInt(1_500));
      server.kill();
      save.handle((ignored, failure) -> null).join();
      integrityCheck(config);

      try (var restarted = ChildServer.start(List.of(), flags)) {
        String fresh = token(restarted);
        long stored = count(restarted, fresh, prefix + "-%", null);
        assertThat(stored).as("items of save %d after the kill", kill).isIn(0L, (long) ITEMS);
        if (stored == ITEMS) {
          applied++;
          assertThat(count(restarted, fresh, prefix + "-%", kill + 1)).isEqualTo(ITEMS);
        }
        assertThat(count(restarted, fresh, "BASE-%", 1)).as("earlier data").isEqualTo(BASE_ITEMS);
      }
    }
    System.out.printf(
        "CrashSafetyTest (%s): %d kills survived, %d saves found whole, %d found absent%n",
        TestServer.isPostgres() ? "postgresql" : "sqlite", KILLS, applied, KILLS - applied);
  }

  /** SQLite's integrity_check, or PostgreSQL's amcheck over every index of source_item. */
  private static void integrityCheck(Config config) throws Exception {
    if (config.databaseUrl() == null) {
      String url = "jdbc:sqlite:" + config.dataDir().resolve("stockroom.db");
      try (var connection = DriverManager.getConnection(url);
          var rows = connection.createStatement().executeQuery("PRAGMA integrity_check")) {
        rows.next();
        assertThat(rows.getString(1)).isEqualTo("ok");
      }
    } else {
      try (var connection = DriverManager.getConnection(config.databaseUrl());
          var statement = connection.createStatement()) {
        statement.execute("CREATE EXTENSION IF NOT EXISTS amcheck");
        int checked = 0;
        try (var rows =
            statement.executeQuery(
                """
                SELECT bt_index_check(i.indexrelid, true)
                  FROM pg_index i WHERE i.indrelid = 'source_item'::regclass
                """)) {
          while (rows.next()) {
            checked++;
          }
        }
        assertThat(checked).as("indexes checked").isGreaterThanOrEqualTo(3);
      }
    }
  }

  private static String items(String prefix, int count, int quantity) {
    var body = new StringBuilder(count * 80).append("{\"sourceItems\":[");
    for (int index = 0; index < count; index++) {
      body.append(index == 0 ? "" : ",")
          .append("{\"sku\":\"")
          .append(prefix)
          .append('-')
          .append(index)
          .append("\",\"source_code\":\"default\",\"quantity\":")
          .append(quantity)
          .append(",\"status\":1}");
    }
    return body.append("]}").toString();
  }

  private long count(ChildServer server, String token, String skuLike, Integer quantity)
      throws Exception {
    String filter = "searchCriteria[filter_groups][%d][filters][0][%s]=%s";
    var query = new StringBuilder("?searchCriteria[pageSize]=1");
    query.append('&').append(filter.formatted(0, "field", "sku"));
    query.append('&').append(filter.formatted(0, "condition_type", "like"));
    query.append('&').append(filter.formatted(0, "value", skuLike.replace("%", "%25")));
    if (quantity != null) {
      query.append('&').append(filter.formatted(1, "field", "quantity"));
      query.append('&').append(filter.formatted(1, "value", quantity));
    }
    var response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.baseUrl()
                            + "/rest/V1/inventory/source-items"
                            + query.toString().replace("[", "%5B").replace("]", "%5D")))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    var matcher = TOTAL.matcher(response.body());
    assertThat(matcher.find()).as(response.body()).isTrue();
    return Long.parseLong(matcher.group(1));
  }

  private String token(ChildServer server) throws Exception {
    var response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(server.baseUrl() + "/rest/V1/integration/admin/token"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.body().replace("\"", "");
  }

  private HttpResponse<String> post(ChildServer server, String token, String body) {
    try {
      return client.send(
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/rest/V1/inventory/source-items"))
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception failure) {
      throw new IllegalStateException(failure);
    }
  }
}
