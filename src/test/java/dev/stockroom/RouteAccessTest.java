package dev.stockroom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.acl.Acl;
import dev.stockroom.webapi.Route;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks the whole route table: every route that is not anonymous answers 401 without credentials,
 * 401 to a user whose role holds every resource but the route's, and 200 to a user whose role holds
 * that one resource alone.
 */
class RouteAccessTest {
  private static final Pattern GENERATED =
      Pattern.compile("Generated password \\(shown only once\\): (\\S+)");

  /** A request each route answers with 200 when it is allowed; every route must have one. */
  /** An address the GeoNames data loaded for the walk places. */
  private static final String ADDRESS =
      "address[country]=DE&address[postcode]=10115&address[street]=&address[region]="
          + "&address[city]=Berlin";

  private static final Map<String, String[]> SAMPLES =
      Map.ofEntries(
          Map.entry("GET /V1/inventory/sources", new String[] {"/rest/V1/inventory/sources", null}),
          Map.entry(
              "GET /V1/inventory/sources/:sourceCode",
              new String[] {"/rest/V1/inventory/sources/default", null}),
          Map.entry(
              "POST /V1/inventory/sources",
              new String[] {
                "/rest/V1/inventory/sources",
                "{\"source\":{\"source_code\":\"walk-1\",\"name\":\"Walk 1\",\"country_id\":\"DE\",\"postcode\":\"1\"}}"
              }),
          Map.entry(
              "PUT /V1/inventory/sources/:sourceCode",
              new String[] {
                "/rest/V1/inventory/sources/walk-2",
                "{\"source\":{\"name\":\"Walk 2\",\"country_id\":\"DE\",\"postcode\":\"1\"}}"
              }),
          Map.entry(
              "GET /V1/inventory/source-items",
              new String[] {"/rest/V1/inventory/source-items?searchCriteria=", null}),
          Map.entry(
              "POST /V1/inventory/source-items",
              new String[] {
                "/rest/V1/inventory/source-items",
                "{\"sourceItems\":[{\"sku\":\"WALK\",\"source_code\":\"default\",\"quantity\":1,\"status\":1}]}"
              }),
          Map.entry(
              "POST /V1/inventory/source-items-delete",
              new String[] {
                "/rest/V1/inventory/source-items-delete",
                "{\"sourceItems\":[{\"sku\":\"WALK\",\"source_code\":\"default\"}]}"
              }),
          Map.entry("GET /V1/inventory/stocks", new String[] {"/rest/V1/inventory/stocks", null}),
          Map.entry(
              "GET /V1/inventory/stocks/:stockId",
              new String[] {"/rest/V1/inventory/stocks/1", null}),
          Map.entry(
              "POST /V1/inventory/stocks",
              new String[] {"/rest/V1/inventory/stocks", "{\"stock\":{\"name\":\"Walk 1\"}}"}),
          Map.entry(
              "PUT /V1/inventory/stocks/:stockId",
              new String[] {"/rest/V1/inventory/stocks/50", "{\"stock\":{\"name\":\"Walk 50\"}}"}),
          Map.entry(
              "DELETE /V1/inventory/stocks/:stockId",
              new String[] {"/rest/V1/inventory/stocks/60", null}),
          Map.entry(
              "GET /V1/inventory/stock-resolver/:type/:code",
              new String[] {"/rest/V1/inventory/stock-resolver/website/base", null}),
          Map.entry(
              "GET /V1/inventory/stock-source-links",
              new String[] {"/rest/V1/inventory/stock-source-links?searchCriteria=", null}),
          Map.entry(
              "POST /V1/inventory/stock-source-links",
              new String[] {
                "/rest/V1/inventory/stock-source-links",
                "{\"links\":[{\"stock_id\":61,\"source_code\":\"walk-source\",\"priority\":1}]}"
              }),
          Map.entry(
              "POST /V1/inventory/stock-source-links-delete",
              new String[] {
                "/rest/V1/inventory/stock-source-links-delete",
                "{\"links\":[{\"stock_id\":61,\"source_code\":\"walk-source\"}]}"
              }),
          Map.entry(
              "GET /V1/inventory/get-sources-assigned-to-stock-ordered-by-priority/:stockId",
              new String[] {
                "/rest/V1/inventory/get-sources-assigned-to-stock-ordered-by-priority/1", null
              }),
          Map.entry(
              "GET /V1/inventory/get-product-salable-quantity/:sku/:stockId",
              new String[] {"/rest/V1/inventory/get-product-salable-quantity/WALK-R/1", null}),
          Map.entry(
              "GET /V1/inventory/is-product-salable/:sku/:stockId",
              new String[] {"/rest/V1/inventory/is-product-salable/WALK-R/1", null}),
          Map.entry(
              "GET /V1/inventory/are-products-salable",
              new String[] {
                "/rest/V1/inventory/are-products-salable?skus[]=WALK-R&stockId=1", null
              }),
          Map.entry(
              "GET /V1/inventory/is-product-salable-for-requested-qty/:sku/:stockId/:requestedQty",
              new String[] {
                "/rest/V1/inventory/is-product-salable-for-requested-qty/WALK-R/1/1", null
              }),
          Map.entry(
              "GET /V1/inventory/are-product-salable-for-requested-qty/",
              new String[] {
                "/rest/V1/inventory/are-product-salable-for-requested-qty?skuRequests[0][sku]=WALK-R&skuRequests[0][qty]=1&stockId=1",
                null
              }),
          Map.entry(
              "POST /V1/stockroom/orders/:orderId/reserve",
              new String[] {
                "/rest/V1/stockroom/orders/walk/reserve",
                "{\"items\":[{\"sku\":\"WALK-R\",\"qty\":1}],\"stockId\":1}"
              }),
          Map.entry(
              "GET /V1/stockroom/out-of-stock-thresholds/:sku",
              new String[] {"/rest/V1/stockroom/out-of-stock-thresholds/WALK-R", null}),
          Map.entry(
              "PUT /V1/stockroom/out-of-stock-thresholds/:sku",
              new String[] {
                "/rest/V1/stockroom/out-of-stock-thresholds/WALK-T", "{\"threshold\":1}"
              }),
          Map.entry(
              "DELETE /V1/stockroom/out-of-stock-thresholds/:sku",
              new String[] {"/rest/V1/stockroom/out-of-stock-thresholds/WALK-T", null}),
          Map.entry(
              "GET /V1/stockroom/reservations",
              new String[] {"/rest/V1/stockroom/reservations?searchCriteria=", null}),
          Map.entry(
              "POST /V1/stockroom/reservations",
              new String[] {
                "/rest/V1/stockroom/reservations",
                "{\"reservations\":[{\"stock_id\":1,\"sku\":\"WALK-R\",\"quantity\":1}]}"
              }),
          Map.entry(
              "GET /V1/stockroom/reservations/open-groups",
              new String[] {"/rest/V1/stockroom/reservations/open-groups", null}),
          Map.entry(
              "POST /V1/stockroom/reservations/cleanup",
              new String[] {"/rest/V1/stockroom/reservations/cleanup", null}),
          Map.entry(
              "POST /V1/inventory/bulk-product-source-assign",
              new String[] {
                "/rest/V1/inventory/bulk-product-source-assign",
                "{\"skus\":[\"WALK-B\"],\"sourceCodes\":[\"walk-source\"]}"
              }),
          Map.entry(
              "POST /V1/inventory/bulk-product-source-unassign",
              new String[] {
                "/rest/V1/inventory/bulk-product-source-unassign",
                "{\"skus\":[\"WALK-B\"],\"sourceCodes\":[\"walk-source\"]}"
              }),
          Map.entry(
              "POST /V1/inventory/bulk-product-source-transfer",
              new String[] {
                "/rest/V1/inventory/bulk-product-source-transfer",
                "{\"skus\":[\"WALK-R\"],\"originSource\":\"walk-source\","
                    + "\"destinationSource\":\"default\",\"unassignFromOrigin\":false}"
              }),
          Map.entry(
              "POST /V1/inventory/bulk-partial-source-transfer",
              new String[] {
                "/rest/V1/inventory/bulk-partial-source-transfer",
                "{\"originSourceCode\":\"default\",\"destinationSourceCode\":\"walk-source\","
                    + "\"items\":[]}"
              }),
          Map.entry(
              "GET /V1/inventory/get-distance-provider-code",
              new String[] {"/rest/V1/inventory/get-distance-provider-code", null}),
          Map.entry(
              "GET /V1/inventory/get-distance",
              new String[] {
                "/rest/V1/inventory/get-distance?source[lat]=1&source[lng]=1"
                    + "&destination[lat]=2&destination[lng]=2",
                null
              }),
          Map.entry(
              "GET /V1/inventory/get-latlng-from-address",
              new String[] {"/rest/V1/inventory/get-latlng-from-address?" + ADDRESS, null}),
          Map.entry(
              "GET /V1/inventory/get-latslngs-from-address",
              new String[] {"/rest/V1/inventory/get-latslngs-from-address?" + ADDRESS, null}),
          Map.entry(
              "GET /V1/inventory/export-stock-salable-qty/:salesChannelType/:salesChannelCode",
              new String[] {
                "/rest/V1/inventory/export-stock-salable-qty/website/base?searchCriteria=", null
              }),
          Map.entry(
              "GET /V1/inventory/dump-stock-index-data/:salesChannelType/:salesChannelCode",
              new String[] {"/rest/V1/inventory/dump-stock-index-data/website/base", null}),
          Map.entry(
              "GET /V1/inventory/low-quantity-notification/:sourceCode/:sku",
              new String[] {"/rest/V1/inventory/low-quantity-notification/default/WALK-R", null}),
          Map.entry(
              "POST /V1/inventory/low-quantity-notification",
              new String[] {
                "/rest/V1/inventory/low-quantity-notification",
                "{\"sourceItemConfigurations\":[{\"source_code\":\"default\",\"sku\":\"WALK-R\","
                    + "\"notify_stock_qty\":2}]}"
              }),
          Map.entry(
              "POST /V1/inventory/low-quantity-notifications-delete",
              new String[] {
                "/rest/V1/inventory/low-quantity-notifications-delete",
                "{\"sourceItems\":[{\"source_code\":\"default\",\"sku\":\"WALK-Q\"}]}"
              }),
          Map.entry(
              "GET /V1/stockroom/low-stock", new String[] {"/rest/V1/stockroom/low-stock", null}),
          Map.entry(
              "GET /V1/bulk/:bulkUuid/detailed-status",
              new String[] {"/rest/V1/bulk/{{bulk}}/detailed-status", null}),
          Map.entry(
              "GET /V1/bulk/:bulkUuid/status",
              new String[] {"/rest/V1/bulk/{{bulk}}/status", null}),
          Map.entry(
              "GET /V1/bulk/:bulkUuid/operation-status/:status",
              new String[] {"/rest/V1/bulk/{{bulk}}/operation-status/1", null}),
          Map.entry("GET /V1/bulk", new String[] {"/rest/V1/bulk?searchCriteria", null}),
          Map.entry(
              "POST /V1/stockroom/imports/source-items",
              new String[] {
                "/rest/V1/stockroom/imports/source-items",
                "source_code,sku,status,quantity\ndefault,WALK-CSV,1,1\n",
                "text/csv"
              }),
          Map.entry(
              "GET /V1/stockroom/exports/source-items",
              new String[] {"/rest/V1/stockroom/exports/source-items", null}),
          Map.entry(
              "GET /V1/stockroom/source-items-summary",
              new String[] {"/rest/V1/stockroom/source-items-summary", null}),
          Map.entry(
              "POST /V1/stockroom/source-items-adjust",
              new String[] {
                "/rest/V1/stockroom/source-items-adjust",
                "{\"adjustments\":[{\"sku\":\"WALK-R\",\"source_code\":\"default\",\"delta\":0}]}"
              }),
          Map.entry(
              "POST /V1/stockroom/webhooks",
              new String[] {
                "/rest/V1/stockroom/webhooks", "{\"webhook\":{\"url\":\"http://127.0.0.1:9/walk\"}}"
              }),
          Map.entry(
              "GET /V1/stockroom/webhooks", new String[] {"/rest/V1/stockroom/webhooks", null}),
          Map.entry(
              "GET /V1/stockroom/webhooks/:webhookId",
              new String[] {"/rest/V1/stockroom/webhooks/1", null}),
          Map.entry(
              "DELETE /V1/stockroom/webhooks/:webhookId",
              new String[] {"/rest/V1/stockroom/webhooks/2", null}),
          Map.entry(
              "GET /V1/stockroom/webhooks/:webhookId/dead-letters",
              new String[] {"/rest/V1/stockroom/webhooks/1/dead-letters", null}),
          Map.entry(
              "POST /V1/stockroom/webhooks/:webhookId/dead-letters/replay",
              new String[] {"/rest/V1/stockroom/webhooks/1/dead-letters/replay", "{}"}),
          Map.entry(
              "GET /V1/stockroom/source-item-changes",
              new String[] {"/rest/V1/stockroom/source-item-changes", null}),
          Map.entry(
              "GET /V1/inventory/source-selection-algorithm-list",
              new String[] {"/rest/V1/inventory/source-selection-algorithm-list", null}),
          Map.entry(
              "POST /V1/inventory/source-selection-algorithm-result",
              new String[] {
                "/rest/V1/inventory/source-selection-algorithm-result",
                "{\"inventoryRequest\":{\"stockId\":1,\"items\":[{\"sku\":\"WALK-R\",\"qty\":1}]},"
                    + "\"algorithmCode\":\"priority\"}"
              }));

