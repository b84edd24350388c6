package dev.stockroom.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of a message template. Magento writes named parameters as a JSON object and positional
 * ones (%1, %2, …) as a JSON list; an error without parameters has {@code []}.
 */
public sealed interface Parameters {
  Parameters NONE = new Positional(List.of());

  boolean isEmpty();

  /** The JSON value Magento writes for these parameters. */
  Object toJson();

  String render(String template);

  static Parameters of(String name, Object value) {
    var values = new LinkedHashMap<String, Object>();
    values.put(name, value);
    return new Named(values);
  }

  static Parameters of(String name1, Object value1, String name2, Object value2) {
    var values = new LinkedHashMap<String, Object>();
    values.put(name1, value1);
    values.put(name2, value2);
    return new Named(values);
  }

  static Parameters of(
      String name1, Object value1, String name2, Object value2, String name3, Object value3) {
    var values = new LinkedHashMap<String, Object>();
    values.put(name1, value1);
    values.put(name2, value2);
    values.put(name3, value3);
    return new Named(values);
  }

  static Parameters positional(Object... values) {
    return new Positional(List.of(values));
  }

  record Named(Map<String, Object> values) implements Parameters {
    public boolean isEmpty() {
      return values.isEmpty();
    }

    public Object toJson() {
      return values.isEmpty() ? List.of() : values;
    }

    public String render(String template) {
      // Longest names first, so that %field never eats the start of %fieldName.
      var names = values.keySet().stream().sorted((a, b) -> b.length() - a.length()).toList();
      String rendered = template;
      for (String name : names) {
        rendered = rendered.replace("%" + name, String.valueOf(values.get(name)));
      }
      return rendered;
    }
  }

  record Positional(List<Object> values) implements Parameters {
    public boolean isEmpty() {
      return values.isEmpty();
    }

    public Object toJson() {
      return values;
    }

    public String render(String template) {
      String rendered = template;
      for (int index = values.size(); index >= 1; index--) {
        rendered = rendered.replace("%" + index, String.valueOf(values.get(index - 1)));
      }
      return rendered;
    }
  }
}
