package dev.stockroom.sourceitem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The body nearly every save sends, {@code {"sourceItems":[{"sku":…,"source_code":…,"quantity":…,
 * "status":…},…]}}, bound token by token into records. It takes only bodies whose meaning is plain:
 * one argument, a non-empty list of objects, each property at most once under its snake_case name
 * (or {@code sourceCode}), strings for sku and source_code, a number for quantity and an integer
 * for status. Anything else (aliases, duplicates, nulls, coercions, unknown or extension
 * properties, errors) is left to the general binding in {@link SourceItemRoutes}, which applies
 * Magento's rules; on the bodies taken here both bind the same items (SourceItemsBodyTest).
 */
record SourceItemsBody(List<SourceItemRequest> items) {
  private static final int SKU = 1;
  private static final int SOURCE_CODE = 2;
  private static final int QUANTITY = 4;
  private static final int STATUS = 8;

  /** The bound body, or null where the general binding must decide. */
  static SourceItemsBody read(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    String argument = parser.nextFieldName();
    if (!"sourceItems".equals(argument) && !"source_items".equals(argument)
        || parser.nextToken() != JsonToken.START_ARRAY) {
      return null;
    }
    var items = new ArrayList<SourceItemRequest>();
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      SourceItemRequest item = item(parser);
      if (item == null) {
        return null;
      }
      items.add(item);
    }
    if (parser.currentToken() != JsonToken.END_ARRAY
        || items.isEmpty()
        || parser.nextToken() != JsonToken.END_OBJECT
        // PHP refuses text after the value; the general path reports it.
        || parser.nextToken() != null) {
      return null;
    }
    return new SourceItemsBody(items);
  }

  /** One item, or null if it is not plain. */
  private static SourceItemRequest item(JsonParser parser) throws IOException {
    String sku = null;
    String sourceCode = null;
    BigDecimal quantity = null;
    Integer status = null;
    int seen = 0;
    for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
      JsonToken value = parser.nextToken();
      int property;
      switch (name) {
        case "sku" -> {
          property = SKU;
          sku = value == JsonToken.VALUE_STRING ? parser.getText() : null;
        }
        case "source_code", "sourceCode" -> {
          property = SOURCE_CODE;
          sourceCode = value == JsonToken.VALUE_STRING ? parser.getText() : null;
        }
        case "quantity" -> {
          property = QUANTITY;
          quantity = value.isNumeric() ? parser.getDecimalValue() : null;
        }
        case "status" -> {
          property = STATUS;
          status = value == JsonToken.VALUE_NUMBER_INT ? status(parser) : null;
        }
        default -> {
          return null;
        }
      }
      // A second mention of a property, or a value of another type: not plain.
      boolean plain =
          switch (property) {
            case SKU -> sku != null;
            case SOURCE_CODE -> sourceCode != null;
            case QUANTITY -> quantity != null;
            default -> status != null;
          };
      if (!plain || (seen & property) != 0) {
        return null;
      }
      seen |= property;
    }
    return new SourceItemRequest(sku, sourceCode, quantity, status);
  }

  /** An int as Magento binds it: PHP's integer range, then clamped to the column's. */
  private static Integer status(JsonParser parser) throws IOException {
    JsonParser.NumberType type = parser.getNumberType();
    if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
      return null;
    }
    return (int) Math.clamp(parser.getLongValue(), Integer.MIN_VALUE, Integer.MAX_VALUE);
  }
}
