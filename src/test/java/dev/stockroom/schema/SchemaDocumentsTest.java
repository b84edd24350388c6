package dev.stockroom.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.TestServer;
import dev.stockroom.acl.Acl;
import dev.stockroom.webapi.Argument;
import dev.stockroom.webapi.Route;
import io.swagger.parser.SwaggerParser;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Magento's schema ({@code /rest/default/schema}) and the OpenAPI description ({@code
 * /openapi.json}) as the server serves them: every route is in both, with its parameters and ACL
 * resource, nothing is listed that is not served, both pass a validator of their format, and the
 * schema shows a caller only what its role allows.
 */
class SchemaDocumentsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestServer server;
  private static JsonNode swagger;
  private static JsonNode openApi;
  private static String swaggerText;
  private static String openApiText;

  @BeforeAll
  static void fetchDocuments() throws Exception {
    server = TestServer.start();
    swaggerText = server.send("GET", "/rest/default/schema?services=all", null).body();
    openApiText = server.send("GET", "/openapi.json", null, null).body();
    swagger = JSON.readTree(swaggerText);
    openApi = JSON.readTree(openApiText);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void every_route_is_in_magento_s_schema_with_its_parameters() {
    for (Route route : server.app().routes()) {
      JsonNode operation = operation(swagger, route);
      assertThat(operation.isObject()).as(describe(route)).isTrue();
      assertThat(operation.path("tags").get(0).asText()).isEqualTo(route.service().name());
      assertThat(operation.path("operationId").asText())
          .isEqualTo(
              route.service().name()
                  + Character.toUpperCase(route.operation().charAt(0))
                  + route.operation().substring(1)
                  + Character.toUpperCase(route.method().charAt(0))
                  + route.method().substring(1).toLowerCase(Locale.ROOT));
      List<String> names = names(operation.path("parameters"));
      route.pathParameters().forEach(name -> assertThat(names).as(describe(route)).contains(name));
      JsonNode body = body(operation.path("parameters"));
      for (Argument argument : route.arguments()) {
        if (route.pathParameters().contains(argument.name())) {
          continue;
        }
        if (route.method().equals("GET") || route.csv()) {
          assertThat(names)
              .as(describe(route) + " " + argument.name())
              .anyMatch(
                  name -> name.equals(argument.name()) || name.startsWith(argument.name() + "["));
        } else {
          assertThat(body.path("schema").path("properties").has(argument.name()))
              .as(describe(route) + " " + argument.name())
              .isTrue();
        }
      }
      // 401 is Magento's mark of a route that needs a credential.
      assertThat(operation.path("responses").has("401"))
          .as(describe(route))
          .isEqualTo(!route.resource().equals(Route.ANONYMOUS));
    }
  }

  @Test
  void every_route_is_in_the_openapi_description_with_its_parameters_and_acl_resource() {
    for (Route route : server.app().routes()) {
      JsonNode operation = operation(openApi, route);
      assertThat(operation.isObject()).as(describe(route)).isTrue();
      assertThat(operation.path("x-acl-resource").asText())
          .as(describe(route))
          .isEqualTo(route.resource());
      List<String> names = names(operation.path("parameters"));
      route.pathParameters().forEach(name -> assertThat(names).as(describe(route)).contains(name));
      JsonNode properties =
          operation
              .path("requestBody")
              .path("content")
              .path("application/json")
              .path("schema")
              .path("properties");
      for (Argument argument : route.arguments()) {
        if (route.pathParameters().contains(argument.name())) {
          continue;
        }
        if (route.method().equals("GET") || route.csv()) {
          assertThat(names)
              .as(describe(route) + " " + argument.name())
              .anyMatch(
                  name -> name.equals(argument.name()) || name.startsWith(argument.name() + "["));
        } else {
          assertThat(properties.has(argument.name()))
              .as(describe(route) + " " + argument.name())
              .isTrue();
        }
      }
      assertThat(operation.path("responses").has(Integer.toString(route.successStatus()))).isTrue();
      assertThat(operation.path("responses").has("400")).isTrue();
    }
  }

  @Test
  void nothing_is_listed_that_is_not_served() {
    var served = new HashSet<String>();
    server
        .app()
        .routes()
        .forEach(route ->
            served.add(
                route.method().toLowerCase(Locale.ROOT) + " " + SwaggerSchema.pathKey(route)));
    assertThat(listed(swagger)).isEqualTo(served);
    assertThat(listed(openApi)).isEqualTo(served);
  }

  @Test
  void magento_s_schema_is_valid_swagger_2() {
    var result = new SwaggerParser().readWithInfo(swaggerText);

    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getSwagger().getPaths()).hasSize(swagger.path("paths").size());
  }

  @Test
  void the_asynchronous_schema_lists_every_write_answering_202_and_is_valid_swagger_2()
      throws Exception {
    String text = server.send("GET", "/rest/default/async/schema?services=all", null).body();
    JsonNode async = JSON.readTree(text);

    var result = new SwaggerParser().readWithInfo(text);
    assertThat(result.getMessages()).isEmpty();
    assertThat(async.path("basePath").asText()).isEqualTo("/rest/default/async");
    int writes = 0;
    for (Route route : server.app().routes()) {
      JsonNode operation = operation(async, route);
      if (route.method().equals("GET")) {
        assertThat(operation.isMissingNode()).as(describe(route)).isTrue();
        continue;
      }
      writes++;
      assertThat(operation.path("responses").has("200")).as(describe(route)).isFalse();
      assertThat(operation.path("responses").path("202").path("schema").path("$ref").asText())
          .as(describe(route))
          .isEqualTo("#/definitions/asynchronous-operations-data-async-response-interface");
    }
    assertThat(writes).isGreaterThan(20);
    // The bulk schema is the synchronous one under the bulk base path, as Magento builds it.
    JsonNode bulk =
        JSON.readTree(
            server.send("GET", "/rest/default/async/bulk/schema?services=all", null).body());
    assertThat(bulk.path("basePath").asText()).isEqualTo("/rest/default/async/bulk");
    assertThat(bulk.path("paths")).isEqualTo(swagger.path("paths"));
  }

  @Test
  void the_openapi_description_is_valid_openapi_3_1() {
    var options = new ParseOptions();
    options.setResolve(true);
    var result = new OpenAPIV3Parser().readContents(openApiText, null, options);

    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    assertThat(result.getOpenAPI().getComponents().getSecuritySchemes())
        .containsKeys("bearer", "oauth1");
  }

  @Test
  void the_schema_shows_a_caller_only_the_routes_its_role_allows() throws Exception {
    JsonNode anonymous =
        JSON.readTree(server.send("GET", "/rest/default/schema", null, null).body());
    var open = new HashSet<String>();
    for (Route route : server.app().routes()) {
      if (route.resource().equals(Route.ANONYMOUS)) {
        open.add(route.method().toLowerCase(Locale.ROOT) + " " + SwaggerSchema.pathKey(route));
      }
    }
    assertThat(listed(anonymous))
        .isEqualTo(open)
        .contains(
            "post /V1/integration/admin/token",
            "get /V1/inventory/in-store-pickup/pickup-locations/");

    server.cli("roles", "add", "readers", "--resources", Acl.SOURCE);
    var password =
        Pattern.compile("Generated password \\(shown only once\\): (\\S+)")
            .matcher(server.cli("users", "add", "reader", "--role", "readers"));
    assertThat(password.find()).isTrue();
    String token = server.signIn("reader", password.group(1));
    JsonNode reader =
        JSON.readTree(server.send("GET", "/rest/all/schema", null, "Bearer " + token).body());
    var expected = new HashSet<String>();
    for (Route route : server.app().routes()) {
      if (route.resource().equals(Acl.SOURCE) || route.resource().equals(Route.ANONYMOUS)) {
        expected.add(route.method().toLowerCase(Locale.ROOT) + " " + SwaggerSchema.pathKey(route));
      }
    }
    assertThat(listed(reader)).isEqualTo(expected);
    assertThat(reader.path("basePath").asText()).isEqualTo("/rest/all");
  }

  @Test
  void a_malformed_or_unknown_service_list_is_refused_with_400() {
    var malformed = server.send("GET", "/rest/default/schema?services=invalidServiceName", null);
    var unknown = server.send("GET", "/rest/default/schema?services=noSuchServiceV1", null);
    var known =
        server.send(
            "GET",
            "/rest/default/schema?services=inventoryApiSourceItemsSaveV1,inventoryApiSourceItemsDeleteV1",
            null);

    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body())
        .isEqualTo(
            "{\"message\":\"Incorrect format of request URI or Requested services are missing.\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body())
        .isEqualTo(
            "{\"message\":\"Requested service is not available: \\\"%1\\\"\","
                + "\"parameters\":[\"noSuchServiceV1\"]}");
    assertThat(known.statusCode()).isEqualTo(200);
    assertThat(known.body())
        .contains("\"tags\":[{\"name\":\"inventoryApiSourceItemsSaveV1\"")
        .contains("\"/V1/inventory/source-items-delete\"");
  }

  private static JsonNode operation(JsonNode document, Route route) {
    return document
        .path("paths")
        .path(SwaggerSchema.pathKey(route))
        .path(route.method().toLowerCase(Locale.ROOT));
  }

  private static List<String> names(JsonNode parameters) {
    var names = new ArrayList<String>();
    parameters.forEach(parameter -> names.add(parameter.path("name").asText()));
    return names;
  }

  private static JsonNode body(JsonNode parameters) {
    return StreamSupport.stream(parameters.spliterator(), false)
        .filter(parameter -> parameter.path("in").asText().equals("body"))
        .findFirst()
        .orElse(JSON.createObjectNode());
  }

  private static Set<String> listed(JsonNode document) {
    var listed = new HashSet<String>();
    document
        .path("paths")
        .properties()
        .forEach(path ->
            path.getValue()
                .fieldNames()
                .forEachRemaining(method -> listed.add(method + " " + path.getKey())));
    return listed;
  }

  private static String describe(Route route) {
    return route.method() + " " + route.path();
  }
}
