package dev.stockroom.sourceitem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.TestServer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every route that changes source items, in random order against an in-memory model of policy.md's
 * rules: saves (synchronous, asynchronous, CSV import), deletes, bulk assigns and unassigns, full
 * and partial transfers, adjustments. After every step the stored source items equal the model's,
 * every answer is the one the model predicts (200 or a refusal), a transfer never changes the total
 * quantity of a SKU, and the change ledger gained exactly one row for every item that changed, with
 * its state before and after. At the end, replaying the whole ledger from empty gives the table.
 */
class SourceItemModelTest {
  private static final List<String> SOURCES = List.of("default", "eu-1", "eu-2", "us-1");
  private static final List<String> SKUS = List.of("A", "B", "C", "D", "E", "F");
  private static final int STEPS = Integer.getInteger("stockroom.model.steps", 600);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** A source item of the model. */
  record Item(BigDecimal quantity, int status) {
    Item {
      quantity = normal(quantity);
    }
  }

  /** (source, sku) → item. */
  private final Map<String, Item> model = new TreeMap<>();

  private final Random random = new Random(Long.getLong("stockroom.model.seed", 17));

  @Test
  void random_operations_keep_the_source_items_equal_to_the_model() throws Exception {
    try (var server = TestServer.start()) {
      for (String source : SOURCES.subList(1, SOURCES.size())) {
        ok(
            server.send(
                "POST",
                "/rest/V1/inventory/sources",
                "{\"source\":{\"source_code\":\"%s\",\"name\":\"%s\",\"country_id\":\"DE\",\"postcode\":\"1\"}}"
                    .formatted(source, source)));
      }
      var counts = new TreeMap<String, Integer>();
      long lastChange = 0;
      for (int step = 0; step < STEPS; step++) {
        Map<String, Item> before = new TreeMap<>(model);
        String operation =
            switch (random.nextInt(9)) {
              case 0 -> save(server);
              case 1 -> delete(server);
              case 2 -> assign(server);
              case 3 -> unassign(server);
              case 4 -> transfer(server);
              case 5 -> partialTransfer(server);
              case 6 -> adjust(server);
              case 7 -> asyncSave(server);
              default -> importCsv(server);
            };
        counts.merge(operation, 1, Integer::sum);
        assertThat(stored(server)).as("after step %d (%s)", step, operation).isEqualTo(model);
        lastChange =
            checkLedger(server, lastChange, before, "step " + step + " (" + operation + ")");
      }
      assertThat(replayLedger(server)).as("the ledger replayed").isEqualTo(stored(server));
      System.out.printf(
          "SourceItemModelTest (%s): %d steps %s%n",
          TestServer.isPostgres() ? "postgresql" : "sqlite", STEPS, counts);
    }
  }

  private String save(TestServer server) {
    var items = new LinkedHashMap<String, Item>();
    for (int n = 1 + random.nextInt(4); n > 0; n--) {
      items.put(key(source(), sku()), new Item(quantity(), random.nextInt(2)));
    }
    var body = new ArrayList<String>();
    items.forEach((key, item) ->
        body.add(
            "{\"source_code\":\"%s\",\"sku\":\"%s\",\"quantity\":%s,\"status\":%d}"
                .formatted(
                    sourceOf(key), skuOf(key), item.quantity().toPlainString(), item.status())));
    ok(
        server.send(
            "POST",
            "/rest/V1/inventory/source-items",
            "{\"sourceItems\":[" + String.join(",", body) + "]}"));
    model.putAll(items);
    return "save";
  }

  private String delete(TestServer server) {
    String key = key(source(), sku());
    var response =
        server.send(
            "POST",
            "/rest/V1/inventory/source-items-delete",
            "{\"sourceItems\":[{\"source_code\":\"%s\",\"sku\":\"%s\"}]}"
                .formatted(sourceOf(key), skuOf(key)));
    // A pair that does not exist is ignored, as in Magento.
    ok(response);
    model.remove(key);
    return "delete";
  }

  private String assign(TestServer server) {
    List<String> skus = some(SKUS);
    List<String> sources = some(SOURCES);
    int created = 0;
    for (String source : sources) {
      for (String sku : skus) {
        if (model.putIfAbsent(key(source, sku), new Item(BigDecimal.ZERO, 0)) == null) {
          created++;
        }
      }
    }
    var response =
        server.send(
            "POST",
            "/rest/V1/inventory/bulk-product-source-assign",
            "{\"skus\":%s,\"sourceCodes\":%s}".formatted(json(skus), json(sources)));
    ok(response);
    assertThat(response.body()).isEqualTo(Integer.toString(created));
    return "assign";
  }

