package dev.stockroom.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.error.AuthenticationException;
import dev.stockroom.error.AuthorizationException;
import dev.stockroom.error.NoSuchEntityException;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.Argument;
import dev.stockroom.webapi.BodySize;
import dev.stockroom.webapi.Route;
import dev.stockroom.webapi.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stockroom's OpenAPI 3.1 description, generated from the same route declarations as Magento's
 * schema: every route, Magento's and Stockroom's own, with its ACL resource ({@code
 * x-acl-resource}), the bearer and OAuth 1.0a security schemes, and every error Stockroom answers,
 * in Magento's error shape. Where Magento's schema keeps Magento's quirks (a {@code
 * NoSuchEntityException} listed as 400), this one says what Stockroom answers (404).
 */
public final class OpenApiSchema {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String ERROR = "#/components/schemas/error-response";

  private final Router router;
  private final String version;

  public OpenApiSchema(Router router, String version) {
    this.router = router;
    this.version = version;
  }

  /** The document; {@code serverUrl} is where the REST API is reached, e.g. /rest/default. */
  public ObjectNode document(String serverUrl) {
    ObjectNode document = JSON.objectNode();
    document.put("openapi", "3.1.0");
    document
        .putObject("info")
        .put("title", "Stockroom")
        .put("version", version)
        .put(
            "description",
            "An inventory service that speaks Magento 2's Multi-Source Inventory REST API."
                + " Sign in with POST /V1/integration/admin/token and send the token as a bearer"
                + " token, or sign requests with an integration's OAuth 1.0a credentials.");
    document.putArray("servers").addObject().put("url", serverUrl);
    // Required here means always written: this document describes what the server answers.
    var definitions =
        new Definitions(
            name -> "#/components/schemas/" + name, ApiType.Definition::alwaysWritten, true);
    ObjectNode paths = document.putObject("paths");
    var tags = new TreeMap<String, String>();
    for (Route route : router.routes()) {
      String key = SwaggerSchema.pathKey(route);
      ObjectNode path = paths.has(key) ? (ObjectNode) paths.get(key) : paths.putObject(key);
      path.set(route.method().toLowerCase(Locale.ROOT), operation(route, definitions));
      tags.putIfAbsent(route.service().name(), route.service().description());
    }
    ArrayNode tagList = document.putArray("tags");
    tags.forEach((name, description) ->
        tagList.addObject().put("name", name).put("description", description));
    ObjectNode components = document.putObject("components");
    ObjectNode schemes = components.putObject("securitySchemes");
    schemes
        .putObject("bearer")
        .put("type", "http")
        .put("scheme", "bearer")
        .put(
            "description",
            "An admin token from POST /V1/integration/admin/token (or, where enabled, an"
                + " integration's access token).");
    schemes
        .putObject("oauth1")
        .put("type", "apiKey")
        .put("in", "header")
        .put("name", "Authorization")
        .put(
            "description",
            "OAuth 1.0a (RFC 5849): an Authorization: OAuth header signed with HMAC-SHA256 (as"
                + " Magento) or HMAC-SHA1 with an integration's consumer key and secret and access"
                + " token and secret.");
    ObjectNode schemas = components.putObject("schemas");
    schemas.set("error-response", errorResponse());
    definitions.all().forEach(schemas::set);
    return document;
  }

  private ObjectNode operation(Route route, Definitions definitions) {
    ObjectNode operation = JSON.objectNode();
    operation.putArray("tags").add(route.service().name());
    operation.put("summary", route.method() + " " + route.path());
    operation.put("description", route.description());
    operation.put("operationId", SwaggerSchema.operationId(route));
    operation.put("x-acl-resource", route.resource());
    if (route.resource().equals(Route.ANONYMOUS)) {
      operation.putArray("security").addObject();
    } else {
      ArrayNode security = operation.putArray("security");
      security.addObject().putArray("bearer");
      security.addObject().putArray("oauth1");
    }
    ArrayNode parameters = JSON.arrayNode();
    List<String> pathParameters = route.pathParameters();
    ObjectNode body = JSON.objectNode().put("type", "object");
    ObjectNode bodyProperties = JSON.objectNode();
    List<String> required = new ArrayList<>();
    for (Argument argument : route.arguments()) {
      if (pathParameters.contains(argument.name())) {
        ObjectNode parameter =
            parameters.addObject().put("name", argument.name()).put("in", "path");
        parameter.put("required", true).set("schema", definitions.schemaOf(argument.type(), ""));
      } else if (route.method().equals("GET") || route.csv()) {
        // A CSV body leaves the arguments to the query string.
        query(parameters, argument, definitions);
      } else {
        bodyProperties.set(argument.name(), definitions.schemaOf(argument.type(), ""));
        if (argument.required()) {
          required.add(argument.name());
        }
      }
    }
    for (String name : pathParameters) {
      if (route.argument(name).isEmpty()) {
        parameters
            .addObject()
            .put("name", name)
            .put("in", "path")
            .put("required", true)
            .putObject("schema")
            .put("type", "string");
      }
    }
    if (!parameters.isEmpty()) {
      operation.set("parameters", parameters);
    }
    if (route.csv() && route.method().equals("POST")) {
      operation
          .putObject("requestBody")
          .put("required", true)
          .putObject("content")
          .putObject(Route.CSV)
          .putObject("schema")
          .put("type", "string")
          .put("description", "CSV in Magento's stock_sources format");
    } else if (!bodyProperties.isEmpty()) {
      body.set("properties", bodyProperties);
      if (!required.isEmpty()) {
        required.forEach(body.putArray("required")::add);
      }
      operation
          .putObject("requestBody")
          .put("required", !required.isEmpty())
          .putObject("content")
          .putObject("application/json")
          .set("schema", body);
    }
    operation.set("responses", responses(route, definitions));
    return operation;
  }