  private static TestServer server;
  private static final Map<String, String> TOKENS_WITH = new HashMap<>();
  private static final Map<String, String> TOKENS_WITHOUT = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    Path geonames = Files.createTempFile("walk-geonames-", ".txt");
    Files.writeString(geonames, "DE\t10115\tBerlin\tBerlin\tBE\t\t00\t\t\t52.5323\t13.3846\t4\n");
    server.cli("geonames", "import", geonames.toString());
    // What the samples of delete, link and reserve routes act on.
    for (String[] setup :
        new String[][] {
          {"PUT", "/rest/V1/inventory/stocks/60", "{\"stock\":{\"name\":\"Walk 60\"}}"},
          {"PUT", "/rest/V1/inventory/stocks/61", "{\"stock\":{\"name\":\"Walk 61\"}}"},
          {
            "POST",
            "/rest/V1/stockroom/webhooks",
            "{\"webhook\":{\"url\":\"http://127.0.0.1:9/a\"}}"
          },
          {
            "POST",
            "/rest/V1/stockroom/webhooks",
            "{\"webhook\":{\"url\":\"http://127.0.0.1:9/b\"}}"
          },
          {
            "POST",
            "/rest/V1/inventory/sources",
            "{\"source\":{\"source_code\":\"walk-source\",\"name\":\"Walk source\","
                + "\"country_id\":\"DE\",\"postcode\":\"1\"}}"
          },
          {
            "POST",
            "/rest/V1/inventory/source-items",
            "{\"sourceItems\":[{\"sku\":\"WALK-R\",\"source_code\":\"default\","
                + "\"quantity\":100,\"status\":1}]}"
          }
        }) {
      assertThat(server.send(setup[0], setup[1], setup[2]).statusCode()).isEqualTo(200);
    }
    // A bulk whose status the bulk routes' samples read.
    var accepted =
        server.send(
            "POST",
            "/rest/async/V1/inventory/source-items",
            "{\"sourceItems\":[{\"sku\":\"WALK-A\",\"source_code\":\"default\","
                + "\"quantity\":1,\"status\":1}]}");
    assertThat(accepted.statusCode()).isEqualTo(202);
    bulkUuid = new ObjectMapper().readTree(accepted.body()).get("bulk_uuid").asText();
  }

  private static String bulkUuid;

  @AfterAll
  static void stop() {
    server.close();
  }

  @TestFactory
  List<DynamicTest> every_guarded_route_checks_its_acl_resource() {
    List<Route> guarded =
        server.app().routes().stream()
            .filter(route -> !route.resource().equals(Route.ANONYMOUS))
            .toList();
    assertThat(guarded.stream().map(RouteAccessTest::key).collect(Collectors.toSet()))
        .as("every guarded route has a sample request")
        .isEqualTo(SAMPLES.keySet());
    return guarded.stream()
        .map(route -> DynamicTest.dynamicTest(key(route), () -> walk(route)))
        .toList();
  }

  private static void walk(Route route) {
    String[] sample = SAMPLES.get(key(route)).clone();
    sample[0] = sample[0].replace("{{bulk}}", bulkUuid);
    String denied =
        "{\"message\":\"The consumer isn't authorized to access %resources.\","
            + "\"parameters\":{\"resources\":\""
            + route.resource()
            + "\"}}";

    var anonymous = send(route, sample[0], sample, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).isEqualTo(denied);

    var lacking = send(route, sample[0], sample, "Bearer " + tokenWithout(route.resource()));
    assertThat(lacking.statusCode()).isEqualTo(401);
    assertThat(lacking.body()).isEqualTo(denied);

    if (!route.method().equals("GET")) {
      // The asynchronous API checks the synchronous route's resource before queueing anything.
      String async = sample[0].replaceFirst("^/rest/", "/rest/async/");
      var anonymousAsync = send(route, async, sample, null);
      assertThat(anonymousAsync.statusCode()).as(async).isEqualTo(401);
      assertThat(anonymousAsync.body()).isEqualTo(denied);
      var lackingAsync = send(route, async, sample, "Bearer " + tokenWithout(route.resource()));
      assertThat(lackingAsync.statusCode()).as(async).isEqualTo(401);
    }

    var allowed = send(route, sample[0], sample, "Bearer " + tokenWith(route.resource()));
    assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(route.successStatus());
  }

  /** Sends a sample as JSON, or with the content type its third element names. */
  private static HttpResponse<String> send(
      Route route, String target, String[] sample, String authorization) {
    if (sample.length < 3) {
      return server.send(route.method(), target, sample[1], authorization);
    }
    var request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + target))
            .method(route.method(), HttpRequest.BodyPublishers.ofString(sample[1]))
            .header("Content-Type", sample[2]);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return server.send(request.build());
  }

  /** A user whose role holds exactly {@code resource}. */
  private static synchronized String tokenWith(String resource) {
    return TOKENS_WITH.computeIfAbsent(
        resource, ignored -> user("only-" + TOKENS_WITH.size(), List.of(resource)));
  }

  /** A user whose role holds every resource of the tree except {@code resource}. */
  private static synchronized String tokenWithout(String resource) {
    List<String> others =
        Acl.TREE.stream()
            .map(Acl.Resource::id)
            .filter(id -> !id.equals(resource) && !id.equals(Acl.ALL))
            .toList();
    return TOKENS_WITHOUT.computeIfAbsent(
        resource, ignored -> user("without-" + TOKENS_WITHOUT.size(), others));
  }

  private static String user(String name, List<String> resources) {
    server.cli("roles", "add", name, "--resources", String.join(",", resources));
    var matcher = GENERATED.matcher(server.cli("users", "add", name, "--role", name));
    assertThat(matcher.find()).isTrue();
    return server.signIn(name, matcher.group(1));
  }

  private static String key(Route route) {
    return route.method() + " " + route.path();
  }
}
