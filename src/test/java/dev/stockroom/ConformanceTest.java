package dev.stockroom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The executable definition of "compatible": request/response pairs kept as data files under {@code
 * src/test/resources/conformance}, each file a scenario run top to bottom against one fresh
 * Stockroom. See README.md in that folder for the format.
 */
public class ConformanceTest {
  private static final Path FOLDER = Path.of("src/test/resources/conformance");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final List<TestServer> SERVERS = new ArrayList<>();
  private static ResponseSchemas schemas;

  /** The postal codes every scenario's server has loaded, for distances and pickup searches. */
  private static final Path GEONAMES = Path.of("src/test/resources/geonames/postal-codes.txt");

  /** The websites the sales-channel scenarios name, besides the built-in {@code base}. */
  private static final Map<String, String> WEBSITES =
      Map.of("STOCKROOM_WEBSITES", "base,eu_website,us_website");

  public record Exchange(
      String title,
      String method,
      String target,
      Map<String, String> headers,
      String body,
      int status,
      String expected) {
    /** The exchange with the variables bound so far written into its target and body. */
    Exchange with(Map<String, String> variables) {
      return new Exchange(
          title,
          method,
          substitute(target, variables),
          headers,
          substitute(body, variables),
          status,
          expected);
    }

    private static String substitute(String text, Map<String, String> variables) {
      String result = text;
      for (var variable : variables.entrySet()) {
        result = result.replace("{{" + variable.getKey() + "}}", variable.getValue());
      }
      return result;
    }
  }

  @TestFactory
  Stream<DynamicContainer> scenarios() throws IOException {
    try (Stream<Path> files = Files.list(FOLDER)) {
      return files.filter(file -> file.toString().endsWith(".http")).sorted().toList().stream()
          .map(ConformanceTest::scenario);
    }
  }

  @AfterAll
  static void stopServers() {
    SERVERS.forEach(TestServer::close);
  }

  private static DynamicContainer scenario(Path file) {
    List<Exchange> exchanges = parse(file);
    var server = new TestServer[1];
    var variables = new HashMap<String, String>();
    return DynamicContainer.dynamicContainer(
        file.getFileName().toString(),
        file.toUri(),
        exchanges.stream()
            .map(exchange ->
                DynamicTest.dynamicTest(
                    exchange.title(),
                    () -> {
                      if (server[0] == null) {
                        server[0] = TestServer.start(Clock.systemUTC(), WEBSITES);
                        server[0].cli("geonames", "import", GEONAMES.toString());
                        SERVERS.add(server[0]);
                      }
                      run(server[0], exchange.with(variables), variables);
                    })));
  }

  /**
   * The target as sent: written readably in the files (spaces, "ü"), percent-encoded as UTF-8 on
   * the wire, as a browser or curl would.
   */
  static String encoded(String target) {
    var out = new StringBuilder();
    for (byte b : target.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  /** {@code {{name}}} in an expected body: any value, bound to the name for later exchanges. */
  private static final Pattern VARIABLE = Pattern.compile("\\{\\{(\\w+|\\*)}}");

  private static void run(TestServer server, Exchange exchange, Map<String, String> variables)
      throws IOException {
    // What earlier exchanges queued has run before the next one, so that it sees the same every
    // time (a bulk's status, the data its operations wrote).
    awaitOperations(server);
    var request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + encoded(exchange.target())))
            .method(
                exchange.method(),
                exchange.body().isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(exchange.body()));
    var headers = new LinkedHashMap<String, String>();
    headers.put("Authorization", "Bearer " + server.token());
    if (!exchange.body().isEmpty()) {
      headers.put("Content-Type", "application/json");
    }
    headers.putAll(exchange.headers());
    headers.forEach((name, value) -> {
      if (!value.equals("none")) {
        request.header(name, value);
      }
    });
    HttpResponse<String> response = server.send(request.build());
    String description = exchange.method() + " " + exchange.target() + "\n" + response.body();
    assertThat(response.statusCode()).as(description).isEqualTo(exchange.status());
    String contentType = response.headers().firstValue("Content-Type").orElse("").replace(" ", "");
    if (contentType.equalsIgnoreCase("text/csv;charset=utf-8")) {
      // A CSV export: its text, line by line.
      assertThat(response.body().strip()).as(description).isEqualTo(exchange.expected());
      return;
    }
    if (!exchange.expected().isEmpty()) {
      if (VARIABLE.matcher(exchange.expected()).find()) {
        JsonNode actual = JSON.readTree(response.body());
        assertThat(matches(JSON.readTree(exchange.expected()), actual, variables))
            .as(description + "\nexpected: " + exchange.expected())
            .isTrue();
      } else {
        assertThat(canonical(response.body()))
            .as(description)
            .isEqualTo(canonical(exchange.expected()));
      }
    }
    if (!exchange.method().equals("HEAD")) {
      assertThat(response.headers().firstValue("Content-Type").orElse("").replace(" ", ""))
          .as(description)
          .isEqualToIgnoringCase("application/json;charset=utf-8");
    }
    if (response.statusCode() == 200) {
      assertThat(schemas(server).problems(exchange.method(), exchange.target(), response.body()))
          .as("the body by its route's declared schema: " + description)
          .isEmpty();
    }
  }

