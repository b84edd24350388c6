package dev.stockroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stop by SIGTERM: no new connections, the requests in flight finish, the database closes. */
class ShutdownTest {
  private static final String PASSWORD = "shutdown-test-password";
  private static final int ITEMS = 5_000;

  @Test
  void a_save_in_flight_completes_and_new_connections_are_refused() throws Exception {
    var flags = new ArrayList<>(List.of("--admin-password=" + PASSWORD));
    flags.addAll(TestServer.databaseFlags(TestServer.config(Map.of())));
    var server = ChildServer.start(List.of(), flags);
    String token = server.token(PASSWORD);
    byte[] body = sourceItems().getBytes(StandardCharsets.UTF_8);
    int half = body.length / 2;

    try (var socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      var in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      out.write(
          ("POST /rest/V1/inventory/source-items HTTP/1.1\r\n"
                  + "Host: 127.0.0.1\r\n"
                  + "Authorization: Bearer "
                  + token
                  + "\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\nExpect: 100-continue\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      // The server asks for the body once the save has begun reading it: the save is in flight.
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 100 Continue");
      assertThat(in.readLine()).isEmpty();
      out.write(body, 0, half);
      out.flush();

      server.terminate();
      // A byte now and then while waiting: a connection silent for 3 s during a stop is closed.
      int sent = half;
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!logged(server, "Stockroom stopping") || !refused(server.port())) {
        assertThat(System.nanoTime()).as("waiting for the stop to refuse").isLessThan(deadline);
        out.write(body[sent++]);
        out.flush();
        Thread.sleep(20);
      }
      assertThat(sent).isLessThan(body.length);

      out.write(body, sent, body.length - sent);
      out.flush();
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
      String line;
      while (!(line = in.readLine()).isEmpty()) {
        // Headers.
      }
      char[] answer = new char[2];
      assertThat(in.read(answer)).isEqualTo(2);
      assertThat(new String(answer)).isEqualTo("[]");
    }
    server.waitFor();
    assertThat(server.log()).anyMatch(each -> each.contains("Stockroom stopped in"));

    // What the save wrote is there after the stop.
    var again = ChildServer.start(List.of(), flags);
    try {
      var found =
          again.send(
              again.token(PASSWORD),
              "GET",
              "/rest/V1/inventory/source-items?searchCriteria[pageSize]=1",
              null);
      assertThat(found.body()).endsWith("\"total_count\":" + ITEMS + "}");
    } finally {
      again.close();
    }
  }

  private static String sourceItems() {
    var items = new ArrayList<String>();
    for (int sku = 0; sku < ITEMS; sku++) {
      items.add(
          "{\"sku\":\"STOP-%d\",\"source_code\":\"default\",\"quantity\":%d,\"status\":1}"
              .formatted(sku, sku));
    }
    return "{\"sourceItems\":[" + String.join(",", items) + "]}";
  }

  private static boolean logged(ChildServer server, String text) {
    return server.log().stream().anyMatch(line -> line.contains(text));
  }

  private static boolean refused(int port) {
    try (var ignored = new Socket("127.0.0.1", port)) {
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (java.io.IOException other) {
      return false;
    }
  }
}
