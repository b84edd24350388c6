package dev.stockroom.sourceitem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockroom.json.Json;
import dev.stockroom.webapi.ErrorResponses;
import dev.stockroom.webapi.RestRequests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The save body's shortcut binds exactly what the general binding binds: generated bodies, plain
 * and odd, go through both, and wherever the shortcut takes a body the validated items (or the
 * error a client would see) are the same. Seeded; {@code -Dstockroom.shortcut.seed=N} replays.
 */
class SourceItemsBodyTest {
  private static final long SEED = Long.getLong("stockroom.shortcut.seed", System.nanoTime());
  private static final ObjectMapper MAPPER = Json.newMapper();
  private static final String[] NAMES = {
    "sku",
    "source_code",
    "sourceCode",
    "quantity",
    "status",
    "Sku",
    "SourceCode",
    "source__code",
    "extension_attributes",
    "extensionAttributes",
    "SOURCE_CODE",
    "qty",
    "",
  };
  private static final String[] VALUES = {
    "\"A\"",
    "\"sku-1\"",
    "\" a \"",
    "\"\"",
    "\"default\"",
    "\"DEFAULT\"",
    "\"src b\"",
    "\"ü-ß\"",
    "\"" + "x".repeat(70) + "\"",
    "\"1.5\"",
    "\" 7 \"",
    "\"abc\"",
    "\"\\u0000\"",
    "0",
    "1",
    "-1",
    "2",
    "1.5",
    "1.50",
    "1.0",
    "-0.0",
    "1e3",
    "1E-9",
    "0.00005",
    "99999999.99995",
    "100000000",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "-9223372036854775808",
    "123456789012345678901234567890",
    "1e999999999",
    "true",
    "false",
    "null",
    "[]",
    "{}",
    "[1]",
    "{\"a\":1}",
    "{\"sku\":\"A\"}",
  };

  @Test
  void the_shortcut_binds_what_the_general_binding_binds() {
    var random = new Random(SEED);
    int taken = 0;
    int bodies = 20_000;
    for (int index = 0; index < bodies; index++) {
      String body = random.nextInt(3) == 0 ? odd(random) : plain(random);
      SourceItemsBody shortcut = shortcut(body);
      if (shortcut != null) {
        taken++;
        assertThat(outcome(() -> shortcut.items()))
            .as("seed %d, body %s", SEED, body)
            .isEqualTo(outcome(() -> general(body)));
      }
    }
    assertThat(taken).as("seed %d: bodies the shortcut took", SEED).isGreaterThan(bodies / 10);
  }

  @Test
  void the_shortcut_takes_the_common_body() {
    String body =
        "{\"sourceItems\":[{\"sku\":\"SKU-1\",\"source_code\":\"default\",\"quantity\":1.5,"
            + "\"status\":1},{\"sourceCode\":\"src-b\",\"status\":0,\"quantity\":2,\"sku\":\"b\"}]}";
    assertThat(shortcut(body).items())
        .containsExactly(
            new SourceItemRequest("SKU-1", "default", new java.math.BigDecimal("1.5"), 1),
            new SourceItemRequest("b", "src-b", new java.math.BigDecimal("2"), 0));
  }

  @Test
  void the_shortcut_leaves_what_needs_magentos_rules_to_the_general_binding() {
    for (String body :
        List.of(
            "{\"sourceItems\":[{\"sku\":\"A\",\"sku\":\"B\"}]}",
            "{\"sourceItems\":[{\"sku\":\"A\",\"Sku\":\"B\"}]}",
            "{\"sourceItems\":[{\"sku\":1}]}",
            "{\"sourceItems\":[{\"status\":\"1\"}]}",
            "{\"sourceItems\":[{\"status\":1.0}]}",
            "{\"sourceItems\":[{\"quantity\":null}]}",
            "{\"sourceItems\":[{\"SKU\":\"A\"}]}",
            "{\"sourceItems\":[{\"extension_attributes\":{}}]}",
            "{\"sourceItems\":[\"A\"]}",
            "{\"sourceItems\":[]}",
            "{\"sourceItems\":{\"0\":{\"sku\":\"A\"}}}",
            "{\"sourceItems\":[{\"sku\":\"A\"}],\"sourceItems\":[{\"sku\":\"B\"}]}",
            "{\"sourceItems\":[{\"sku\":\"A\"}],\"other\":1}",
            "{\"sourceItems\":[{\"sku\":\"A\"}]} x",
            "{\"sourceItems\":[{\"sku\":\"A\"}]}{}",
            "{\"sourceItems\":[{\"sku\":\"A\"}]",
            "[{\"sku\":\"A\"}]")) {
      assertThat(shortcut(body)).as(body).isNull();
    }
  }

