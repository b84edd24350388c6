package dev.stockroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated requests over the whole HTTP surface: random and malformed JSON, wrong types at every
 * position, huge, tiny and non-finite numbers, deep nesting, long strings, control characters and
 * unicode, garbage bracket queries, wrong content types, oversized bodies. Every answer must be a
 * well-formed Magento body and never a 5xx, and a refused request must leave the database (every
 * table a client can change) as it was. Seeded, so a failure names the seed that reproduces it;
 * {@code -Dstockroom.fuzz.requests=N} runs more (10,000 by default).
 */
class FuzzTest {
  private static final int REQUESTS = Integer.getInteger("stockroom.fuzz.requests", 10_000);
  private static final long SEED = Long.getLong("stockroom.fuzz.seed", System.nanoTime());
  private static final int MAX_BODY = 65_536;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PATHS =
      List.of(
          "/V1/inventory/source-items",
          "/V1/inventory/source-items-delete",
          "/V1/inventory/sources",
          "/V1/inventory/sources/%s",
          "/V1/integration/admin/token",
          "/V1/inventory/stocks",
          "/V1/inventory/stocks/%s",
          "/V1/inventory/stock-source-links",
          "/V1/inventory/stock-source-links-delete",
          "/V1/inventory/get-product-salable-quantity/%s/1",
          "/V1/inventory/are-product-salable-for-requested-qty",
          "/V1/stockroom/orders/%s/reserve",
          "/V1/stockroom/reservations",
          "/V1/stockroom/out-of-stock-thresholds/%s",
          "/V1/inventory/bulk-product-source-assign",
          "/V1/inventory/bulk-product-source-unassign",
          "/V1/inventory/bulk-product-source-transfer",
          "/V1/inventory/bulk-partial-source-transfer",
          "/V1/inventory/low-quantity-notification",
          "/V1/inventory/low-quantity-notification/%s/%s",
          "/V1/inventory/low-quantity-notifications-delete",
          "/V1/stockroom/low-stock",
          "/V1/inventory/source-selection-algorithm-result",
          "/V1/inventory/get-distance",
          "/V1/inventory/get-latlng-from-address",
          "/V1/inventory/export-stock-salable-qty/%s/%s",
          "/V1/inventory/dump-stock-index-data/%s/%s",
          "/V1/inventory/in-store-pickup/pickup-locations/",
          "/async/V1/inventory/source-items",
          "/async/bulk/V1/inventory/source-items",
          "/async/bulk/V1/inventory/sources/bySourceCode",
          "/async/V1/inventory/sources/%s",
          "/async/bulk/V1/inventory/bulk-partial-source-transfer",
          "/async/V1/%s",
          "/V1/bulk/%s/status",
          "/V1/bulk/%s/detailed-status",
          "/V1/bulk",
          "/V1/stockroom/imports/source-items",
          "/V1/stockroom/exports/source-items",
          "/V1/inventory/%s",
          "/V2/%s",
          "/%s/V1/inventory/sources");
  private static final List<String> METHODS =
      List.of("GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
  private static final List<String> CONTENT_TYPES =
      List.of(
          "application/json",
          "application/json",
          "text/csv",
          "application/json; charset=utf-8",
          "application/json; charset=latin1",
          "text/plain",
          "application/x-www-form-urlencoded",
          "application/xml",
          "application/json; nonsense",
          "none");
  private static final List<String> FIELDS =
      List.of(
          "sku",
          "source_code",
          "sourceCode",
          "quantity",
          "status",
          "name",
          "country_id",
          "postcode",
          "enabled",
          "latitude",
          "extension_attributes",
          "SOURCE_CODE",
          "",
          "carrier_links",
          "région",
          "filter_groups",
          "sort_orders",
          "page_size",
          "field",
          "value",
          "condition_type",
          "direction",
          "username",
          "password",
          "stock_id",
          "priority",
          "qty",
          "sales_channels",
          "type",
          "code",
          "threshold",
          "metadata",
          "notify_stock_qty",
          "lat",
          "lng",
          "country",
          "city",
          "radius",
          "search_term",
          "scope_code");
  private static final List<String> ARGUMENTS =
      List.of(
          "sourceItems",
          "source_items",
          "source",
          "searchCriteria",
          "username",
          "password",
          "stock",
          "links",
          "items",
          "reservations",
          "skuRequests",
          "stockId",
          "threshold",
          "skus",
          "sourceCodes",
          "originSource",
          "destinationSource",
          "unassignFromOrigin",
          "originSourceCode",
          "destinationSourceCode",
          "inventoryRequest",
          "algorithmCode",
          "sourceItemConfigurations",
          "searchRequest",
          "address",
          "source",
          "destination");

  @Test
  void generated_requests_never_get_a_5xx_nor_change_data_when_refused() throws Exception {
    var random = new Random(SEED);
    try (var server =
            TestServer.start(
                Clock.systemUTC(),
                Map.of("STOCKROOM_MAX_REQUEST_BYTES", Integer.toString(MAX_BODY)));
        Connection database = connect(server)) {
      server.send(
          "POST",
          "/rest/V1/inventory/sources",
          "{\"source\":{\"source_code\":\"eu\",\"name\":\"EU\",\"country_id\":\"DE\",\"postcode\":\"1\"}}");
      String token = server.token();
      int accepted = 0;
      String previous = "";
      for (int index = 0; index < REQUESTS; index++) {
        String method = pick(random, METHODS);
        String target = "/rest" + path(random) + query(random);
        String body = random.nextInt(5) == 0 ? "" : body(random);
        String contentType = pick(random, CONTENT_TYPES);
        // What earlier requests queued has run: a refused request must change nothing itself.
        awaitOperations(server);
        String before = snapshot(database);
        var request =
            HttpRequest.newBuilder(URI.create(server.baseUrl() + target))
                .method(
                    method,
                    body.isEmpty()
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (!contentType.equals("none")) {
          request.header("Content-Type", contentType);
        }
        request.header(
            "Authorization",
            random.nextInt(20) == 0
                ? "Bearer " + Long.toString(random.nextLong(), 36)
                : "Bearer " + token);
        String description =
            "seed "
                + SEED
                + ", request "
                + index
                + ": "
                + method
                + " "
                + target
                + "\n"
                + abbreviated(body);
        HttpResponse<String> response;
        try {
          response = server.send(request.build());
        } catch (UncheckedIOException noAnswer) {
          throw new AssertionError("no answer: " + description + "\nafter: " + previous, noAnswer);
        }
        previous =
            description
                + "\n"
                + response.statusCode()
                + " "
                + response.headers().map()
                + " "
                + abbreviated(response.body());
        assertThat(response.statusCode()).as(description).isBetween(200, 499);
        if (response.statusCode() == 200
            && response.headers().firstValue("Content-Type").orElse("").startsWith("text/csv")) {
          accepted++;
          continue;
        }
        JsonNode answer;
        try {
          answer = JSON.readTree(response.body());
        } catch (IOException notJson) {
          throw new AssertionError(
              "not JSON: " + description + "\n" + response.statusCode() + " " + response.body(),
              notJson);
        }
        if (response.statusCode() == 200 || response.statusCode() == 202) {
          accepted++;
        } else {
          assertThat(
                  answer.isObject()
                      && (answer.path("message").isTextual() || answer.has("messages")))
              .as(description + "\n" + response.body())
              .isTrue();
          assertThat(snapshot(database))
              .as("refused, yet data changed: " + description)
              .isEqualTo(before);
        }
      }
      System.out.printf(
          "FuzzTest (%s): %d requests (seed %d), %d accepted, %d refused, none 5xx%n",
          TestServer.isPostgres() ? "postgresql" : "sqlite",
          REQUESTS,
          SEED,
          accepted,
          REQUESTS - accepted);
    }
  }

  private static void awaitOperations(TestServer server) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (server.app().core().bulks().openOperations() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  /** Every row of the data a client can change, read past the server. */
  private static String snapshot(Connection connection) throws Exception {
    var rows = new StringBuilder();
    try (var statement = connection.createStatement()) {
      for (String sql :
          List.of(
              "SELECT source_key, sku_key, sku, quantity_e4, status FROM source_item ORDER BY 1, 2",
              "SELECT * FROM source ORDER BY source_key",
              "SELECT * FROM stock ORDER BY stock_id",
              "SELECT * FROM stock_sales_channel ORDER BY type, code",
              "SELECT stock_id, source_key, priority FROM stock_source_link ORDER BY 1, 2",
              "SELECT * FROM reservation ORDER BY reservation_id",
              "SELECT * FROM sku_threshold ORDER BY sku_key",
              "SELECT bulk_uuid, operation_count FROM bulk ORDER BY bulk_uuid",
              "SELECT * FROM placed_order ORDER BY order_id",
              "SELECT * FROM source_item_configuration ORDER BY source_key, sku_key")) {
        try (var result = statement.executeQuery(sql)) {
          int columns = result.getMetaData().getColumnCount();
          while (result.next()) {
            for (int column = 1; column <= columns; column++) {
              rows.append(result.getString(column)).append('|');
            }
            rows.append('\n');
          }
        }
      }
    }
    return rows.toString();
  }

  private static Connection connect(TestServer server) throws SQLException {
    var config = server.config();
    return DriverManager.getConnection(
        config.databaseUrl() != null
            ? config.databaseUrl()
            : "jdbc:sqlite:" + config.dataDir().resolve("stockroom.db"));
  }

  private static String path(Random random) {
    String path = pick(random, PATHS);
    while (path.contains("%s")) {
      String segment =
          encode(
              random.nextBoolean()
                  ? pick(random, List.of("eu", "default", "DEFAULT", "all", "website", "base"))
                  : text(random));
      int at = path.indexOf("%s");
      path = path.substring(0, at) + segment + path.substring(at + 2);
    }
    return path;
  }

  private static String query(Random random) {
    if (random.nextInt(3) == 0) {
      return "";
    }
    var query = new StringBuilder("?");
    int parameters = 1 + random.nextInt(6);
    for (int index = 0; index < parameters; index++) {
      String name =
          switch (random.nextInt(6)) {
            case 0 -> "searchCriteria";
            case 1 ->
                "searchCriteria[filter_groups]["
                    + random.nextInt(3)
                    + "][filters]["
                    + random.nextInt(3)
                    + "]["
                    + pick(random, FIELDS)
                    + "]";
            case 2 -> "searchCriteria[" + pick(random, FIELDS) + "]";
            case 3 ->
                "searchCriteria[sort_orders]["
                    + random.nextInt(2)
                    + "]["
                    + pick(random, FIELDS)
                    + "]";
            case 4 ->
                pick(random, ARGUMENTS)
                    + "["
                    + random.nextInt(2)
                    + "]["
                    + pick(random, FIELDS)
                    + "]";
            default -> "a" + "[".repeat(random.nextInt(80)) + "]".repeat(random.nextInt(3));
          };
      String value =
          switch (random.nextInt(6)) {
            case 0 -> pick(random, FIELDS);
            case 1 ->
                pick(
                    random,
                    List.of(
                        "eq", "like", "in", "moreq", "regexp", "ntoa", "is", "finset", "from",
                        "x"));
            case 2 -> number(random);
            default -> text(random);
          };
      query.append(index == 0 ? "" : "&").append(encode(name)).append('=').append(encode(value));
    }
    return query.toString();
  }

  private static String body(Random random) {
    return switch (random.nextInt(10)) {
      case 0 -> text(random);
      case 1 -> "[".repeat(2_000 + random.nextInt(3_000));
      case 2 -> "{\"sourceItems\":[" + "{\"sku\":\"A\"},".repeat(MAX_BODY / 10) + "]}";
      case 3 -> {
        String valid = value(random, 0);
        yield valid.substring(0, random.nextInt(valid.length() + 1));
      }
      default -> {
        var object = new StringBuilder("{");
        int arguments = 1 + random.nextInt(2);
        for (int index = 0; index < arguments; index++) {
          object.append(index == 0 ? "" : ",").append(string(pick(random, ARGUMENTS))).append(':');
          object.append(random.nextInt(3) == 0 ? value(random, 0) : items(random));
        }
        yield object.append('}').toString();
      }
    };
  }

  private static String items(Random random) {
    var items = new StringBuilder("[");
    int count = random.nextInt(4);
    for (int index = 0; index < count; index++) {
      items.append(index == 0 ? "" : ",").append('{');
      int fields = random.nextInt(6);
      for (int field = 0; field < fields; field++) {
        items
            .append(field == 0 ? "" : ",")
            .append(string(pick(random, FIELDS)))
            .append(':')
            .append(value(random, 2));
      }
      items.append('}');
    }
    return items.append(']').toString();
  }

  /** Any JSON value, with a bias toward the awkward ones. */
  private static String value(Random random, int depth) {
    return switch (random.nextInt(depth > 3 ? 7 : 10)) {
      case 0 -> string(text(random));
      case 1 -> number(random);
      case 2 -> string(number(random));
      case 3 -> random.nextBoolean() ? "true" : "false";
      case 4 -> "null";
      case 5 ->
          string(
              pick(
                  random,
                  List.of(
                      "default",
                      "eu",
                      "EU",
                      " eu",
                      "SKU-1",
                      "${x}",
                      "NaN",
                      "Infinity",
                      "-0",
                      "1e-999")));
      case 6 -> string("x".repeat(random.nextInt(2_000)));
      case 7 -> "[" + value(random, depth + 1) + "," + value(random, depth + 1) + "]";
      default -> "{" + string(pick(random, FIELDS)) + ":" + value(random, depth + 1) + "}";
    };
  }

  private static String number(Random random) {
    return pick(
        random,
        List.of(
            "0",
            "1",
            "-1",
            "1.5",
            "0.00005",
            "99999999.9999",
            "100000000",
            "1e999999999",
            "-1e-999999999",
            "12345678901234567890123456789",
            "1E3",
            "0.1e-3",
            Long.toString(random.nextLong()),
            Double.toString(random.nextDouble() * 1e6)));
  }

  private static String text(Random random) {
    var text = new StringBuilder();
    int length = random.nextInt(12);
    for (int index = 0; index < length; index++) {
      text.appendCodePoint(
          switch (random.nextInt(5)) {
            case 0 -> random.nextInt(32);
            case 1 ->
                pick(
                    random,
                    List.of(
                        (int) '"',
                        (int) '\\',
                        (int) '[',
                        (int) ']',
                        (int) '%',
                        (int) '&',
                        (int) '='));
            case 2 -> 0x80 + random.nextInt(0x2000);
            case 3 -> 0x1F600 + random.nextInt(64);
            default -> 'a' + random.nextInt(26);
          });
    }
    return text.toString();
  }

  private static String string(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (Exception impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static <T> T pick(Random random, List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  private static String abbreviated(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }
}
