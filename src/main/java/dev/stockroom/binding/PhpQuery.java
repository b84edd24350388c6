package dev.stockroom.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * Parses a query string as PHP's parse_str does, which is how Magento reads it: {@code a[b][0]=x}
 * builds nested arrays, {@code a[]=x} appends, a repeated key keeps its last value, {@code +} is a
 * space, and dots and spaces in the top-level name become underscores. PHP arrays become JSON
 * objects whose keys keep their order of appearance.
 */
public final class PhpQuery {
  /** PHP's max_input_nesting_level. */
  private static final int MAX_DEPTH = 64;

  private PhpQuery() {}

  public static ObjectNode parse(String query) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    if (query == null || query.isEmpty()) {
      return root;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = urldecode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : urldecode(pair.substring(equals + 1));
      assign(root, name, value);
    }
    return root;
  }

  private static void assign(ObjectNode root, String rawName, String value) {
    String name = rawName.stripLeading();
    int bracket = name.indexOf('[');
    int close = bracket < 0 ? -1 : name.indexOf(']', bracket);
    if (bracket >= 0 && close < 0) {
      // An unmatched first bracket is part of the name and turns into an underscore.
      name = name.substring(0, bracket) + "_" + name.substring(bracket + 1);
      bracket = -1;
    }
    String base = (bracket < 0 ? name : name.substring(0, bracket)).replace('.', '_');
    base = base.replace(' ', '_');
    if (base.isEmpty()) {
      return;
    }
    var keys = new ArrayList<String>();
    keys.add(base);
    int position = bracket;
    while (position >= 0 && position < name.length() && name.charAt(position) == '[') {
      int end = name.indexOf(']', position);
      if (end < 0) {
        break;
      }
      keys.add(name.substring(position + 1, end));
      position = end + 1;
    }
    if (keys.size() > MAX_DEPTH) {
      return;
    }
    ObjectNode container = root;
    for (int index = 0; index < keys.size(); index++) {
      String key = keys.get(index).isEmpty() ? nextIndex(container) : keys.get(index);
      if (index == keys.size() - 1) {
        container.put(key, value);
      } else {
        JsonNode child = container.get(key);
        if (!(child instanceof ObjectNode)) {
          child = JsonNodeFactory.instance.objectNode();
          container.set(key, child);
        }
        container = (ObjectNode) child;
      }
    }
  }

  private static String nextIndex(ObjectNode container) {
    long next = 0;
    for (var names = container.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (key.matches("0|-?[1-9][0-9]{0,17}")) {
        next = Math.max(next, Long.parseLong(key) + 1);
      }
    }
    return Long.toString(next);
  }

  /** PHP urldecode: {@code +} is a space, malformed escapes stay as they are. */
  public static String urldecode(String text) {
    var bytes = new ByteArrayOutputStream(text.length());
    for (int index = 0; index < text.length(); index++) {
      char character = text.charAt(index);
      if (character == '+') {
        bytes.write(' ');
      } else if (character == '%'
          && index + 2 < text.length()
          && isHex(text.charAt(index + 1))
          && isHex(text.charAt(index + 2))) {
        bytes.write(Integer.parseInt(text.substring(index + 1, index + 3), 16));
        index += 2;
      } else {
        byte[] encoded = String.valueOf(character).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(character) && index + 1 < text.length()) {
          encoded = text.substring(index, index + 2).getBytes(StandardCharsets.UTF_8);
          index++;
        }
        bytes.writeBytes(encoded);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char character) {
    return Character.digit(character, 16) >= 0;
  }
}