  /**
   * A simple GET argument is one query parameter; a complex one is flattened into the bracketed
   * names PHP binds ({@code searchCriteria[filterGroups][0][filters][0][field]}), which a client
   * such as Swagger UI sends as they are.
   */
  private static void query(ArrayNode parameters, Argument argument, Definitions definitions) {
    if (SwaggerSchema.isSimple(argument.type())) {
      ObjectNode parameter = parameters.addObject().put("name", argument.name()).put("in", "query");
      parameter.put("required", argument.required());
      parameter.set("schema", definitions.schemaOf(argument.type(), ""));
      return;
    }
    for (QueryParameters.Leaf leaf :
        QueryParameters.flatten(argument.name(), argument.type(), "[0]")) {
      ObjectNode parameter = parameters.addObject().put("name", leaf.name()).put("in", "query");
      if (!leaf.description().isEmpty()) {
        parameter.put("description", leaf.description());
      }
      parameter.putObject("schema").put("type", leaf.type().name());
    }
  }

  /** What the route answers: its result, and each error Stockroom may answer it with. */
  private static ObjectNode responses(Route route, Definitions definitions) {
    ObjectNode responses = JSON.objectNode();
    ObjectNode success = responses.putObject(Integer.toString(route.successStatus()));
    if (route.csv() && route.method().equals("GET")) {
      success.put("description", "200 Success: CSV in the import's format.");
      success.putObject("content").putObject(Route.CSV).putObject("schema").put("type", "string");
    } else if (route.successStatus() == 202) {
      success.put("description", "202 Accepted: queued; the bulk's status tells how it goes.");
      content(success, definitions.schemaOf(route.returns(), ""));
    } else if (route.returns() != null) {
      success.put("description", "200 Success.");
      content(success, definitions.schemaOf(route.returns(), ""));
    } else {
      success.put("description", "200 Success: a void operation answers an empty array.");
      ObjectNode empty = JSON.objectNode().put("type", "array").put("maxItems", 0);
      content(success, empty);
    }
    var errors = new TreeMap<String, String>();
    errors.put("400", "Bad input: binding, validation, a refused store code or method.");
    if (!route.resource().equals(Route.ANONYMOUS)) {
      errors.put("401", "The consumer isn't authorized to access the route's ACL resource.");
    }
    for (Class<? extends RuntimeException> thrown : route.throwing()) {
      if (thrown == NoSuchEntityException.class) {
        errors.put("404", "The entity does not exist.");
      } else if (thrown == AuthenticationException.class
          || thrown == AuthorizationException.class) {
        errors.put("401", "The credentials were refused.");
      }
    }
    if (!route.method().equals("GET") && !route.method().equals("DELETE")) {
      errors.put(
          "413",
          route.bodySize() == BodySize.BULK
              ? "The body is larger than the bulk limit."
              : "The body is larger than the limit of single entities.");
    }
    errors.put("500", "An unexpected failure; the log has the same report id.");
    errors.put(
        "503", "The database cannot be reached, or the memory for request bodies is in use.");
    for (Map.Entry<String, String> error : errors.entrySet()) {
      ObjectNode response =
          responses.putObject(error.getKey()).put("description", error.getValue());
      content(response, JSON.objectNode().put("$ref", ERROR));
    }
    return responses;
  }

  private static void content(ObjectNode response, ObjectNode schema) {
    response.putObject("content").putObject("application/json").set("schema", schema);
  }

  /** Magento's fallback error format: {@code {"messages":{"error":[{"code":406,"message":…}]}}}. */
  private static ObjectNode fallbackError() {
    ObjectNode entry = JSON.objectNode().put("type", "object");
    entry.putObject("properties").putObject("code").put("type", "integer");
    ((ObjectNode) entry.get("properties")).putObject("message").put("type", "string");
    ObjectNode messages = JSON.objectNode().put("type", "object");
    messages.putObject("properties").putObject("error").put("type", "array").set("items", entry);
    ObjectNode fallback = JSON.objectNode().put("type", "object");
    fallback.putObject("properties").set("messages", messages);
    return fallback;
  }

  /**
   * Magento's error body as Stockroom writes it: the message as a template, its parameters by name
   * (an object) or by position (an array), and the errors of a validation, each with its own.
   */
  private static ObjectNode errorResponse() {
    ObjectNode parameters =
        JSON.objectNode().put("description", "The values of the message's placeholders");
    parameters.putArray("type").add("object").add("array");
    ObjectNode error = JSON.objectNode().put("type", "object");
    error.put("description", "Magento's error body");
    ObjectNode properties = error.putObject("properties");
    properties
        .putObject("message")
        .put("type", "string")
        .put("description", "The message, with %placeholders");
    properties.set("parameters", parameters);
    ObjectNode item = JSON.objectNode().put("type", "object");
    ObjectNode itemProperties = item.putObject("properties");
    itemProperties.putObject("message").put("type", "string");
    itemProperties.set("parameters", parameters.deepCopy());
    item.putArray("required").add("message");
    properties.putObject("errors").put("type", "array").set("items", item);
    error.putArray("required").add("message");
    return error;
  }
}
