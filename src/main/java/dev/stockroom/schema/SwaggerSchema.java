package dev.stockroom.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.acl.Principal;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.error.Parameters;
import dev.stockroom.error.WebapiException;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.Argument;
import dev.stockroom.webapi.AsyncResponse;
import dev.stockroom.webapi.Route;
import dev.stockroom.webapi.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Magento's schema endpoint, {@code GET /rest/<store>/schema[?services=…]}: a Swagger 2.0 document
 * of the services the caller may use, generated from the route table the way Magento's Swagger
 * generator builds it from its service interfaces (docs/architecture.md and
 * ../shared/docs/msi-operations.md §2g): services as tags, {@code <service><Method><HttpMethod>}
 * operation ids, path parameters, complex GET arguments flattened into query parameters, one {@code
 * $body} parameter for the rest, and definitions named as Magento names them.
 */
public final class SwaggerSchema {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern SERVICES =
      Pattern.compile("^[a-zA-Z\\d]*V\\d+(,[a-zA-Z\\d]*V\\d+)*$");

  private final Router router;

  public SwaggerSchema(Router router) {
    this.router = router;
  }

  /** Where the schema was asked for, which the document names as its host, base path and scheme. */
  public record Origin(String host, String basePath, String scheme) {}

  /**
   * The document for the services named ({@code all} or absent for every one) that the principal
   * (none: anonymous) may use. A malformed list, or one naming a service that does not exist, is
   * refused with 400 (Magento answers a masked 500 for an unknown name).
   */
  public ObjectNode document(Origin origin, String services, Optional<Principal> principal) {
    return document(origin, services, principal, false);
  }

  /**
   * The document of the asynchronous API ({@code /async/schema}) where {@code async}: the routes
   * that are not GET, each answering 202 with Magento's async response; paths as the synchronous
   * ones, the prefix in the base path. ({@code /async/bulk/schema} is the synchronous document with
   * its base path, as Magento's code builds it.)
   */
  public ObjectNode document(
      Origin origin, String services, Optional<Principal> principal, boolean async) {
    Map<String, List<Route>> byService = visibleServices(services, principal);
    if (async) {
      var asynchronous = new LinkedHashMap<String, List<Route>>();
      byService.forEach((service, routes) -> {
        List<Route> writes =
            routes.stream().filter(route -> !route.method().equals("GET")).toList();
        if (!writes.isEmpty()) {
          asynchronous.put(service, writes);
        }
      });
      byService = asynchronous;
    }
    ObjectNode document = JSON.objectNode();
    document.put("swagger", "2.0");
    document.putObject("info").put("version", "2.4").put("title", "Magento Community");
    document.put("host", origin.host());
    document.put("basePath", origin.basePath());
    document.putArray("schemes").add(origin.scheme());
    ArrayNode tags = document.putArray("tags");
    var definitions =
        new Definitions(name -> "#/definitions/" + name, ApiType.Definition::required, false);
    ErrorDefinitions.swagger()
        .forEach((name, definition) -> definitions.all().put(name, definition));
    ObjectNode paths = JSON.objectNode();
    byService.forEach((service, routes) -> {
      tags.addObject()
          .put("name", service)
          .put("description", routes.get(0).service().description());
      for (Route route : routes) {
        ObjectNode path = (ObjectNode) paths.get(pathKey(route));
        if (path == null) {
          path = paths.putObject(pathKey(route));
        }
        path.set(route.method().toLowerCase(Locale.ROOT), operation(route, definitions, async));
      }
    });
    document.set("paths", paths);
    ObjectNode rendered = document.putObject("definitions");
    definitions.all().forEach(rendered::set);
    return document;
  }

  /** The routes the principal may use, by service in the order asked for (or declared). */
  private Map<String, List<Route>> visibleServices(String services, Optional<Principal> principal) {
    var all = new LinkedHashMap<String, List<Route>>();
    for (Route route : router.routes()) {
      all.computeIfAbsent(route.service().name(), name -> new ArrayList<>()).add(route);
    }
    List<String> requested;
    if (services == null || services.isEmpty() || services.equals("all")) {
      requested = List.copyOf(all.keySet());
    } else {
      if (!SERVICES.matcher(services).matches()) {
        throw WebapiException.badRequest(
            "Incorrect format of request URI or Requested services are missing.");
      }
      requested = List.copyOf(new LinkedHashSet<>(List.of(services.split(","))));
      for (String service : requested) {
        if (!all.containsKey(service)) {
          throw new LocalizedException(
              "Requested service is not available: \"%1\"", Parameters.positional(service));
        }
      }
    }
    var visible = new LinkedHashMap<String, List<Route>>();
    for (String service : requested) {
      List<Route> allowed =
          all.get(service).stream().filter(route -> allows(principal, route)).toList();
      if (!allowed.isEmpty()) {
        visible.put(service, allowed);
      }
    }
    return visible;
  }

  static boolean allows(Optional<Principal> principal, Route route) {
    return route.resource().equals(Route.ANONYMOUS)
        || principal.map(caller -> caller.allows(route.resource())).orElse(false);
  }

