package dev.stockroom.webapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.ConformanceTest;
import dev.stockroom.TestServer;
import dev.stockroom.binding.PhpQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous API refuses, before queueing, what the synchronous route would refuse while
 * binding; it must never refuse what the synchronous route accepts. Every body a conformance
 * scenario sends to a write route and sees answered 200 passes the type check, so the route
 * declarations it reads are complete.
 */
class ArgumentCheckTest {
  private static final ObjectMapper JSON = dev.stockroom.json.Json.newMapper();

  @Test
  void every_body_a_synchronous_route_accepts_passes_the_asynchronous_type_check()
      throws Exception {
    int checked = 0;
    try (var server = TestServer.start();
        Stream<Path> files = Files.list(Path.of("src/test/resources/conformance"))) {
      Router router = server.app().core().router();
      for (Path file : files.filter(each -> each.toString().endsWith(".http")).sorted().toList()) {
        for (ConformanceTest.Exchange exchange : ConformanceTest.parse(file)) {
          if (exchange.status() != 200
              || !List.of("POST", "PUT").contains(exchange.method())
              || exchange.target().contains("/async/")
              || !exchange.body().startsWith("{")) {
            continue;
          }
          String target = exchange.target().replaceFirst("^/rest(/(default|all))?", "");
          int question = target.indexOf('?');
          String path = question < 0 ? target : target.substring(0, question);
          var match = router.match(exchange.method(), path);
          if (match.isEmpty()) {
            continue;
          }
          ObjectNode data = (ObjectNode) JSON.readTree(exchange.body());
          data.setAll(PhpQuery.parse(question < 0 ? null : target.substring(question + 1)));
          match.get().pathParameters().forEach(data::put);
          assertThatCode(() -> ArgumentCheck.check(match.get().route(), data))
              .as(file.getFileName() + ": " + exchange.title())
              .doesNotThrowAnyException();
          checked++;
        }
      }
    }
    assertThat(checked).as("bodies checked").isGreaterThan(100);
  }

  @Test
  void what_the_binder_refuses_the_check_refuses_with_the_same_message() throws Exception {
    try (var server = TestServer.start()) {
      Route save =
          server
              .app()
              .core()
              .router()
              .match("POST", "/V1/inventory/source-items")
              .orElseThrow()
              .route();
      for (String body :
          List.of(
              "{\"sourceItems\":\"A\"}",
              "{}",
              "{\"sourceItems\":[{\"sku\":\"A\",\"quantity\":\"x\"}]}",
              "{\"sourceItems\":[{\"sku\":[1]}]}",
              "{\"sourceItems\":[{\"SKU_\":\"A\",\"colour\":1}]}")) {
        JsonNode sync =
            JSON.readTree(server.send("POST", "/rest/V1/inventory/source-items", body).body());
        JsonNode async =
            JSON.readTree(
                server.send("POST", "/rest/async/V1/inventory/source-items", body).body());
        assertThat(async).as(body).isEqualTo(sync);
      }
    }
  }
}
