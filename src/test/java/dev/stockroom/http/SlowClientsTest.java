package dev.stockroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Five hundred clients connect at once and send their headers a byte a second. A normal client's
 * requests, each on a fresh connection, are answered meanwhile without waiting for a dropped
 * connection attempt to be retried (the kernel retries after one second, which is what Java's
 * default accept backlog of 50 cost such a client); and the slow clients are answered 408 and
 * closed once the header deadline passes.
 */
class SlowClientsTest {
  private static final int SLOW_CLIENTS = 500;
  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
  private static final String SLOW_HEAD = "GET /rest/V1/inventory/sources HTTP/1.1\r\nHost: x\r\n";

  @Test
  void slow_clients_neither_delay_others_nor_keep_their_connections() throws Exception {
    try (var server =
            TestServer.start(
                Clock.systemUTC(),
                Map.of("STOCKROOM_HEADER_TIMEOUT", HEADER_TIMEOUT.toSeconds() + "s"));
        var clients = Executors.newVirtualThreadPerTaskExecutor()) {
      URI base = URI.create(server.baseUrl());
      var address = new InetSocketAddress(base.getHost(), base.getPort());
      var go = new CountDownLatch(1);
      var slow = new ArrayList<Future<String>>();
      for (int client = 0; client < SLOW_CLIENTS; client++) {
        slow.add(clients.submit(() -> slowClient(address, go)));
      }
      Future<List<Long>> normal = clients.submit(() -> normalClient(address, go));
      go.countDown();

      List<Long> millis = normal.get();
      System.out.printf(
          "SlowClientsTest: %d requests beside %d slow clients, slowest %d ms%n",
          millis.size(), SLOW_CLIENTS, millis.stream().mapToLong(Long::longValue).max().orElse(0));
      // Under a second: a dropped connection attempt would have cost at least one.
      assertThat(millis).allSatisfy(each -> assertThat(each).isLessThan(1_000));
      for (Future<String> client : slow) {
        assertThat(client.get())
            .startsWith("HTTP/1.1 408 ")
            .endsWith("{\"message\":\"The request headers did not arrive in time.\"}");
      }
    }
  }

  /**
   * Connects, then sends its request line and headers a byte a second; returns what the server
   * answered before it closed the connection, which must happen soon after the deadline.
   */
  private static String slowClient(InetSocketAddress address, CountDownLatch go) throws Exception {
    go.await();
    try (var socket = new Socket()) {
      socket.connect(address, 10_000);
      socket.setSoTimeout((int) HEADER_TIMEOUT.multipliedBy(3).toMillis());
      var answer =
          Executors.newVirtualThreadPerTaskExecutor()
              .submit(
                  () -> new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      byte[] head = SLOW_HEAD.getBytes(StandardCharsets.US_ASCII);
      try {
        for (int index = 0; !answer.isDone(); index = (index + 1) % head.length) {
          socket.getOutputStream().write(head[index]);
          Thread.sleep(1_000);
        }
      } catch (IOException closedByServer) {
        // Expected: the answer is read below.
      }
      return answer.get();
    }
  }

  /** Requests on fresh connections for three seconds; returns how long each took, in ms. */
  private static List<Long> normalClient(InetSocketAddress address, CountDownLatch go)
      throws Exception {
    go.await();
    var millis = new ArrayList<Long>();
    long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (System.nanoTime() < end) {
      long start = System.nanoTime();
      try (var socket = new Socket()) {
        socket.connect(address, 10_000);
        socket.setSoTimeout(10_000);
        socket
            .getOutputStream()
            .write(
                "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        HttpExchange answer = HttpExchange.read(socket.getInputStream());
        assertThat(answer.status()).isEqualTo(200);
      }
      millis.add((System.nanoTime() - start) / 1_000_000);
      Thread.sleep(20);
    }
    return millis;
  }
}
