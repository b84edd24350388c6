package dev.stockroom.schema;

import dev.stockroom.webapi.ApiType;
import java.util.ArrayList;
import java.util.List;

/**
 * A complex argument of a GET flattened into the query parameters PHP's bracket syntax binds it
 * from, as Magento's schema lists them: {@code searchCriteria[filterGroups][0][filters][0][field]}.
 * Names are the getters' (camelCase); an array's element is named by {@code arraySignifier}.
 */
final class QueryParameters {
  /** One flattened parameter: its name, simple type and description. */
  record Leaf(String name, ApiType.Scalar type, String description) {}

  private QueryParameters() {}

  static List<Leaf> flatten(String argument, ApiType type, String arraySignifier) {
    var leaves = new ArrayList<Leaf>();
    flatten(argument, type, "", arraySignifier, leaves);
    return leaves;
  }

  private static void flatten(
      String name, ApiType type, String description, String arraySignifier, List<Leaf> leaves) {
    switch (type) {
      case ApiType.Scalar scalar -> leaves.add(new Leaf(name, scalar, description));
      case ApiType.ArrayOf array ->
          flatten(name + arraySignifier, array.items(), description, arraySignifier, leaves);
      case ApiType.Definition definition -> {
        for (ApiType.Property property : definition.properties()) {
          flatten(
              name + "[" + camelCase(property.name()) + "]",
              property.type(),
              property.description(),
              arraySignifier,
              leaves);
        }
      }
    }
  }

  /** {@code filter_groups} → {@code filterGroups}: a getter's name from its property's. */
  static String camelCase(String snake) {
    var camel = new StringBuilder(snake.length());
    boolean upper = false;
    for (char character : snake.toCharArray()) {
      if (character == '_') {
        upper = true;
      } else {
        camel.append(upper ? Character.toUpperCase(character) : character);
        upper = false;
      }
    }
    return camel.toString();
  }
}
