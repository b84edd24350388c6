package dev.stockroom.sales;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.TestServer;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of source-item saves, link changes, source enabling and disabling, threshold
 * changes, appended reservations and reserve calls, each followed by every salable quantity read
 * over HTTP and compared with a plain model of the formula kept here. Seeded: a failure names the
 * seed that repeats it ({@code -Dstockroom.model.seed}); {@code -Dstockroom.model.steps} runs more.
 */
class SalableQuantityModelTest {
  private static final int STEPS = Integer.getInteger("stockroom.model.steps", 300);
  private static final long SEED = Long.getLong("stockroom.model.seed", System.nanoTime());
  private static final List<String> SOURCES = List.of("default", "a", "b", "c");
  private static final List<String> SKUS = List.of("S-1", "S-2", "S-3", "S-4");
  private static final List<Long> STOCKS = List.of(1L, 2L, 3L);

  /** Everything the salable quantity depends on, with quantities in units of 0.0001. */
  private static final class Model {
    final Map<String, long[]> items = new HashMap<>(); // "source|sku" -> {quantity, status}
    final Set<String> links = new HashSet<>(Set.of("1|default")); // "stock|source"
    final Set<String> disabled = new HashSet<>();
    final Map<String, Long> reserved = new HashMap<>(); // "stock|sku"
    final Map<String, Long> thresholds = new HashMap<>();

    /** {assigned, any in stock, salable before clamping} */
    long[] figures(String sku, long stock) {
      long assigned = 0;
      long inStock = 0;
      long quantity = 0;
      for (String source : SOURCES) {
        long[] item = items.get(source + "|" + sku);
        if (item != null && links.contains(stock + "|" + source) && !disabled.contains(source)) {
          assigned = 1;
          if (item[1] == 1) {
            inStock = 1;
            quantity += item[0];
          }
        }
      }
      long salable =
          quantity
              + reserved.getOrDefault(stock + "|" + sku, 0L)
              - thresholds.getOrDefault(sku, 0L);
      return new long[] {assigned, inStock, salable};
    }

    BigDecimal reported(String sku, long stock) {
      long[] figures = figures(sku, stock);
      return figures[0] == 1 && figures[1] == 1 && figures[2] > 0
          ? BigDecimal.valueOf(figures[2], 4)
          : BigDecimal.ZERO;
    }
  }

  @Test
  void every_salable_quantity_equals_the_model_after_every_step() {
    var random = new Random(SEED);
    var model = new Model();
    int checks = 0;
    try (var server = TestServer.start()) {
      for (String source : SOURCES.subList(1, SOURCES.size())) {
        ok(
            server,
            "POST",
            "/rest/V1/inventory/sources",
            "{\"source\":{\"source_code\":\"%s\",\"name\":\"%s\",\"country_id\":\"DE\",\"postcode\":\"1\"}}"
                .formatted(source, source));
      }
      for (long stock : STOCKS.subList(1, STOCKS.size())) {
        ok(
            server,
            "PUT",
            "/rest/V1/inventory/stocks/" + stock,
            "{\"stock\":{\"name\":\"S" + stock + "\"}}");
      }
      for (int step = 0; step < STEPS; step++) {
        String done = step(random, server, model, step);
        for (String sku : SKUS) {
          for (long stock : STOCKS) {
            String answer =
                ok(
                    server,
                    "GET",
                    "/rest/V1/inventory/get-product-salable-quantity/" + sku + "/" + stock,
                    null);
            assertThat(new BigDecimal(answer))
                .as("seed %d, step %d (%s): %s in stock %d", SEED, step, done, sku, stock)
                .isEqualByComparingTo(model.reported(sku, stock));
            checks++;
          }
        }
      }
    }
    System.out.printf(
        "SalableQuantityModelTest (%s): %d steps (seed %d), %d salable quantities checked%n",
        TestServer.isPostgres() ? "postgresql" : "sqlite", STEPS, SEED, checks);
  }

