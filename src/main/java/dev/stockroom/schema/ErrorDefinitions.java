package dev.stockroom.schema;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Magento's fixed definitions of its error body, first in every schema it generates. */
final class ErrorDefinitions {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ErrorDefinitions() {}

  /** As Magento's generator writes them, refs into {@code #/definitions/}. */
  static Map<String, ObjectNode> swagger() {
    var definitions = new LinkedHashMap<String, ObjectNode>();
    ObjectNode response = object(null);
    ObjectNode properties = response.putObject("properties");
    properties.set("message", string("Error message"));
    properties.set("errors", ref("error-errors"));
    properties.set(
        "code", JSON.objectNode().put("type", "integer").put("description", "Error code"));
    properties.set("parameters", ref("error-parameters"));
    properties.set("trace", string("Stack trace"));
    response.putArray("required").add("message");
    definitions.put("error-response", response);
    definitions.put("error-errors", array("Errors list", "error-errors-item"));
    ObjectNode errorsItem = object("Error details");
    errorsItem.putObject("properties").set("message", string("Error message"));
    ((ObjectNode) errorsItem.get("properties")).set("parameters", ref("error-parameters"));
    definitions.put("error-errors-item", errorsItem);
    definitions.put("error-parameters", array("Error parameters list", "error-parameters-item"));
    ObjectNode parametersItem = object("Error parameters item");
    ObjectNode itemProperties = parametersItem.putObject("properties");
    itemProperties.set("resources", string("ACL resource"));
    itemProperties.set("fieldName", string("Missing or invalid field name"));
    itemProperties.set("fieldValue", string("Incorrect field value"));
    definitions.put("error-parameters-item", parametersItem);
    return definitions;
  }

  private static ObjectNode object(String description) {
    ObjectNode object = JSON.objectNode().put("type", "object");
    if (description != null) {
      object.put("description", description);
    }
    return object;
  }

  private static ObjectNode array(String description, String items) {
    ObjectNode array = JSON.objectNode().put("type", "array").put("description", description);
    array.set("items", ref(items));
    return array;
  }

  private static ObjectNode string(String description) {
    return JSON.objectNode().put("type", "string").put("description", description);
  }

  private static ObjectNode ref(String name) {
    return JSON.objectNode().put("$ref", "#/definitions/" + name);
  }
}