  /** {@code /V1/inventory/sources/:sourceCode} → {@code /V1/inventory/sources/{sourceCode}}. */
  static String pathKey(Route route) {
    return route.path().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
  }

  private static ObjectNode operation(Route route, Definitions definitions, boolean async) {
    ObjectNode operation = JSON.objectNode();
    operation.putArray("tags").add(route.service().name());
    operation.put("description", route.description());
    operation.put("operationId", operationId(route));
    ArrayNode parameters = parameters(route, definitions);
    if (!parameters.isEmpty()) {
      operation.set("parameters", parameters);
    }
    operation.set("responses", responses(route, definitions, async));
    return operation;
  }

  /** {@code inventoryApiSourceItemRepositoryV1GetListGet}: service, method, HTTP method. */
  static String operationId(Route route) {
    return route.service().name()
        + upperFirst(route.operation())
        + upperFirst(route.method().toLowerCase(Locale.ROOT));
  }

  private static ArrayNode parameters(Route route, Definitions definitions) {
    ArrayNode parameters = JSON.arrayNode();
    List<String> pathParameters = route.pathParameters();
    ObjectNode body = JSON.objectNode();
    List<String> required = new ArrayList<>();
    for (Argument argument : route.arguments()) {
      if (pathParameters.contains(argument.name())) {
        ObjectNode parameter =
            parameters.addObject().put("name", argument.name()).put("in", "path");
        parameter.setAll(definitions.schemaOf(argument.type(), ""));
        parameter.put("required", true);
      } else if (route.method().equals("GET") || route.csv()) {
        // A CSV body leaves the arguments to the query string.
        query(parameters, argument, definitions);
      } else {
        body.set(argument.name(), definitions.schemaOf(argument.type(), argument.description()));
        if (argument.required()) {
          required.add(argument.name());
        }
      }
    }
    // A placeholder of the path that the service method does not take (PUT …/:sourceCode).
    for (String name : pathParameters) {
      if (route.argument(name).isEmpty()) {
        parameters
            .addObject()
            .put("name", name)
            .put("in", "path")
            .put("type", "string")
            .put("required", true);
      }
    }
    if (!body.isEmpty()) {
      ObjectNode schema = JSON.objectNode();
      if (!required.isEmpty()) {
        required.forEach(schema.putArray("required")::add);
      }
      schema.set("properties", body);
      schema.put("type", "object");
      parameters.addObject().put("name", "$body").put("in", "body").set("schema", schema);
    }
    return parameters;
  }

  /** A simple GET argument is one query parameter; a complex one is flattened, without required. */
  private static void query(ArrayNode parameters, Argument argument, Definitions definitions) {
    if (isSimple(argument.type())) {
      ObjectNode parameter = parameters.addObject().put("name", argument.name()).put("in", "query");
      parameter.setAll(definitions.schemaOf(argument.type(), argument.description()));
      parameter.put("required", argument.required());
      return;
    }
    for (QueryParameters.Leaf leaf :
        QueryParameters.flatten(argument.name(), argument.type(), "[]")) {
      ObjectNode parameter = parameters.addObject().put("name", leaf.name()).put("in", "query");
      parameter.put("type", leaf.type().name());
      if (!leaf.description().isEmpty()) {
        parameter.put("description", leaf.description());
      }
    }
  }

  static boolean isSimple(ApiType type) {
    return type instanceof ApiType.Scalar
        || type instanceof ApiType.ArrayOf array && array.items() instanceof ApiType.Scalar;
  }

  /**
   * 200 with the result (none for a void method), 401 for a route that is not anonymous, one answer
   * per exception the method declares, and the default: Magento's choice of codes, which maps a
   * {@code NoSuchEntityException} to 400 and a bare {@code LocalizedException} to 500.
   */
  private static ObjectNode responses(Route route, Definitions definitions, boolean async) {
    ObjectNode responses = JSON.objectNode();
    if (async) {
      responses
          .putObject("202")
          .put("description", "202 Accepted.")
          .set("schema", definitions.schemaOf(AsyncResponse.TYPE, ""));
    } else if (route.returns() != null) {
      boolean accepted = route.successStatus() == 202;
      responses
          .putObject(Integer.toString(route.successStatus()))
          .put("description", accepted ? "202 Accepted." : "200 Success.")
          .set("schema", definitions.schemaOf(route.returns(), ""));
    }
    if (!route.resource().equals(Route.ANONYMOUS)) {
      error(responses, "401", "401 Unauthorized");
    }
    for (Class<? extends RuntimeException> thrown : route.throwing()) {
      if (thrown == LocalizedException.class) {
        error(responses, "500", "Internal Server error");
      } else {
        error(responses, "400", "400 Bad Request");
      }
    }
    error(responses, "default", "Unexpected error");
    return responses;
  }

  private static void error(ObjectNode responses, String code, String description) {
    if (!responses.has(code)) {
      responses
          .putObject(code)
          .put("description", description)
          .putObject("schema")
          .put("$ref", "#/definitions/error-response");
    }
  }

  private static String upperFirst(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
