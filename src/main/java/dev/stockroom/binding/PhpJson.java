package dev.stockroom.binding;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON as PHP writes what it decoded, {@code json_encode(json_decode($json, true))}: objects become
 * PHP arrays (an empty one, or one keyed 0, 1, 2…, is written as a list), floats are written at
 * their shortest ({@code 5.5}, {@code 1.0}, {@code 1.0e+25}), and {@code /} and every character
 * beyond ASCII are escaped ({@code \/}, {@code \u00fc}). Magento stores an asynchronous operation's
 * arguments so, and hashes them.
 */
public final class PhpJson {
  private PhpJson() {}

  public static String encode(JsonNode value) {
    var out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  /** A string as PHP's json_encode writes it, quotes included. */
  public static String string(String text) {
    var out = new StringBuilder(text.length() + 2);
    writeString(text, out);
    return out.toString();
  }

  private static void write(JsonNode value, StringBuilder out) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      out.append("null");
    } else if (value.isBoolean()) {
      out.append(value.booleanValue());
    } else if (value.isIntegralNumber()) {
      out.append(value.bigIntegerValue());
    } else if (value.isNumber()) {
      out.append(phpFloat(value.decimalValue()));
    } else if (value.isTextual()) {
      writeString(value.textValue(), out);
    } else if (value.isArray()) {
      writeList(listOf(value), out);
    } else {
      var entries = new ArrayList<Map.Entry<String, JsonNode>>();
      value.properties().forEach(entries::add);
      if (isList(entries)) {
        writeList(entries.stream().map(Map.Entry::getValue).toList(), out);
        return;
      }
      out.append('{');
      for (int index = 0; index < entries.size(); index++) {
        if (index > 0) {
          out.append(',');
        }
        writeString(entries.get(index).getKey(), out);
        out.append(':');
        write(entries.get(index).getValue(), out);
      }
      out.append('}');
    }
  }

  private static List<JsonNode> listOf(JsonNode array) {
    var elements = new ArrayList<JsonNode>(array.size());
    array.forEach(elements::add);
    return elements;
  }

  private static void writeList(List<JsonNode> elements, StringBuilder out) {
    out.append('[');
    for (int index = 0; index < elements.size(); index++) {
      if (index > 0) {
        out.append(',');
      }
      write(elements.get(index), out);
    }
    out.append(']');
  }

  /** PHP writes an array whose keys are 0, 1, 2… in order as a list; an empty one too. */
  private static boolean isList(List<Map.Entry<String, JsonNode>> entries) {
    for (int index = 0; index < entries.size(); index++) {
      if (!entries.get(index).getKey().equals(Integer.toString(index))) {
        return false;
      }
    }
    return true;
  }

  /** A float at its shortest (PHP's serialize_precision -1), as json_encode writes it. */
  static String phpFloat(BigDecimal value) {
    double number = value.doubleValue();
    if (Double.isInfinite(number) || Double.isNaN(number)) {
      return "0";
    }
    String shortest = Double.toString(number);
    int exponent = shortest.indexOf('E');
    if (exponent < 0) {
      return shortest;
    }
    double magnitude = Math.abs(number);
    if (magnitude >= 1e-4 && magnitude < 1e15) {
      // Java uses exponents below 10^-3 and from 10^7 on; PHP only outside [10^-4, 10^15).
      String plain = new BigDecimal(shortest).toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    // Java writes 1.0E25 where PHP writes 1.0e+25.
    String mantissa = shortest.substring(0, exponent);
    String power = shortest.substring(exponent + 1);
    return mantissa + "e" + (power.startsWith("-") ? power : "+" + power);
  }

  private static void writeString(String text, StringBuilder out) {
    out.append('"');
    for (int index = 0; index < text.length(); index++) {
      char c = text.charAt(index);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '/' -> out.append("\\/");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
