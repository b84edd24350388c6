package dev.stockroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.auth.Acl;
import dev.stockroom.http.Route;
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
  private static final Map<String, String[]> SAMPLES =
      Map.of(
          "GET /V1/inventory/sources",
          new String[] {"/rest/V1/inventory/sources", null},
          "GET /V1/inventory/sources/:sourceCode",
          new String[] {"/rest/V1/inventory/sources/default", null},
          "POST /V1/inventory/sources",
          new String[] {
            "/rest/V1/inventory/sources",
            "{\"source\":{\"source_code\":\"walk-1\",\"name\":\"Walk 1\",\"country_id\":\"DE\",\"postcode\":\"1\"}}"
          },
          "PUT /V1/inventory/sources/:sourceCode",
          new String[] {
            "/rest/V1/inventory/sources/walk-2",
            "{\"source\":{\"name\":\"Walk 2\",\"country_id\":\"DE\",\"postcode\":\"1\"}}"
          },
          "GET /V1/inventory/source-items",
          new String[] {"/rest/V1/inventory/source-items?searchCriteria=", null},
          "POST /V1/inventory/source-items",
          new String[] {
            "/rest/V1/inventory/source-items",
            "{\"sourceItems\":[{\"sku\":\"WALK\",\"source_code\":\"default\",\"quantity\":1,\"status\":1}]}"
          },
          "POST /V1/inventory/source-items-delete",
          new String[] {
            "/rest/V1/inventory/source-items-delete",
            "{\"sourceItems\":[{\"sku\":\"WALK\",\"source_code\":\"default\"}]}"
          });

  private static TestServer server;
  private static final Map<String, String> TOKENS_WITH = new HashMap<>();
  private static final Map<String, String> TOKENS_WITHOUT = new HashMap<>();

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

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
    String[] sample = SAMPLES.get(key(route));
    String denied =
        "{\"message\":\"The consumer isn't authorized to access %resources.\","
            + "\"parameters\":{\"resources\":\""
            + route.resource()
            + "\"}}";

    var anonymous = server.send(route.method(), sample[0], sample[1], null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).isEqualTo(denied);

    var lacking =
        server.send(
            route.method(), sample[0], sample[1], "Bearer " + tokenWithout(route.resource()));
    assertThat(lacking.statusCode()).isEqualTo(401);
    assertThat(lacking.body()).isEqualTo(denied);

    var allowed =
        server.send(route.method(), sample[0], sample[1], "Bearer " + tokenWith(route.resource()));
    assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
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
