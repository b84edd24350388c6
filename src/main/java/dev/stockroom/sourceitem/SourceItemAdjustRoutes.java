package dev.stockroom.sourceitem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockroom.acl.Acl;
import dev.stockroom.binding.Input;
import dev.stockroom.binding.Input.Properties;
import dev.stockroom.db.Database;
import dev.stockroom.error.ConflictException;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.InputException;
import dev.stockroom.error.Parameters;
import dev.stockroom.error.ValidationException;
import dev.stockroom.inventory.Keys;
import dev.stockroom.inventory.Quantity;
import dev.stockroom.inventory.Sku;
import dev.stockroom.webapi.ApiType;
import dev.stockroom.webapi.RestRequest;
import dev.stockroom.webapi.Router;
import dev.stockroom.webapi.Service;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST V1/stockroom/source-items-adjust}: quantity changes that do not race. A line with a
 * {@code delta} adds it to the quantity the item has when the request runs; a line with {@code
 * quantity} and {@code expected_quantity} sets the quantity only if the item has the expected one.
 * Lines apply in order (two lines of one item see each other). All or nothing: items are locked in
 * key order, every line is checked, and one failed expectation answers 409 listing every mismatch
 * with the quantity found, writing nothing. The items must exist (assign them first); results stay
 * within Magento's decimal(12,4). An optional {@code status} sets the status with the quantity.
 */
public final class SourceItemAdjustRoutes {
  private static final ApiType.Definition ADJUSTMENT =
      ApiType.definition(
              "stockroom-api-data-source-item-adjustment-interface",
              "A change of one source item's quantity: a delta, or a quantity expected to replace"
                  + " another")
          .required("sku", ApiType.STRING, "Product SKU")
          .required("source_code", ApiType.STRING, "Source code")
          .optional("delta", ApiType.NUMBER, "What to add to the current quantity (may be < 0)")
          .optional("quantity", ApiType.NUMBER, "The quantity to set, with expected_quantity")
          .optional("expected_quantity", ApiType.NUMBER, "The quantity the item must have now")
          .optional("status", ApiType.INTEGER, "The status to set (1 in stock, 0 out of stock)")
          .build();

  private static final Input.Fields FIELDS =
      Input.fields("sku", "source_code", "delta", "quantity", "expected_quantity", "status");

  private final Database database;
  private final SourceItemStore store;

  public SourceItemAdjustRoutes(Database database, SourceItemStore store) {
    this.database = database;
    this.store = store;
  }

  public void register(Router router) {
    router
        .post("/V1/stockroom/source-items-adjust", Acl.STOCK_SOURCE_ITEM_ASSIGN, this::adjust)
        .service(
            new Service(
                "stockroomSourceItemsAdjustV1",
                "Atomic quantity changes of source items: deltas and compare-and-set."),
            "execute",
            "Apply every adjustment or none; answers the adjusted source items as they now are.")
        .required("adjustments", ApiType.arrayOf(ADJUSTMENT))
        .returns(ApiType.arrayOf(SourceItemRoutes.SOURCE_ITEM))
        .throwing(InputException.class, ValidationException.class, ConflictException.class)
        .bulk();
  }

  /** One valid line: a delta, or a quantity with the one expected. */
  private record Line(
      int index,
      String sku,
      String sourceCode,
      Quantity delta,
      Quantity quantity,
      Quantity expected,
      Integer status) {
    SourceItemStore.Pair key() {
      return new SourceItemStore.Pair(Keys.fold(sourceCode), Keys.fold(sku));
    }
  }

