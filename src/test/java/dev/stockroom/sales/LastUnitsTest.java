package dev.stockroom.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.Config;
import dev.stockroom.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Fifty buyers of the last ten units at once (magento/inventory#2722, #3072: two buyers of the last
 * unit both succeed). Through the atomic reserve call exactly ten succeed; through Magento's
 * sequence (check the salable quantity, then append the reservation) every buyer passes the check
 * before any reservation lands, and the stock is sold five times over.
 */
class LastUnitsTest {
  private static final int BUYERS = 50;
  private static final int UNITS = 10;

  @Test
  void fifty_buyers_of_the_last_ten_units_through_the_atomic_call_get_exactly_ten()
      throws Exception {
    try (var server = withLastUnits()) {
      var start = new CyclicBarrier(BUYERS);
      List<HttpResponse<String>> answers =
          all(buyer -> {
            start.await();
            return server.send(
                "POST",
                "/rest/V1/stockroom/orders/order-" + buyer + "/reserve",
                "{\"items\":[{\"sku\":\"LAST\",\"qty\":1}],\"stockId\":1}");
          });

      long reserved = answers.stream().filter(answer -> answer.statusCode() == 200).count();
      assertThat(reserved).isEqualTo(UNITS);
      assertThat(answers)
          .filteredOn(answer -> answer.statusCode() != 200)
          .hasSize(BUYERS - UNITS)
          .allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).startsWith("{\"message\":\"Not enough items for sale\"");
          });
      assertThat(salable(server)).isEqualTo("0");
      assertThat(ledgerSum(server)).isEqualTo(-UNITS);
      System.out.printf(
          "LastUnitsTest (%s): %d buyers, %d reserved, %d refused, salable quantity 0%n",
          TestServer.isPostgres() ? "postgresql" : "sqlite", BUYERS, reserved, BUYERS - reserved);
    }
  }

  @Test
  void fifty_buyers_through_two_instances_on_one_postgresql_get_exactly_ten() throws Exception {
    assumeTrue(TestServer.isPostgres(), "two instances share a database on PostgreSQL only");
    Config config = TestServer.config(Map.of());
    try (var first = TestServer.start(config);
        var second = TestServer.start(config)) {
      stockLastUnits(first);
      var start = new CyclicBarrier(BUYERS);
      List<HttpResponse<String>> answers =
          all(buyer -> {
            start.await();
            return (buyer % 2 == 0 ? first : second)
                .send(
                    "POST",
                    "/rest/V1/stockroom/orders/order-" + buyer + "/reserve",
                    "{\"items\":[{\"sku\":\"LAST\",\"qty\":1}],\"stockId\":1}");
          });
      assertThat(answers.stream().filter(answer -> answer.statusCode() == 200).count())
          .isEqualTo(UNITS);
      assertThat(salable(second)).isEqualTo("0");
      assertThat(ledgerSum(first)).isEqualTo(-UNITS);
    }
    assertThat(TestServer.deadlocks(config)).as("deadlocks PostgreSQL counted").isZero();
  }

  @Test
  void the_same_buyers_checking_then_appending_oversell() throws Exception {
    try (var server = withLastUnits()) {
      var checked = new CyclicBarrier(BUYERS);
      List<HttpResponse<String>> answers =
          all(buyer -> {
            String check =
                server
                    .send(
                        "GET",
                        "/rest/V1/inventory/is-product-salable-for-requested-qty/LAST/1/1",
                        null)
                    .body();
            // Every buyer has checked before any appends: the window Magento leaves open.
            checked.await();
            if (!check.startsWith("{\"salable\":true")) {
              return null;
            }
            return server.send(
                "POST",
                "/rest/V1/stockroom/reservations",
                "{\"reservations\":[{\"stock_id\":1,\"sku\":\"LAST\",\"quantity\":-1,"
                    + "\"metadata\":\"{\\\"event_type\\\":\\\"order_placed\\\","
                    + "\\\"object_type\\\":\\\"order\\\",\\\"object_id\\\":\\\""
                    + buyer
                    + "\\\"}\"}]}");
          });

      long reserved =
          answers.stream().filter(answer -> answer != null && answer.statusCode() == 200).count();
      assertThat(reserved).isEqualTo(BUYERS);
      assertThat(ledgerSum(server)).isEqualTo(-BUYERS);
      System.out.printf(
          "LastUnitsTest (%s): check-then-append sold %d of %d units%n",
          TestServer.isPostgres() ? "postgresql" : "sqlite", reserved, UNITS);
    }
  }

  private static TestServer withLastUnits() {
    var server = TestServer.start();
    stockLastUnits(server);
    return server;
  }

  private static void stockLastUnits(TestServer server) {
    assertThat(
            server
                .send(
                    "POST",
                    "/rest/V1/inventory/source-items",
                    "{\"sourceItems\":[{\"sku\":\"LAST\",\"source_code\":\"default\",\"quantity\":"
                        + UNITS
                        + ",\"status\":1}]}")
                .statusCode())
        .isEqualTo(200);
  }

  private interface Buyer {
    HttpResponse<String> buy(int buyer) throws Exception;
  }

  private static List<HttpResponse<String>> all(Buyer buyer) throws Exception {
    var tasks = new ArrayList<Callable<HttpResponse<String>>>();
    for (int index = 0; index < BUYERS; index++) {
      int number = index;
      tasks.add(() -> buyer.buy(number));
    }
    var answers = new ArrayList<HttpResponse<String>>();
    try (var executor = Executors.newFixedThreadPool(BUYERS)) {
      for (Future<HttpResponse<String>> answer : executor.invokeAll(tasks)) {
        answers.add(answer.get());
      }
    }
    return answers;
  }

  private static String salable(TestServer server) {
    return server
        .send("GET", "/rest/V1/inventory/get-product-salable-quantity/LAST/1", null)
        .body();
  }

  /** The sum of the ledger's quantities for the SKU, read back over HTTP. */
  private static int ledgerSum(TestServer server) throws Exception {
    var ledger =
        new ObjectMapper()
            .readTree(
                server
                    .send(
                        "GET",
                        "/rest/V1/stockroom/reservations?searchCriteria[filter_groups][0][filters]"
                            + "[0][field]=sku&searchCriteria[filter_groups][0][filters][0][value]=LAST",
                        null)
                    .body());
    int sum = 0;
    for (var reservation : ledger.get("items")) {
      sum += reservation.get("quantity").asInt();
    }
    return sum;
  }
}
