package dev.stockroom.schema;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.webapi.ApiType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The definitions a document refers to, collected as they are first met, each rendered once: a
 * definition takes its place before the definitions it holds, as in Magento's generator.
 */
final class Definitions {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Function<String, String> reference;
  private final Function<ApiType.Definition, List<String>> required;
  private final boolean nullTypes;
  private final Map<String, ObjectNode> rendered = new LinkedHashMap<>();

  /**
   * {@code reference} turns a definition's name into its {@code $ref}; {@code required} says which
   * of its properties the document lists as required; {@code nullTypes} whether a nullable
   * property's type says so (JSON Schema's {@code ["integer", "null"]}; Swagger 2.0 cannot).
   */
  Definitions(
      Function<String, String> reference,
      Function<ApiType.Definition, List<String>> required,
      boolean nullTypes) {
    this.reference = reference;
    this.required = required;
    this.nullTypes = nullTypes;
  }

  /** The schema of a value of {@code type}: a simple type, an array, or a reference. */
  ObjectNode schemaOf(ApiType type, String description) {
    ObjectNode schema = JSON.objectNode();
    switch (type) {
      case ApiType.Scalar scalar -> {
        schema.put("type", scalar.name());
        describe(schema, description);
      }
      case ApiType.ArrayOf array -> {
        schema.put("type", "array");
        describe(schema, description);
        schema.set("items", schemaOf(array.items(), ""));
      }
      case ApiType.Definition definition -> {
        add(definition);
        schema.put("$ref", reference.apply(definition.name()));
      }
    }
    return schema;
  }

  /** Renders a definition, and the definitions it holds, unless they are here already. */
  void add(ApiType.Definition definition) {
    if (rendered.containsKey(definition.name())) {
      return;
    }
    ObjectNode object = JSON.objectNode();
    // Its name is taken before its properties are rendered: a parent precedes its children.
    rendered.put(definition.name(), object);
    object.put("type", "object");
    object.put("description", definition.description());
    if (!definition.properties().isEmpty()) {
      ObjectNode properties = object.putObject("properties");
      for (ApiType.Property property : definition.properties()) {
        ObjectNode schema = schemaOf(property.type(), property.description());
        if (nullTypes && property.nullable() && schema.has("type")) {
          String type = schema.get("type").textValue();
          schema.putArray("type").add(type).add("null");
        }
        properties.set(property.name(), schema);
      }
    }
    List<String> names = required.apply(definition);
    if (!names.isEmpty()) {
      names.forEach(object.putArray("required")::add);
    }
  }

  /** The definitions met so far, in the order met. */
  Map<String, ObjectNode> all() {
    return rendered;
  }

  private static void describe(ObjectNode schema, String description) {
    if (description != null && !description.isEmpty()) {
      schema.put("description", description);
    }
  }
}