  private String unassign(TestServer server) {
    List<String> skus = some(SKUS);
    List<String> sources = some(SOURCES);
    int deleted = 0;
    for (String source : sources) {
      for (String sku : skus) {
        if (model.remove(key(source, sku)) != null) {
          deleted++;
        }
      }
    }
    var response =
        server.send(
            "POST",
            "/rest/V1/inventory/bulk-product-source-unassign",
            "{\"skus\":%s,\"sourceCodes\":%s}".formatted(json(skus), json(sources)));
    ok(response);
    assertThat(response.body()).isEqualTo(Integer.toString(deleted));
    return "unassign";
  }

  private String transfer(TestServer server) {
    String origin = source();
    String destination = source();
    List<String> skus = some(SKUS);
    boolean unassign = random.nextBoolean();
    Map<String, BigDecimal> before = totals();
    var response =
        server.send(
            "POST",
            "/rest/V1/inventory/bulk-product-source-transfer",
            "{\"skus\":%s,\"originSource\":\"%s\",\"destinationSource\":\"%s\",\"unassignFromOrigin\":%s}"
                .formatted(json(skus), origin, destination, unassign));
    if (origin.equals(destination)) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      return "transfer refused";
    }
    ok(response);
    for (String sku : new LinkedHashSet<>(skus)) {
      Item from = model.get(key(origin, sku));
      if (from == null) {
        continue;
      }
      Item to = model.get(key(destination, sku));
      BigDecimal total = to == null ? from.quantity() : from.quantity().add(to.quantity());
      boolean eitherInStock = from.status() == 1 || to != null && to.status() == 1;
      int status = total.signum() > 0 && eitherInStock ? 1 : from.status();
      model.put(key(destination, sku), new Item(total, status));
      if (unassign) {
        model.remove(key(origin, sku));
      } else {
        model.put(key(origin, sku), new Item(BigDecimal.ZERO, 0));
      }
    }
    assertThat(totals()).as("totals after a transfer").isEqualTo(before);
    return "transfer";
  }

  private String partialTransfer(TestServer server) {
    String origin = source();
    String destination = source();
    // Mostly lines the model can carry out, so that successes are as frequent as refusals.
    List<String> movable =
        SKUS.stream()
            .filter(sku -> model.containsKey(key(origin, sku)))
            .filter(sku -> model.containsKey(key(destination, sku)))
            .filter(sku -> model.get(key(origin, sku)).quantity().signum() > 0)
            .toList();
    var lines = new ArrayList<String[]>();
    var wanted = new LinkedHashMap<String, BigDecimal>();
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      boolean feasible = !movable.isEmpty() && random.nextInt(4) > 0;
      String sku = feasible ? movable.get(random.nextInt(movable.size())) : sku();
      BigDecimal qty =
          feasible
              ? model
                  .get(key(origin, sku))
                  .quantity()
                  .multiply(BigDecimal.valueOf(1 + random.nextInt(4), 2))
                  .setScale(4, RoundingMode.DOWN)
                  .max(new BigDecimal("0.0001"))
              : quantity().add(new BigDecimal("0.5"));
      lines.add(new String[] {sku, qty.toPlainString()});
      wanted.merge(sku, qty, BigDecimal::add);
    }
    boolean valid = !origin.equals(destination);
    for (var line : wanted.entrySet()) {
      Item from = model.get(key(origin, line.getKey()));
      Item to = model.get(key(destination, line.getKey()));
      valid &= from != null && to != null && from.quantity().compareTo(line.getValue()) >= 0;
    }
    Map<String, BigDecimal> before = totals();
    var body = new StringBuilder();
    for (String[] line : lines) {
      body.append(body.isEmpty() ? "" : ",")
          .append("{\"sku\":\"%s\",\"qty\":%s}".formatted(line[0], line[1]));
    }
    var response =
        server.send(
            "POST",
            "/rest/V1/inventory/bulk-partial-source-transfer",
            "{\"originSourceCode\":\"%s\",\"destinationSourceCode\":\"%s\",\"items\":[%s]}"
                .formatted(origin, destination, body));
    if (!valid) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(response.body()).contains("Transfer validation failed");
      return "partial refused";
    }
    ok(response);
    for (var line : wanted.entrySet()) {
      Item from = model.get(key(origin, line.getKey()));
      Item to = model.get(key(destination, line.getKey()));
      model.put(
          key(origin, line.getKey()),
          new Item(from.quantity().subtract(line.getValue()), from.status()));
      model.put(key(destination, line.getKey()), new Item(to.quantity().add(line.getValue()), 1));
    }
    assertThat(totals()).as("totals after a partial transfer").isEqualTo(before);
    return "partial";
  }

  /**
   * Adjusts items: mostly deltas and expectations the model meets, sometimes an expectation that
   * fails (409) or an item that does not exist (400), which write nothing.
   */
  private String adjust(TestServer server) {
    var lines = new ArrayList<String>();
    var next = new TreeMap<>(model);
    boolean missing = false;
    boolean mismatch = false;
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      String key = key(source(), sku());
      Item item = next.get(key);
      if (item == null) {
        missing = true;
        lines.add(
            "{\"sku\":\"%s\",\"source_code\":\"%s\",\"delta\":1}"
                .formatted(skuOf(key), sourceOf(key)));
        continue;
      }
      int status = random.nextInt(3);
      String statusField = status == 2 ? "" : ",\"status\":" + status;
      int newStatus = status == 2 ? item.status() : status;
      if (random.nextBoolean()) {
        BigDecimal delta = quantity().subtract(BigDecimal.TEN);
        lines.add(
            "{\"sku\":\"%s\",\"source_code\":\"%s\",\"delta\":%s%s}"
                .formatted(skuOf(key), sourceOf(key), delta.toPlainString(), statusField));
        next.put(key, new Item(item.quantity().add(delta), newStatus));
      } else {
        boolean wrong = random.nextInt(5) == 0;
        mismatch |= wrong;
        BigDecimal expected = wrong ? item.quantity().add(BigDecimal.ONE) : item.quantity();
        BigDecimal quantity = quantity();
        lines.add(
            "{\"sku\":\"%s\",\"source_code\":\"%s\",\"quantity\":%s,\"expected_quantity\":%s%s}"
                .formatted(
                    skuOf(key),
                    sourceOf(key),
                    quantity.toPlainString(),
                    expected.toPlainString(),
                    statusField));
        next.put(key, new Item(quantity, newStatus));
      }
    }
    var response =
        server.send(
            "POST",
            "/rest/V1/stockroom/source-items-adjust",
            "{\"adjustments\":[" + String.join(",", lines) + "]}");
    if (missing) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      return "adjust refused";
    }
    if (mismatch) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
      return "adjust conflict";
    }
    ok(response);
    model.clear();
    model.putAll(next);
    return "adjust";
  }

  /** A save through the asynchronous API, waited for. */
  private String asyncSave(TestServer server) {
    String key = key(source(), sku());
    Item item = new Item(quantity(), random.nextInt(2));
    var response =
        server.send(
            "POST",
            "/rest/async/V1/inventory/source-items",
            "{\"sourceItems\":[{\"source_code\":\"%s\",\"sku\":\"%s\",\"quantity\":%s,\"status\":%d}]}"
                .formatted(
                    sourceOf(key), skuOf(key), item.quantity().toPlainString(), item.status()));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    awaitOperations(server);
    model.put(key, item);
    return "async save";
  }

  /** A CSV import of a few rows (Magento's stock_sources format), waited for. */
  private String importCsv(TestServer server) {
    var csv = new StringBuilder("source_code,sku,status,quantity\n");
    var rows = new LinkedHashMap<String, Item>();
    for (int n = 1 + random.nextInt(4); n > 0; n--) {
      String key = key(source(), sku());
      Item item = new Item(quantity(), random.nextInt(2));
      if (rows.putIfAbsent(key, item) != null) {
        continue; // The import refuses a file that names an item twice.
      }
      csv.append(
          "%s,%s,%d,%s\n"
              .formatted(
                  sourceOf(key), skuOf(key), item.status(), item.quantity().toPlainString()));
    }
    var response =
        server.send(
            HttpRequest.newBuilder(
                    URI.create(server.baseUrl() + "/rest/V1/stockroom/imports/source-items"))
                .header("Authorization", "Bearer " + server.token())
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString()))
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    awaitOperations(server);
    model.putAll(rows);
    return "import";
  }

  private static void awaitOperations(TestServer server) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (server.app().core().bulks().openOperations() > 0) {
      assertThat(System.nanoTime()).as("queued operations done").isLessThan(deadline);
      try {
        Thread.sleep(10);
      } catch (InterruptedException stopped) {
        throw new IllegalStateException(stopped);
      }
    }
  }

  /**
   * The ledger rows after {@code lastChange} are one per item that changed from {@code before} to
   * the model, with its state before and after; returns the last change id.
   */
  private long checkLedger(
      TestServer server, long lastChange, Map<String, Item> before, String step) throws Exception {
    var changed = new TreeMap<String, Item[]>();
    var keys = new java.util.TreeSet<>(before.keySet());
    keys.addAll(model.keySet());
    for (String key : keys) {
      if (!java.util.Objects.equals(before.get(key), model.get(key))) {
        changed.put(key, new Item[] {before.get(key), model.get(key)});
      }
    }
    var logged = new TreeMap<String, Item[]>();
    long last = lastChange;
    for (JsonNode row : ledger(server, lastChange)) {
      String key = key(row.get("source_code").asText(), row.get("sku").asText());
      assertThat(logged.put(key, new Item[] {itemBefore(row), itemAfter(row)}))
          .as("%s: one ledger row for %s", step, key)
          .isNull();
      last = row.get("change_id").asLong();
    }
    assertThat(logged.keySet())
        .as("%s: the items the ledger names", step)
        .isEqualTo(changed.keySet());
    changed.forEach((key, states) ->
        assertThat(logged.get(key)).as("%s: %s before and after", step, key).isEqualTo(states));
    return last;
  }

  /** The source items the ledger's rows come to, applied in change order from empty. */
  private Map<String, Item> replayLedger(TestServer server) throws Exception {
    var items = new TreeMap<String, Item>();
    for (JsonNode row : ledger(server, 0)) {
      String key = key(row.get("source_code").asText(), row.get("sku").asText());
      assertThat(itemBefore(row))
          .as("change %s starts where the last ended", row.get("change_id"))
          .isEqualTo(items.get(key));
      Item after = itemAfter(row);
      if (after == null) {
        items.remove(key);
      } else {
        items.put(key, after);
      }
    }
    return items;
  }

  private static List<JsonNode> ledger(TestServer server, long after) throws Exception {
    var response =
        server.send(
            "GET",
            "/rest/V1/stockroom/source-item-changes?searchCriteria[filter_groups][0][filters][0][field]=change_id"
                + "&searchCriteria[filter_groups][0][filters][0][value]="
                + after
                + "&searchCriteria[filter_groups][0][filters][0][condition_type]=gt",
            null);
    ok(response);
    var rows = new ArrayList<JsonNode>();
    JSON.readTree(response.body()).get("items").forEach(rows::add);
    return rows;
  }

  private static Item itemBefore(JsonNode row) {
    return row.has("quantity_before")
        ? new Item(row.get("quantity_before").decimalValue(), row.get("status_before").asInt())
        : null;
  }

  private static Item itemAfter(JsonNode row) {
    return row.has("quantity_after")
        ? new Item(row.get("quantity_after").decimalValue(), row.get("status_after").asInt())
        : null;
  }

  private Map<String, Item> stored(TestServer server) throws Exception {
    var response = server.send("GET", "/rest/V1/inventory/source-items?searchCriteria=", null);
    ok(response);
    var items = new TreeMap<String, Item>();
    for (JsonNode item : JSON.readTree(response.body()).get("items")) {
      items.put(
          key(item.get("source_code").asText(), item.get("sku").asText()),
          new Item(item.get("quantity").decimalValue(), item.get("status").asInt()));
    }
    return items;
  }

  private Map<String, BigDecimal> totals() {
    var totals = new TreeMap<String, BigDecimal>();
    model.forEach((key, item) -> totals.merge(skuOf(key), item.quantity(), BigDecimal::add));
    totals.replaceAll((sku, total) -> normal(total));
    return totals;
  }

  private static BigDecimal normal(BigDecimal value) {
    return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
  }

  private BigDecimal quantity() {
    return normal(BigDecimal.valueOf(random.nextInt(200), 1));
  }

  private String source() {
    return SOURCES.get(random.nextInt(SOURCES.size()));
  }

  private String sku() {
    return SKUS.get(random.nextInt(SKUS.size()));
  }

  private List<String> some(List<String> values) {
    var chosen = new ArrayList<String>();
    for (String value : values) {
      if (random.nextInt(3) == 0) {
        chosen.add(value);
      }
    }
    return chosen;
  }

  private static String json(List<String> values) {
    return values.stream().map(value -> "\"" + value + "\"").toList().toString().replace(" ", "");
  }

  private static String key(String source, String sku) {
    return source + "/" + sku;
  }

  private static String sourceOf(String key) {
    return key.substring(0, key.indexOf('/'));
  }

  private static String skuOf(String key) {
    return key.substring(key.indexOf('/') + 1);
  }

  private static void ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
