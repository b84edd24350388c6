package dev.stockroom.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockroom.TestServer;
import org.junit.jupiter.api.Test;

/** The webhooks from the command line: added with a secret shown once, listed, removed. */
class WebhooksCommandTest {
  @Test
  void webhooks_are_managed_from_the_command_line() {
    try (var server = TestServer.start()) {
      String added =
          server.cli(
              "webhooks",
              "add",
              "https://erp.example.com/hooks/stock",
              "--events",
              "source_item.changed,stock.low");
      assertThat(added)
          .startsWith("Webhook 1 added: https://erp.example.com/hooks/stock\n")
          .contains("Events: source_item.changed, stock.low\n")
          .containsPattern("Signing secret \\(shown only once\\): whsec_[0-9a-f]{48}\n");
      assertThat(server.send("GET", "/rest/V1/stockroom/webhooks/1", null).body())
          .contains("\"url\":\"https://erp.example.com/hooks/stock\"");
      assertThat(server.cli("webhooks", "list"))
          .contains("https://erp.example.com/hooks/stock")
          .contains("source_item.changed,stock.low");
      assertThat(server.cli("webhooks", "dead-letters", "1")).startsWith("ID ");
      assertThat(server.cli("webhooks", "replay", "1"))
          .isEqualTo("0 dead letter(s) of webhook 1 will be sent again.\n");
      assertThatThrownBy(() -> server.cli("webhooks", "add", "ftp://nowhere", "--events", "x"))
          .hasMessageContaining("must be an absolute http:// or https:// URL")
          .hasMessageContaining("\"x\" is not an event type");
      assertThat(server.cli("webhooks", "remove", "1")).isEqualTo("Webhook 1 removed.\n");
      assertThatThrownBy(() -> server.cli("webhooks", "remove", "1"))
          .hasMessageContaining("Webhook with id \"1\" does not exist.");
    }
  }
}
