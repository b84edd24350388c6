package dev.stockroom.webapi;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.filter.FilteringGeneratorDelegate;
import com.fasterxml.jackson.core.filter.TokenFilter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Magento's partial responses: {@code ?fields=items[sku,quantity],total_count} keeps only the named
 * fields of a successful response. A selection applies to every element of a list; names that match
 * nothing are ignored. The filter works on the JSON as it is written, so streamed results stay
 * streamed.
 */
public final class FieldsFilter extends TokenFilter {
  /** Selected names; a null value selects the whole field. */
  private final Map<String, FieldsFilter> fields;

  private FieldsFilter(Map<String, FieldsFilter> fields) {
    this.fields = fields;
  }

  /** The filter for a {@code fields} parameter, or null to write everything. */
  public static FieldsFilter parse(String fields) {
    if (fields == null || fields.isBlank()) {
      return null;
    }
    var parser = new Parser(fields);
    FieldsFilter filter = parser.list();
    return filter.fields.isEmpty() ? null : filter;
  }

  public JsonGenerator wrap(JsonGenerator generator) {
    return new FilteringGeneratorDelegate(generator, this, Inclusion.INCLUDE_ALL_AND_PATH, true);
  }

  @Override
  public TokenFilter includeProperty(String name) {
    if (!fields.containsKey(name)) {
      return null;
    }
    FieldsFilter nested = fields.get(name);
    return nested == null ? TokenFilter.INCLUDE_ALL : nested;
  }

  @Override
  public TokenFilter includeElement(int index) {
    return this;
  }

  /** A list or object the selection reached is written even when nothing in it was selected. */
  @Override
  public boolean includeEmptyArray(boolean contentsFiltered) {
    return true;
  }

  @Override
  public boolean includeEmptyObject(boolean contentsFiltered) {
    return true;
  }

  /**
   * {@code list := name ('[' list ']')? (',' name ('[' list ']')?)*}; stray brackets are ignored.
   */
  private static final class Parser {
    private final String text;
    private int position;

    Parser(String text) {
      this.text = text;
    }

    FieldsFilter list() {
      var fields = new LinkedHashMap<String, FieldsFilter>();
      var name = new StringBuilder();
      while (position < text.length()) {
        char character = text.charAt(position++);
        if (character == '[') {
          FieldsFilter nested = list();
          add(fields, name, nested.fields.isEmpty() ? null : nested);
        } else if (character == ']') {
          break;
        } else if (character == ',') {
          add(fields, name, null);
        } else {
          name.append(character);
        }
      }
      add(fields, name, null);
      return new FieldsFilter(fields);
    }

    private static void add(
        Map<String, FieldsFilter> fields, StringBuilder name, FieldsFilter nested) {
      String field = name.toString().strip();
      name.setLength(0);
      if (!field.isEmpty()) {
        fields.put(field, nested);
      }
    }
  }
}