  /**
   * Whether {@code actual} is {@code expected} where a text value {@code {{name}}} matches any
   * value the first time (binding it to the name) and that value after, and {@code {{*}}} any value
   * at all; keys in the same order.
   */
  private static boolean matches(
      JsonNode expected, JsonNode actual, Map<String, String> variables) {
    if (expected.isTextual()) {
      var variable = VARIABLE.matcher(expected.textValue());
      if (variable.matches()) {
        String name = variable.group(1);
        String value = actual.isTextual() ? actual.textValue() : actual.toString();
        if (name.equals("*")) {
          return true;
        }
        // Bound by an earlier exchange: the same value again.
        String bound = variables.putIfAbsent(name, value);
        return bound == null || bound.equals(value);
      }
    }
    if (expected.isObject() && actual.isObject()) {
      var expectedNames = new ArrayList<String>();
      expected.fieldNames().forEachRemaining(expectedNames::add);
      var actualNames = new ArrayList<String>();
      actual.fieldNames().forEachRemaining(actualNames::add);
      return expectedNames.equals(actualNames)
          && expectedNames.stream()
              .allMatch(name -> matches(expected.get(name), actual.get(name), variables));
    }
    if (expected.isArray() && actual.isArray()) {
      if (expected.size() != actual.size()) {
        return false;
      }
      for (int index = 0; index < expected.size(); index++) {
        if (!matches(expected.get(index), actual.get(index), variables)) {
          return false;
        }
      }
      return true;
    }
    return expected.toString().equals(actual.toString());
  }

  /** Waits until the server's workers have run every queued operation (ten seconds at most). */
  private static void awaitOperations(TestServer server) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (server.app().core().bulks().openOperations() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The response schemas the routes declare, read from the first server's OpenAPI document. */
  private static synchronized ResponseSchemas schemas(TestServer server) {
    if (schemas == null) {
      var document = server.send("GET", "/openapi.json", null, null);
      schemas = new ResponseSchemas(document.body(), server.app().routes());
    }
    return schemas;
  }

  /**
   * The JSON re-serialised compactly: key order and number spelling ({@code 3} vs {@code 3.0})
   * kept.
   */
  private static String canonical(String json) throws IOException {
    JsonNode tree = JSON.readTree(json);
    return tree == null ? "" : tree.toString();
  }

  public static List<Exchange> parse(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
    var exchanges = new ArrayList<Exchange>();
    int index = 0;
    while (index < lines.size()) {
      String line = lines.get(index);
      if (!line.startsWith("### ")) {
        index++;
        continue;
      }
      String title = line.substring(4).strip();
      String[] requestLine = lines.get(++index).split(" ", 2);
      var headers = new LinkedHashMap<String, String>();
      index++;
      while (index < lines.size()
          && !lines.get(index).isBlank()
          && !lines.get(index).startsWith("<<< ")) {
        String header = lines.get(index++);
        int colon = header.indexOf(':');
        headers.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
      }
      var body = new StringBuilder();
      while (index < lines.size() && !lines.get(index).startsWith("<<< ")) {
        body.append(lines.get(index++)).append('\n');
      }
      if (index >= lines.size()) {
        throw new IllegalArgumentException(file + ": exchange \"" + title + "\" has no <<< status");
      }
      int status = Integer.parseInt(lines.get(index++).substring(4).strip());
      var expected = new StringBuilder();
      while (index < lines.size() && !lines.get(index).startsWith("### ")) {
        String expectedLine = lines.get(index++);
        if (!expectedLine.startsWith("#")) {
          expected.append(expectedLine).append('\n');
        }
      }
      exchanges.add(
          new Exchange(
              title,
              requestLine[0],
              requestLine[1].strip(),
              headers,
              body.toString().strip(),
              status,
              expected.toString().strip()));
    }
    return exchanges;
  }
}
