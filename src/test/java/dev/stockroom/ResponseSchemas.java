package dev.stockroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.stockroom.webapi.Route;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The response schema each route declares, taken from the server's own OpenAPI document, to check
 * what the server wrote against what it declares (JSON Schema 2020-12, networknt's validator).
 */
final class ResponseSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REST = Pattern.compile("^/rest(?:/(?:default|all))?(/V\\d+/[^?]*)");

  private final JsonNode document;
  private final List<Route> routes;
  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  ResponseSchemas(String openApiDocument, List<Route> routes) {
    try {
      this.document = JSON.readTree(openApiDocument);
    } catch (java.io.IOException failure) {
      throw new UncheckedIOException(failure);
    }
    this.routes =
        routes.stream()
            .sorted(Comparator.comparingLong(ResponseSchemas::literalSegments).reversed())
            .toList();
  }

  /**
   * What is wrong with a 200 body of the request {@code method target} by its route's declared
   * schema: nothing (an empty list), or the validator's messages. Empty as well where the target is
   * no route (the schema endpoint) or asks for a partial response.
   */
  List<String> problems(String method, String target, String body) {
    var matcher = REST.matcher(target);
    if (!matcher.find() || target.contains("fields=")) {
      return List.of();
    }
    Optional<Route> route = route(method, matcher.group(1));
    if (route.isEmpty()) {
      return List.of();
    }
    Schema schema =
        schemas.computeIfAbsent(method + " " + route.get().path(), key -> schema(route.get()));
    return schema.validate(body, InputFormat.JSON).stream().map(Object::toString).toList();
  }

  private Schema schema(Route route) {
    String path = route.path().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
    JsonNode success =
        document
            .path("paths")
            .path(path)
            .path(route.method().toLowerCase(Locale.ROOT))
            .path("responses")
            .path("200")
            .path("content")
            .path("application/json")
            .path("schema");
    if (success.isMissingNode()) {
      throw new IllegalStateException("The OpenAPI document declares no 200 for " + path);
    }
    ObjectNode root = success.deepCopy();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    // The document's components, so that its references resolve from this root.
    root.set("components", document.get("components"));
    return registry.getSchema(root.toString(), InputFormat.JSON);
  }

  private Optional<Route> route(String method, String path) {
    List<String> segments = segments(path);
    return routes.stream()
        .filter(route -> route.method().equals(method))
        .filter(route -> matches(segments(route.path()), segments))
        .findFirst();
  }

  private static boolean matches(List<String> pattern, List<String> segments) {
    if (pattern.size() != segments.size()) {
      return false;
    }
    for (int index = 0; index < pattern.size(); index++) {
      if (!pattern.get(index).startsWith(":") && !pattern.get(index).equals(segments.get(index))) {
        return false;
      }
    }
    return true;
  }

  private static long literalSegments(Route route) {
    return segments(route.path()).stream().filter(segment -> !segment.startsWith(":")).count();
  }

  private static List<String> segments(String path) {
    String trimmed = path.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/", -1));
  }
}
