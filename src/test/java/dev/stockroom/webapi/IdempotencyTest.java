package dev.stockroom.webapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.Config;
import dev.stockroom.TestServer;
import dev.stockroom.acl.Acl;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Idempotency keys over real HTTP: a repeat is the first answer byte for byte; duplicates sent at
 * once run once and all get that answer; two instances on one PostgreSQL share the keys. And the
 * ETag of sources and stocks as headers: If-None-Match answers 304.
 */
class IdempotencyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final String ADJUST = "/rest/V1/stockroom/source-items-adjust";
  private static final String DELTA =
      "{\"adjustments\":[{\"sku\":\"IDEM\",\"source_code\":\"default\",\"delta\":1}]}";

  @Test
  void a_repeat_replays_the_first_answer_byte_for_byte() throws Exception {
    try (var server = TestServer.start()) {
      item(server);
      var first = post(server, ADJUST, DELTA, "key-1");
      var again = post(server, ADJUST, DELTA, "key-1");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(again.statusCode()).isEqualTo(first.statusCode());
      assertThat(again.body()).isEqualTo(first.body());
      assertThat(again.headers().firstValue("Content-Type"))
          .isEqualTo(first.headers().firstValue("Content-Type"));
      assertThat(quantity(server)).isEqualByComparingTo("11");
      // Another principal's key of the same name is another key.
      var other = post(server, ADJUST, DELTA, "key-1", "Bearer " + otherAdmin(server));
      assertThat(other.statusCode()).isEqualTo(200);
      assertThat(quantity(server)).isEqualByComparingTo("12");
    }
  }

  @Test
  void duplicates_sent_at_once_run_once() throws Exception {
    try (var server = TestServer.start()) {
      item(server);
      List<HttpResponse<byte[]>> answers = sendAtOnce(List.of(server), 16, "key-at-once");
      assertThat(quantity(server)).isEqualByComparingTo("11");
      assertThat(answers)
          .allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(answers.get(0).body());
          });
    }
  }

  @Test
  void two_instances_share_the_keys() throws Exception {
    assumeTrue(TestServer.isPostgres(), "two instances share a database on PostgreSQL only");
    Config config = TestServer.config(Map.of());
    try (var first = TestServer.start(config);
        var second = TestServer.start(config)) {
      item(first);
      var one = post(first, ADJUST, DELTA, "shared-1");
      var two = post(second, ADJUST, DELTA, "shared-1", "Bearer " + second.token());
      assertThat(two.body()).isEqualTo(one.body());
      assertThat(quantity(first)).isEqualByComparingTo("11");
      List<HttpResponse<byte[]>> answers = sendAtOnce(List.of(first, second), 16, "shared-2");
      assertThat(quantity(second)).isEqualByComparingTo("12");
      assertThat(answers)
          .allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(answers.get(0).body());
          });
    }
  }

  @Test
  void sources_and_stocks_carry_an_etag() throws Exception {
    try (var server = TestServer.start()) {
      for (String path :
          List.of("/rest/V1/inventory/sources/default", "/rest/V1/inventory/stocks/1")) {
        var read = get(server, path, null);
        String tag = read.headers().firstValue("ETag").orElseThrow();
        assertThat(tag).matches("\"[0-9a-f]{32}\"");
        var unchanged = get(server, path, tag);
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        // A partial response has the entity's tag, not the part's.
        assertThat(get(server, path + "?fields=name", null).headers().firstValue("ETag"))
            .contains(tag);
      }
    }
  }

  private static List<HttpResponse<byte[]>> sendAtOnce(
      List<TestServer> servers, int clients, String key) throws Exception {
    var answers = new ConcurrentLinkedQueue<HttpResponse<byte[]>>();
    try (var pool = Executors.newFixedThreadPool(clients)) {
      var work = new ArrayList<Future<?>>();
      for (int client = 0; client < clients; client++) {
        TestServer server = servers.get(client % servers.size());
        work.add(
            pool.submit(() -> {
              answers.add(post(server, ADJUST, DELTA, key, "Bearer " + server.token()));
              return null;
            }));
      }
      for (Future<?> each : work) {
        each.get();
      }
    }
    return List.copyOf(answers);
  }

  private static void item(TestServer server) {
    var response =
        server.send(
            "POST",
            "/rest/V1/inventory/source-items",
            "{\"sourceItems\":[{\"sku\":\"IDEM\",\"source_code\":\"default\",\"quantity\":10,"
                + "\"status\":1}]}");
    assertThat(response.statusCode()).isEqualTo(200);
  }

  private static String otherAdmin(TestServer server) {
    server.cli("roles", "add", "adjusters", "--resources", Acl.STOCK_SOURCE_ITEM_ASSIGN);
    String output = server.cli("users", "add", "second", "--role", "adjusters");
    var matcher =
        java.util.regex.Pattern.compile("Generated password \\(shown only once\\): (\\S+)")
            .matcher(output);
    assertThat(matcher.find()).as(output).isTrue();
    return server.signIn("second", matcher.group(1));
  }

  private static HttpResponse<byte[]> post(TestServer server, String path, String body, String key)
      throws Exception {
    return post(server, path, body, key, "Bearer " + server.token());
  }

  private static HttpResponse<byte[]> post(
      TestServer server, String path, String body, String key, String authorization)
      throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<String> get(TestServer server, String path, String ifNoneMatch)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("Authorization", "Bearer " + server.token());
    if (ifNoneMatch != null) {
      request.header("If-None-Match", ifNoneMatch);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static BigDecimal quantity(TestServer server) throws Exception {
    var body =
        server
            .send(
                "GET",
                "/rest/V1/inventory/source-items?searchCriteria[filter_groups][0][filters][0][field]=sku"
                    + "&searchCriteria[filter_groups][0][filters][0][value]=IDEM",
                null)
            .body();
    return JSON.readTree(body).get("items").get(0).get("quantity").decimalValue();
  }
}
