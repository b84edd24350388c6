package dev.stockroom.webapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.binding.Input;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The type check Magento's service input processor makes before a call is queued: every required
 * argument present, every property one the declared type has, every scalar coercible to its type.
 * The errors are the binder's own ({@link Input}), so that a body refused here would have been
 * refused the same way by the synchronous route. What the route's validators check (a quantity's
 * range, a source that exists) is left to the call itself.
 */
final class ArgumentCheck {
  private static final Map<ApiType.Definition, Input.Fields> FIELDS = new ConcurrentHashMap<>();

  private ArgumentCheck() {}

  /** Throws the binder's error for the first thing in {@code data} the route cannot bind. */
  static void check(Route route, ObjectNode data) {
    var missing = new ArrayList<ErrorEntry>();
    for (Argument argument : route.arguments()) {
      JsonNode value = argument(data, argument.name());
      if (value == null) {
        if (argument.required() && !route.pathParameters().contains(argument.name())) {
          missing.add(InputException.required(argument.name()));
        }
        continue;
      }
      check(value, argument.type(), argument.name());
    }
    if (!missing.isEmpty()) {
      throw InputException.of(missing);
    }
  }

  private static JsonNode argument(ObjectNode data, String name) {
    JsonNode value = data.get(name);
    if (Input.isNull(value)) {
      value = data.get(RestRequest.snakeCase(name));
    }
    return Input.isNull(value) ? null : value;
  }

  private static void check(JsonNode value, ApiType type, String name) {
    switch (type) {
      case ApiType.Scalar scalar -> {
        switch (scalar.name()) {
          case "integer" -> Input.integer(value, name);
          case "number" -> Input.decimal(value, name);
          case "boolean" -> Input.bool(value, name);
          default -> Input.string(value, name);
        }
      }
      case ApiType.ArrayOf array -> {
        List<JsonNode> elements = Input.list(value);
        if (elements != null) {
          elements.forEach(element -> check(element, array.items(), name));
        }
      }
      case ApiType.Definition definition -> {
        Input.Properties properties = Input.object(value, fields(definition));
        for (ApiType.Property property : definition.properties()) {
          JsonNode propertyValue = properties.get(property.name());
          if (!Input.isNull(propertyValue)) {
            check(propertyValue, property.type(), property.name());
          }
        }
      }
    }
  }

  private static Input.Fields fields(ApiType.Definition definition) {
    return FIELDS.computeIfAbsent(
        definition,
        each ->
            Input.fields(
                each.properties().stream().map(ApiType.Property::name).toArray(String[]::new)));
  }
}
