package dev.stockroom.webapi;

import java.util.ArrayList;
import java.util.List;

/**
 * The type of an argument or a result as Magento's schema describes it: a simple type, an array, or
 * a data interface (a definition, named as Magento names it, with snake_case properties).
 */
public sealed interface ApiType {
  Scalar STRING = new Scalar("string");
  Scalar INTEGER = new Scalar("integer");
  Scalar NUMBER = new Scalar("number");
  Scalar BOOLEAN = new Scalar("boolean");

  /** Swagger's simple types. */
  record Scalar(String name) implements ApiType {}

  record ArrayOf(ApiType items) implements ApiType {}

  /**
   * A data interface: {@code name} as Magento's schema names it (e.g. {@code
   * inventory-api-data-source-item-interface}), its description, and its properties in the order of
   * Magento's getters.
   */
  record Definition(String name, String description, List<Property> properties) implements ApiType {
    /** The properties Magento's schema lists as required (its getters never return null). */
    public List<String> required() {
      return properties.stream().filter(Property::required).map(Property::name).toList();
    }

    /** The properties every value of this type Stockroom writes has. */
    public List<String> alwaysWritten() {
      return properties.stream()
          .filter(property -> property.required() && property.alwaysWritten())
          .map(Property::name)
          .toList();
    }
  }

  /**
   * One property of a definition; {@code description} may be empty. A property can be required in
   * Magento's schema and yet be left out of what is written: the search criteria a search echoes
   * keep only what the client sent.
   */
  record Property(
      String name,
      ApiType type,
      String description,
      boolean required,
      boolean alwaysWritten,
      boolean nullable) {}

  static ArrayOf arrayOf(ApiType items) {
    return new ArrayOf(items);
  }

  static DefinitionBuilder definition(String name, String description) {
    return new DefinitionBuilder(name, description);
  }

  /** Builds a definition property by property, in Magento's order. */
  final class DefinitionBuilder {
    private final String name;
    private final String description;
    private final List<Property> properties = new ArrayList<>();

    private DefinitionBuilder(String name, String description) {
      this.name = name;
      this.description = description;
    }

    /** A property whose getter never returns null (Magento lists it as required). */
    public DefinitionBuilder required(String property, ApiType type, String description) {
      properties.add(new Property(property, type, description, true, true, false));
      return this;
    }

    /** Required in Magento's schema, but left out of an echo where the client left it out. */
    public DefinitionBuilder requiredUnlessOmitted(
        String property, ApiType type, String description) {
      properties.add(new Property(property, type, description, true, false, false));
      return this;
    }

    /**
     * Required in Magento's schema and always written, but null where there is no value: Magento
     * writes a required getter's null as {@code null} (an operation's {@code error_code}).
     */
    public DefinitionBuilder requiredNullable(String property, ApiType type, String description) {
      properties.add(new Property(property, type, description, true, true, true));
      return this;
    }

    public DefinitionBuilder optional(String property, ApiType type, String description) {
      properties.add(new Property(property, type, description, false, false, false));
      return this;
    }

    public Definition build() {
      return new Definition(name, description, List.copyOf(properties));
    }
  }
}
