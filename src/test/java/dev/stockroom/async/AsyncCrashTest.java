package dev.stockroom.async;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.ChildServer;
import dev.stockroom.Config;
import dev.stockroom.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 1,000 accepted operations, each appending one reservation (so that running one twice would show),
 * and Stockroom killed with SIGKILL while its workers run them, twice. After the restarts every
 * operation is complete and the ledger holds exactly one reservation per operation: each ran once
 * in effect, however many times it was started.
 */
class AsyncCrashTest {
  private static final int OPERATIONS = 1_000;
  private static final String PASSWORD = "async-crash-1";
  private static final Pattern NUMBER = Pattern.compile("^\\d+$");
  private static final Pattern TOTAL = Pattern.compile("\"total_count\":(\\d+)");
  private static final Pattern UUID = Pattern.compile("\"bulk_uuid\":\"([^\"]+)\"");

  @Test
  void accepted_operations_survive_kills_and_each_takes_effect_once() throws Exception {
    Config config = TestServer.config(Map.of());
    var flags = new ArrayList<>(List.of("--admin-password=" + PASSWORD, "--async-lease=2s"));
    flags.addAll(TestServer.databaseFlags(config));
    var random = new Random();

    String uuid;
    var server = ChildServer.start(List.of(), flags);
    String token = server.token(PASSWORD);
    var operations = new ArrayList<String>();
    for (int index = 0; index < OPERATIONS; index++) {
      operations.add(
          "{\"reservations\":[{\"stock_id\":1,\"sku\":\"CRASH-%d\",\"quantity\":-1,\"metadata\":\"{\\\"event_type\\\":\\\"order_placed\\\",\\\"object_type\\\":\\\"order\\\",\\\"object_id\\\":\\\"%d\\\"}\"}]}"
              .formatted(index, index));
    }
    var accepted =
        server.send(
            token,
            "POST",
            "/rest/async/bulk/V1/stockroom/reservations",
            "[" + String.join(",", operations) + "]");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    var matcher = UUID.matcher(accepted.body());
    assertThat(matcher.find()).isTrue();
    uuid = matcher.group(1);

    int[] doneAtKill = new int[2];
    for (int kill = 0; kill < 2; kill++) {
      Thread.sleep(100 + random.nextInt(600));
      doneAtKill[kill] = complete(server, token, uuid);
      server.kill();
      server = ChildServer.start(List.of(), flags);
      token = server.token(PASSWORD);
    }
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (complete(server, token, uuid) < OPERATIONS && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(complete(server, token, uuid)).as("complete operations").isEqualTo(OPERATIONS);
      assertThat(count(server, token, uuid, 4)).as("open operations").isZero();
      assertThat(reservations(server, token))
          .as("reservations in the ledger")
          .isEqualTo(OPERATIONS);
    } finally {
      server.close();
    }
    System.out.printf(
        "AsyncCrashTest (%s): killed with %d and %d of %d operations complete; all %d ran once%n",
        TestServer.isPostgres() ? "postgresql" : "sqlite",
        doneAtKill[0],
        doneAtKill[1],
        OPERATIONS,
        OPERATIONS);
  }

  private int complete(ChildServer server, String token, String uuid) throws Exception {
    return count(server, token, uuid, 1);
  }

  private int count(ChildServer server, String token, String uuid, int status) throws Exception {
    var response =
        server.send(token, "GET", "/rest/V1/bulk/" + uuid + "/operation-status/" + status, null);
    assertThat(response.body()).matches(NUMBER);
    return Integer.parseInt(response.body());
  }

  private long reservations(ChildServer server, String token) throws Exception {
    var response =
        server.send(
            token, "GET", "/rest/V1/stockroom/reservations?searchCriteria%5BpageSize%5D=1", null);
    var matcher = TOTAL.matcher(response.body());
    assertThat(matcher.find()).as(response.body()).isTrue();
    return Long.parseLong(matcher.group(1));
  }
}
