package dev.stockroom.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockroom.TestServer;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebsitesCommandTest {
  private static final String EU_STOCK =
      "{\"stock\":{\"name\":\"EU\",\"extension_attributes\":{\"sales_channels\":"
          + "[{\"type\":\"website\",\"code\":\"eu_website\"}]}}}";

  @Test
  void a_website_added_from_the_command_line_sells_from_the_default_stock_until_moved() {
    try (var server = TestServer.start()) {
      assertThat(server.send("POST", "/rest/V1/inventory/stocks", EU_STOCK).body())
          .contains("The website with code \\\"%code\\\" does not exist.");

      assertThat(server.cli("websites", "add", "eu_website"))
          .isEqualTo("Website \"eu_website\" added; it sells from the default stock.\n");
      assertThat(server.cli("websites", "add", "eu_website")).contains("exists already");
      assertThat(server.cli("websites", "list")).isEqualTo("base\neu_website\n");
      assertThat(
              server
                  .send("GET", "/rest/V1/inventory/stock-resolver/website/eu_website", null)
                  .body())
          .startsWith("{\"stock_id\":1,");

      assertThat(server.send("POST", "/rest/V1/inventory/stocks", EU_STOCK).body()).isEqualTo("2");
      assertThatThrownBy(() -> server.cli("websites", "remove", "eu_website"))
          .hasMessageContaining(
              "Website \"eu_website\" is a sales channel of stock \"EU\" (2): it would sell from"
                  + " no stock. Add --force to remove it all the same.");
      assertThat(server.cli("websites", "remove", "eu_website", "--force")).contains("removed");
      assertThat(server.send("GET", "/rest/V1/inventory/stocks/2", null).body())
          .isEqualTo(
              "{\"stock_id\":2,\"name\":\"EU\",\"extension_attributes\":{\"sales_channels\":[]}}");
      assertThatThrownBy(() -> server.cli("websites", "add", "EU Website"))
          .hasMessageContaining("A website code starts with a letter");
    }
  }

  @Test
  void configured_websites_are_added_at_start() {
    try (var server =
        TestServer.start(Clock.systemUTC(), Map.of("STOCKROOM_WEBSITES", "base, us_website"))) {
      assertThat(server.cli("websites", "list")).isEqualTo("base\nus_website\n");
    }
  }
}
