package dev.stockroom.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.TestServer;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReservationCleanupTest {
  private static final String LEDGER = "/rest/V1/stockroom/reservations?searchCriteria=";

  @Test
  void the_command_lists_open_groups_and_deletes_closed_ones() {
    try (var server = TestServer.start()) {
      placeAndCancelOne(server);
      assertThat(server.cli("reservations", "list-inconsistencies"))
          .contains("order    2                    1        SKU-1                    -1");
      assertThat(server.cli("reservations", "cleanup"))
          .isEqualTo("Deleted 2 reservation(s) whose groups sum to zero.\n");
      assertThat(server.send("GET", LEDGER, null).body()).contains("\"total_count\":1");
    }
  }

  @Test
  void the_schedule_deletes_closed_groups_by_itself() throws InterruptedException {
    try (var server =
        TestServer.start(Clock.systemUTC(), Map.of("STOCKROOM_RESERVATION_CLEANUP", "1s"))) {
      placeAndCancelOne(server);
      String ledger = server.send("GET", LEDGER, null).body();
      for (int wait = 0; wait < 100 && !ledger.contains("\"total_count\":1"); wait++) {
        Thread.sleep(100);
        ledger = server.send("GET", LEDGER, null).body();
      }
      assertThat(ledger).contains("\"total_count\":1").contains("\"object_id\\\":\\\"2\\\"");
    }
  }

  /** Order 1 placed and cancelled (a closed group), order 2 placed (open). */
  private static void placeAndCancelOne(TestServer server) {
    server.send(
        "POST",
        "/rest/V1/inventory/source-items",
        "{\"sourceItems\":[{\"sku\":\"SKU-1\",\"source_code\":\"default\",\"quantity\":5,\"status\":1}]}");
    for (String order : new String[] {"1", "2"}) {
      assertThat(
              server
                  .send(
                      "POST",
                      "/rest/V1/stockroom/orders/" + order + "/reserve",
                      "{\"items\":[{\"sku\":\"SKU-1\",\"qty\":1}],\"stockId\":1}")
                  .statusCode())
          .isEqualTo(200);
    }
    server.send(
        "POST",
        "/rest/V1/stockroom/reservations",
        "{\"reservations\":[{\"stock_id\":1,\"sku\":\"SKU-1\",\"quantity\":1,\"metadata\":"
            + "\"{\\\"event_type\\\":\\\"order_canceled\\\",\\\"object_type\\\":\\\"order\\\","
            + "\\\"object_id\\\":\\\"1\\\"}\"}]}");
  }
}