  private List<SourceItem> adjust(RestRequest request) {
    request.requireArguments("adjustments");
    List<Line> lines = lines(request.argument("adjustments"));
    return database.inTransaction(unit -> {
      var pairs =
          lines.stream().map(line -> new SourceItemStore.Pair(line.sourceCode(), line.sku()));
      Map<SourceItemStore.Pair, SourceItem> current = store.lockPairs(unit, pairs.toList());
      var missing = new ArrayList<ErrorEntry>();
      var mismatches = new ArrayList<ErrorEntry>();
      var outOfRange = new ArrayList<ErrorEntry>();
      var adjusted = new LinkedHashMap<SourceItemStore.Pair, SourceItem>();
      for (Line line : lines) {
        SourceItem item = adjusted.getOrDefault(line.key(), current.get(line.key()));
        if (item == null) {
          missing.add(
              entry(
                  "Source item \"%sku\" at \"%source_code\" does not exist (adjustment %line).",
                  line));
          continue;
        }
        Quantity after;
        if (line.delta() != null) {
          after = item.quantity().plus(line.delta());
        } else {
          if (!item.quantity().equals(line.expected())) {
            mismatches.add(
                entry(
                    "Adjustment %line expected \"%sku\" at \"%source_code\" to hold"
                        + " %expected_quantity; it holds %current_quantity.",
                    line,
                    "expected_quantity",
                    line.expected().toString(),
                    "current_quantity",
                    item.quantity().toString()));
          }
          after = line.quantity();
        }
        if (after.compareTo(Quantity.MAX) > 0 || after.compareTo(Quantity.MAX.negate()) < 0) {
          outOfRange.add(
              entry(
                  "The quantity of \"%sku\" at \"%source_code\" would be %quantity, beyond"
                      + " %max either way (adjustment %line).",
                  line, "quantity", after.toString(), "max", Quantity.LIMIT.toPlainString()));
          continue;
        }
        int status = line.status() == null ? item.status() : line.status();
        adjusted.put(line.key(), new SourceItem(item.sku(), item.sourceCode(), after, status));
      }
      if (!missing.isEmpty()) {
        throw new ValidationException("Validation Failed: " + missing.get(0).rendered(), missing);
      }
      if (!mismatches.isEmpty()) {
        throw new ConflictException(
            "%count adjustments did not find the quantity they expected; nothing was changed.",
            Parameters.of("count", mismatches.size()), mismatches);
      }
      if (!outOfRange.isEmpty()) {
        throw new ValidationException(
            "Validation Failed: " + outOfRange.get(0).rendered(), outOfRange);
      }
      List<SourceItem> items = List.copyOf(adjusted.values());
      store.saveAll(unit, items);
      return items;
    });
  }

  /** Binds and checks every line before anything is read; errors name the line (from 0). */
  private static List<Line> lines(JsonNode argument) {
    List<JsonNode> elements = Input.list(argument);
    if (elements.isEmpty()) {
      throw InputException.of("Input data is empty");
    }
    var errors = new ArrayList<ErrorEntry>();
    var lines = new ArrayList<Line>(elements.size());
    for (int index = 0; index < elements.size(); index++) {
      Properties item = Input.object(elements.get(index), FIELDS);
      var found = new ArrayList<ErrorEntry>();
      String sku = item.string("sku");
      String sourceCode = item.string("source_code");
      Sku.validate(sku, found);
      SourceItemValidator.validateSourceCode(sourceCode, found);
      BigDecimal delta = item.decimal("delta");
      BigDecimal quantity = item.decimal("quantity");
      BigDecimal expected = item.decimal("expected_quantity");
      Quantity deltaE4 = null;
      Quantity quantityE4 = null;
      Quantity expectedE4 = null;
      if (delta != null && quantity == null && expected == null) {
        deltaE4 = Quantity.validate(delta, "delta", "", found);
      } else if (delta == null && quantity != null && expected != null) {
        quantityE4 = Quantity.validate(quantity, "quantity", "", found);
        expectedE4 = Quantity.validate(expected, "expected_quantity", "", found);
      } else {
        found.add(
            new ErrorEntry(
                "An adjustment has either \"delta\" or both \"quantity\" and"
                    + " \"expected_quantity\".",
                Parameters.NONE));
      }
      Long status = item.integer("status");
      if (status != null) {
        SourceItemValidator.validateStatus(
            (int) Math.clamp(status, Integer.MIN_VALUE, Integer.MAX_VALUE), found);
      }
      for (ErrorEntry error : found) {
        errors.add(withLine(error, index));
      }
      if (found.isEmpty()) {
        lines.add(
            new Line(
                index,
                sku,
                sourceCode,
                deltaE4,
                quantityE4,
                expectedE4,
                status == null ? null : status.intValue()));
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("Validation Failed: " + errors.get(0).rendered(), errors);
    }
    return lines;
  }

  private static ErrorEntry withLine(ErrorEntry error, int index) {
    var values = new LinkedHashMap<String, Object>();
    if (error.parameters() instanceof Parameters.Named named) {
      values.putAll(named.values());
    }
    values.put("line", index);
    return new ErrorEntry(error.template() + " (adjustment %line)", new Parameters.Named(values));
  }

  /** An error about a line: its index, sku and source code, then {@code more} names and values. */
  private static ErrorEntry entry(String template, Line line, String... more) {
    var values = new LinkedHashMap<String, Object>();
    values.put("line", line.index());
    values.put("sku", line.sku());
    values.put("source_code", line.sourceCode());
    for (int index = 0; index < more.length; index += 2) {
      values.put(more[index], more[index + 1]);
    }
    return new ErrorEntry(template, new Parameters.Named(values));
  }
}