  /** One random change, made over HTTP and in the model; returns what it did. */
  private static String step(Random random, TestServer server, Model model, int step) {
    String sku = pick(random, SKUS);
    String source = pick(random, SOURCES);
    long stock = pick(random, STOCKS);
    switch (random.nextInt(7)) {
      case 0, 1 -> {
        long quantity = random.nextInt(200_000);
        int status = random.nextInt(4) == 0 ? 0 : 1;
        ok(
            server,
            "POST",
            "/rest/V1/inventory/source-items",
            "{\"sourceItems\":[{\"sku\":\"%s\",\"source_code\":\"%s\",\"quantity\":%s,\"status\":%d}]}"
                .formatted(sku, source, BigDecimal.valueOf(quantity, 4).toPlainString(), status));
        model.items.put(source + "|" + sku, new long[] {quantity, status});
        return "save " + sku + " at " + source;
      }
      case 2 -> {
        if (stock == 1 || source.equals("default")) {
          return "nothing";
        }
        String link =
            "{\"links\":[{\"stock_id\":%d,\"source_code\":\"%s\",\"priority\":1}]}"
                .formatted(stock, source);
        if (model.links.remove(stock + "|" + source)) {
          ok(server, "POST", "/rest/V1/inventory/stock-source-links-delete", link);
          return "unlink " + source + " from " + stock;
        }
        ok(server, "POST", "/rest/V1/inventory/stock-source-links", link);
        model.links.add(stock + "|" + source);
        return "link " + source + " to " + stock;
      }
      case 3 -> {
        if (source.equals("default")) {
          return "nothing";
        }
        boolean enable = model.disabled.contains(source);
        ok(
            server,
            "PUT",
            "/rest/V1/inventory/sources/" + source,
            "{\"source\":{\"name\":\"%s\",\"country_id\":\"DE\",\"postcode\":\"1\",\"enabled\":%b}}"
                .formatted(source, enable));
        if (enable) {
          model.disabled.remove(source);
        } else {
          model.disabled.add(source);
        }
        return (enable ? "enable " : "disable ") + source;
      }
      case 4 -> {
        long threshold = random.nextInt(3) == 0 ? -1 : random.nextInt(50_000);
        if (threshold < 0) {
          ok(server, "DELETE", "/rest/V1/stockroom/out-of-stock-thresholds/" + sku, null);
          model.thresholds.remove(sku);
          return "reset the threshold of " + sku;
        }
        ok(
            server,
            "PUT",
            "/rest/V1/stockroom/out-of-stock-thresholds/" + sku,
            "{\"threshold\":" + BigDecimal.valueOf(threshold, 4).toPlainString() + "}");
        model.thresholds.put(sku, threshold);
        return "threshold " + sku;
      }
      case 5 -> {
        long quantity = random.nextInt(100_000) - 50_000;
        ok(
            server,
            "POST",
            "/rest/V1/stockroom/reservations",
            "{\"reservations\":[{\"stock_id\":%d,\"sku\":\"%s\",\"quantity\":%s}]}"
                .formatted(stock, sku, BigDecimal.valueOf(quantity, 4).toPlainString()));
        model.reserved.merge(stock + "|" + sku, quantity, Long::sum);
        return "append a reservation of " + sku + " in " + stock;
      }
      default -> {
        long quantity = 1 + random.nextInt(100_000);
        long[] figures = model.figures(sku, stock);
        boolean covered = figures[0] == 1 && figures[2] >= quantity;
        HttpResponse<String> answer =
            server.send(
                "POST",
                "/rest/V1/stockroom/orders/o-" + step + "/reserve",
                "{\"items\":[{\"sku\":\"%s\",\"qty\":%s}],\"stockId\":%d}"
                    .formatted(sku, BigDecimal.valueOf(quantity, 4).toPlainString(), stock));
        assertThat(answer.statusCode())
            .as(
                "seed %d, step %d: reserve %d of %s in %d: %s",
                SEED, step, quantity, sku, stock, answer.body())
            .isEqualTo(covered ? 200 : 400);
        if (covered) {
          model.reserved.merge(stock + "|" + sku, -quantity, Long::sum);
        }
        return "reserve " + sku + " in " + stock + (covered ? "" : " (refused)");
      }
    }
  }

  private static String ok(TestServer server, String method, String path, String body) {
    HttpResponse<String> answer = server.send(method, path, body);
    assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(200);
    return answer.body();
  }

  private static <T> T pick(Random random, List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }
}
