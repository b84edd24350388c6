package dev.stockroom.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.error.LocalizedException;
import dev.stockroom.error.Parameters;
import dev.stockroom.error.WebapiException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds decoded request data (JSON body or PHP query arrays) to typed values with Magento's lenient
 * coercion and its exact type-error messages. A JSON null is kept as null, never a type error.
 */
public final class Input {
  private Input() {}

  public static String string(JsonNode value, String field) {
    if (isNull(value)) {
      return null;
    }
    if (value.isContainerNode()) {
      throw WebapiException.typeMismatch(field, "array", "string");
    }
    return phpString(value);
  }

  /** A float field: numbers and numeric strings, kept exact. */
  public static BigDecimal decimal(JsonNode value, String field) {
    return number(value, field, "float");
  }

  /**
   * An int field: numbers and numeric strings, truncated toward zero as PHP's (int) cast, and
   * clamped to the range of a long as PHP clamps its own.
   */
  public static Long integer(JsonNode value, String field) {
    BigDecimal number = number(value, field, "int");
    return number == null ? null : FixedPoint.scale(number, 0, RoundingMode.DOWN, Long.MAX_VALUE);
  }

  public static Boolean bool(JsonNode value, String field) {
    if (isNull(value)) {
      return null;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isContainerNode()) {
      return false;
    }
    return Php.toBoolean(phpString(value));
  }

  /** An array argument; PHP arrays decoded from objects or query strings count, in key order. */
  public static List<JsonNode> list(JsonNode value) {
    if (isNull(value)) {
      return null;
    }
    if (value instanceof ArrayNode array) {
      var elements = new ArrayList<JsonNode>(array.size());
      array.forEach(elements::add);
      return elements;
    }
    if (value instanceof ObjectNode object) {
      var elements = new ArrayList<JsonNode>(object.size());
      object.forEach(elements::add);
      return elements;
    }
    throw new LocalizedException("Not all parameters valid.");
  }

  /** The properties a data interface declares, by snake_case name; made once per type. */
  public static final class Fields {
    private final Set<String> names;
    private final Map<String, String> byUpperCamel = new HashMap<>();

    private Fields(List<String> names) {
      this.names = Set.copyOf(names);
      names.forEach(name -> byUpperCamel.put(upperCamel(name), name));
    }

    /** The property a key names, as Magento matches it: the key turned UpperCamelCase. */
    String property(String key) {
      return names.contains(key) ? key : byUpperCamel.get(upperCamel(key));
    }
  }

  public static Fields fields(String... names) {
    return new Fields(List.of(names));
  }

  /**
   * An object argument whose keys may be snake_case or camelCase ({@code source_code}, {@code
   * sourceCode}). Magento compares the key turned UpperCamelCase with its getters; where two keys
   * name the same property the first wins. A key naming no property is refused with the message of
   * Magento 2.4.7 (older releases answer a 500). An absent, null or scalar value binds as an object
   * without properties.
   */
  public static Properties object(JsonNode value, Fields fields) {
    if (isNull(value)) {
      return new Properties(Map.of(), Map.of());
    }
    ObjectNode object = asObject(value);
    if (object == null) {
      // Magento builds an empty object from a scalar; its validators then report what is missing.
      return new Properties(Map.of(), Map.of());
    }
    var values = new HashMap<String, JsonNode>();
    var sentNames = new HashMap<String, String>();
    for (var entry : object.properties()) {
      String property = fields.property(entry.getKey());
      if (property == null) {
        throw new LocalizedException(
            "\"%fieldName\" is not supported. Correct the field name and try again.",
            Parameters.of("fieldName", entry.getKey()));
      }
      if (values.putIfAbsent(property, entry.getValue()) == null) {
        sentNames.put(property, entry.getKey());
      }
    }
    return new Properties(values, sentNames);
  }

  /** The properties of one bound object, by their snake_case names. */
  public record Properties(Map<String, JsonNode> values, Map<String, String> sentNames) {
    public boolean has(String property) {
      return values.containsKey(property);
    }

    public JsonNode get(String property) {
      return values.get(property);
    }

    public String string(String property) {
      return Input.string(get(property), sentName(property));
    }

    public BigDecimal decimal(String property) {
      return Input.decimal(get(property), sentName(property));
    }

    public Long integer(String property) {
      return Input.integer(get(property), sentName(property));
    }

    public Boolean bool(String property) {
      return Input.bool(get(property), sentName(property));
    }

    public String sentName(String property) {
      return sentNames.getOrDefault(property, property);
    }
  }

  /** PHP decodes JSON lists and objects alike into arrays: a list is an object keyed 0, 1, … */
  private static ObjectNode asObject(JsonNode value) {
    if (value instanceof ObjectNode object) {
      return object;
    }
    if (value instanceof ArrayNode array) {
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      for (int index = 0; index < array.size(); index++) {
        object.set(Integer.toString(index), array.get(index));
      }
      return object;
    }
    return null;
  }

  public static boolean isNull(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }

  private static BigDecimal number(JsonNode value, String field, String type) {
    if (isNull(value)) {
      return null;
    }
    if (value.isNumber()) {
      return value.decimalValue();
    }
    if (value.isContainerNode()) {
      throw WebapiException.typeMismatch(field, "array", type);
    }
    String text = phpString(value);
    if (value.isBoolean() || !Php.isNumeric(text)) {
      throw WebapiException.typeMismatch(field, text, type);
    }
    return Php.toNumber(text);
  }

  /** PHP's string conversion of a scalar: true is "1", false is "", 3.0 is "3". */
  static String phpString(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue() ? "1" : "";
    }
    if (value.isNumber()) {
      BigDecimal number = value.decimalValue().stripTrailingZeros();
      if (number.signum() == 0) {
        return "0";
      }
      // PHP switches to exponent notation for large and tiny floats; so does this, which also
      // keeps 1e999999999 from being written out in full.
      long magnitude = (long) number.precision() - number.scale();
      return magnitude > 20 || magnitude < -4 ? number.toString() : number.toPlainString();
    }
    return value.isContainerNode() ? "array" : value.asText();
  }

  /** Magento's snake_case to UpperCamelCase: capitalise after each underscore, then drop them. */
  static String upperCamel(String name) {
    var camel = new StringBuilder(name.length());
    boolean capitalise = true;
    for (char character : name.toCharArray()) {
      if (character == '_') {
        capitalise = true;
      } else {
        camel.append(capitalise ? Character.toUpperCase(character) : character);
        capitalise = false;
      }
    }
    return camel.toString();
  }
}