  /** Bodies of the common shape, with properties in any order, some missing, some odd values. */
  private static String plain(Random random) {
    var items = new ArrayList<String>();
    int count = 1 + random.nextInt(4);
    for (int item = 0; item < count; item++) {
      var properties = new ArrayList<String>();
      addMaybe(
          properties, random, "sku", pick(random, "\"A\"", "\"sku-1\"", "\"Sku-1\"", "\" a \""));
      addMaybe(
          properties,
          random,
          random.nextBoolean() ? "source_code" : "sourceCode",
          pick(random, "\"default\"", "\"DEFAULT\"", "\"src b\"", "\"\""));
      addMaybe(properties, random, "quantity", pick(random, VALUES));
      addMaybe(properties, random, "status", pick(random, "0", "1", "2", "-1", "1.0", "\"1\""));
      java.util.Collections.shuffle(properties, random);
      items.add("{" + String.join(",", properties) + "}");
    }
    String argument = random.nextInt(4) == 0 ? "source_items" : "sourceItems";
    return "{\"" + argument + "\":[" + String.join(",", items) + "]}";
  }

  /** Anything: any names, any values, odd containers, trailing text, cut short. */
  private static String odd(Random random) {
    var items = new ArrayList<String>();
    int count = random.nextInt(4);
    for (int item = 0; item < count; item++) {
      if (random.nextInt(8) == 0) {
        items.add(pick(random, VALUES));
        continue;
      }
      var properties = new ArrayList<String>();
      int size = random.nextInt(6);
      for (int property = 0; property < size; property++) {
        properties.add("\"" + pick(random, NAMES) + "\":" + pick(random, VALUES));
      }
      items.add("{" + String.join(",", properties) + "}");
    }
    String list = "[" + String.join(",", items) + "]";
    String body =
        switch (random.nextInt(8)) {
          case 0 -> "{\"sourceItems\":" + list + ",\"sourceItems\":" + list + "}";
          case 1 -> "{\"sourceItems\":" + list + ",\"source_items\":" + list + "}";
          case 2 -> "{\"sourceItems\":" + pick(random, VALUES) + "}";
          case 3 -> "{\"other\":1,\"sourceItems\":" + list + "}";
          default -> "{\"sourceItems\":" + list + "}";
        };
    return switch (random.nextInt(10)) {
      case 0 -> body + pick(random, " ", "x", "{}", "\n", "]");
      case 1 -> body.substring(0, random.nextInt(body.length()));
      case 2 -> " \n" + body;
      default -> body;
    };
  }

  private static void addMaybe(List<String> properties, Random random, String name, String value) {
    if (random.nextInt(6) != 0) {
      properties.add("\"" + name + "\":" + value);
    }
  }

  private static String pick(Random random, String... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static SourceItemsBody shortcut(String body) {
    try (var parser = MAPPER.createParser(body.getBytes(StandardCharsets.UTF_8))) {
      return SourceItemsBody.read(parser);
    } catch (Exception notTaken) {
      return null;
    }
  }

  /** As RestApi decodes a body: a JSON object, or no arguments at all. */
  private static List<SourceItemRequest> general(String body) throws Exception {
    JsonNode decoded = MAPPER.readTree(body.getBytes(StandardCharsets.UTF_8));
    ObjectNode data =
        decoded instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
    return SourceItemRoutes.sourceItems(RestRequests.of(data));
  }

  interface Binding {
    List<SourceItemRequest> bind() throws Exception;
  }

  /** The validated items the store would get, or the status and body a client would get. */
  private static Object outcome(Binding binding) {
    try {
      return SourceItemValidator.validate(binding.bind());
    } catch (Exception failure) {
      var error = ErrorResponses.of(failure);
      return error.status() + " " + error.body();
    }
  }
}
