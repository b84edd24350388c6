package dev.stockroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.ChildServer;
import dev.stockroom.TestServer;
import dev.stockroom.monitoring.JsonLines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The logs as an operator reads them, from the real server started with {@code --log-format=json}:
 * one JSON object per line, a start line with the settings and secrets masked, one line per request
 * naming its method, path, status, duration, principal and request id, the request id on every line
 * the request logs, and the stop.
 */
class RequestLogTest {
  private static final String PASSWORD = "request-log-test-password";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void every_line_is_json_and_a_request_s_lines_carry_its_id() throws Exception {
    var flags = new ArrayList<>(List.of("--admin-password=" + PASSWORD, "--log-format=json"));
    flags.addAll(TestServer.databaseFlags(TestServer.config(Map.of())));
    var server = ChildServer.start(List.of(), flags);
    String token = server.token(PASSWORD);
    HttpClient client = HttpClient.newHttpClient();

    var chosen =
        client.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/rest/V1/inventory/sources/none"))
                .header("Authorization", "Bearer " + token)
                .header("X-Request-Id", "log-test-42")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(chosen.statusCode()).isEqualTo(404);
    assertThat(chosen.headers().firstValue("X-Request-Id")).hasValue("log-test-42");
    var made =
        client.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    String madeId = made.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(madeId).matches("[0-9a-f-]{36}");
    server.terminate();
    server.waitFor();

    var lines = new ArrayList<JsonNode>();
    for (String line : server.log()) {
      lines.add(JSON.readTree(line));
    }
    JsonNode start = lines.getFirst();
    assertThat(start.get("level").asText()).isEqualTo("INFO");
    assertThat(start.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(start.get("message").asText())
        .startsWith("Stockroom ")
        .contains(" starting: ", "STOCKROOM_LOG_FORMAT=json", "STOCKROOM_ADMIN_PASSWORD=****")
        .doesNotContain(PASSWORD);

    List<JsonNode> ofRequest =
        lines.stream().filter(line -> "log-test-42".equals(text(line, "request_id"))).toList();
    assertThat(ofRequest).hasSizeGreaterThanOrEqualTo(2);
    assertThat(ofRequest)
        .anyMatch(
            line -> text(line, "message").equals("Source with code \"none\" does not exist."));
    JsonNode request = ofRequest.getLast();
    assertThat(request.get("logger").asText()).isEqualTo("dev.stockroom.requests");
    assertThat(request.get("method").asText()).isEqualTo("GET");
    assertThat(request.get("path").asText()).isEqualTo("/rest/V1/inventory/sources/none");
    assertThat(request.get("status").asInt()).isEqualTo(404);
    assertThat(request.get("duration_ms").isNumber()).isTrue();
    assertThat(request.get("principal").asText()).isEqualTo("admin:admin");
    assertThat(lines)
        .anyMatch(line ->
            madeId.equals(text(line, "request_id"))
                && text(line, "path").equals("/health")
                && line.get("principal").isNull());
    assertThat(lines).anyMatch(line -> text(line, "message").startsWith("Stockroom stopping"));
    assertThat(lines.getLast().get("message").asText()).startsWith("Stockroom stopped in ");
  }

  @Test
  void a_failure_s_stack_and_request_id_are_fields_of_its_line() throws Exception {
    var context = (LoggerContext) LoggerFactory.getILoggerFactory();
    var event =
        new LoggingEvent(
            "test",
            context.getLogger("dev.stockroom.webapi.ErrorResponses"),
            Level.ERROR,
            "Report ID: {} (POST /rest/V1/inventory/source-items)",
            new IllegalStateException("broken"),
            new Object[] {"webapi-0123456789abc"});
    event.setMDCPropertyMap(Map.of("request_id", "r-500"));
    var encoder = new JsonLines();
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

    assertThat(line).endsWith("}\n").doesNotContain("\n{");
    JsonNode json = JSON.readTree(line);
    assertThat(json.get("level").asText()).isEqualTo("ERROR");
    assertThat(json.get("message").asText())
        .isEqualTo("Report ID: webapi-0123456789abc (POST /rest/V1/inventory/source-items)");
    assertThat(json.get("request_id").asText()).isEqualTo("r-500");
    assertThat(json.get("error").asText())
        .startsWith("java.lang.IllegalStateException: broken")
        .contains("at dev.stockroom.http.RequestLogTest");
  }

  private static String text(JsonNode line, String field) {
    JsonNode value = line.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }
}
