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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
class ConformanceTest {
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

  record Exchange(
      String title,
      String method,
      String target,
      Map<String, String> headers,
      String body,
      int status,
      String expected) {}

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
                      run(server[0], exchange);
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

  private static void run(TestServer server, Exchange exchange) throws IOException {
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
    if (!exchange.expected().isEmpty()) {
      assertThat(canonical(response.body()))
          .as(description)
          .isEqualTo(canonical(exchange.expected()));
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

  static List<Exchange> parse(Path file) {
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
