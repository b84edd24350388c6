package dev.stockroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A body a request does not use, or may not send, never costs the client its answer nor its
 * connection: the server reads it to the end before it answers, so a client still sending sees the
 * response and not a reset.
 */
class RequestBodyTest {
  private static final int LIMIT = 65_536;
  private static final String BODY =
      "{\"sourceItems\":[" + "{\"sku\":\"A\"},".repeat(10_000) + "{\"sku\":\"A\"}]}";

  @Test
  void a_body_sent_where_none_is_read_is_read_before_the_answer() throws Exception {
    sourcesAreListedAfterAnUnreadBody(false);
  }

  @Test
  void a_chunked_body_sent_where_none_is_read_is_read_before_the_answer() throws Exception {
    // Without a Content-Length: the server must not take the request for one without a body.
    sourcesAreListedAfterAnUnreadBody(true);
  }

  private static void sourcesAreListedAfterAnUnreadBody(boolean chunked) throws Exception {
    try (var server = start()) {
      answersEachTime(
          server,
          "GET",
          "/rest/V1/inventory/sources",
          chunked,
          200,
          body -> assertThat(body).contains("\"total_count\":1"));
    }
  }

  @Test
  void a_body_sent_outside_rest_is_read_before_the_404() throws Exception {
    try (var server = start()) {
      answersEachTime(
          server,
          "POST",
          "/no-such-page",
          false,
          404,
          body ->
              assertThat(body).isEqualTo("{\"message\":\"Request does not match any route.\"}"));
    }
  }

  @Test
  void a_body_over_the_limit_gets_a_413_in_magentos_shape() throws Exception {
    try (var server = start()) {
      answersEachTime(
          server,
          "POST",
          "/rest/V1/inventory/source-items",
          false,
          413,
          body ->
              assertThat(body)
                  .isEqualTo(
                      "{\"message\":\"The request body is larger than the 65536 bytes allowed.\"}"));
      assertThat(
              server
                  .send("GET", "/rest/V1/inventory/source-items?searchCriteria[page_size]=1", null)
                  .body())
          .contains("\"total_count\":0");
    }
  }

  @Test
  void a_body_that_stops_arriving_is_answered_408_after_the_idle_timeout() throws Exception {
    try (var server = TestServer.start(Clock.systemUTC(), Map.of("STOCKROOM_IDLE_TIMEOUT", "1s"));
        var socket = new Socket("127.0.0.1", URI.create(server.baseUrl()).getPort())) {
      socket.setSoTimeout(10_000);
      String head =
          "POST /rest/V1/inventory/source-items HTTP/1.1\r\nHost: localhost\r\n"
              + "Content-Type: application/json\r\nAuthorization: Bearer "
              + server.token()
              + "\r\nContent-Length: 1000\r\n\r\n{\"sourceItems\":[";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));

      HttpExchange answer = HttpExchange.read(socket.getInputStream());

      assertThat(answer.status()).isEqualTo(408);
      assertThat(answer.body())
          .isEqualTo("{\"message\":\"The request body stopped arriving before it was complete.\"}");
      assertThat(socket.getInputStream().read()).as("the connection is closed").isEqualTo(-1);
    }
  }

  /**
   * Three requests on one kept-alive connection, each sending its body slowly; each must get the
   * answer, with {@code status} and a body that {@code checkBody} accepts.
   */
  private static void answersEachTime(
      TestServer server,
      String method,
      String path,
      boolean chunked,
      int status,
      Consumer<String> checkBody)
      throws Exception {
    try (var connection = new Connection(server)) {
      for (int request = 0; request < 3; request++) {
        connection.sendSlowly(method, path, server.token(), chunked);
        assertThat(connection.status()).isEqualTo(status);
        checkBody.accept(connection.body());
      }
    }
  }

  private static TestServer start() {
    return TestServer.start(
        Clock.systemUTC(), Map.of("STOCKROOM_MAX_REQUEST_BYTES", Integer.toString(LIMIT)));
  }

  /** One kept-alive HTTP/1.1 connection, written by hand to control when the body arrives. */
  private static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream output;
    private final BufferedReader input;
    private String body;

    Connection(TestServer server) throws Exception {
      var url = URI.create(server.baseUrl());
      socket = new Socket(url.getHost(), url.getPort());
      socket.setSoTimeout(10_000);
      output = socket.getOutputStream();
      input =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Headers and half the body, a pause long enough for the server to answer, the rest; with a
     * Content-Length, or in two chunks.
     */
    void sendSlowly(String method, String path, String token, boolean chunked) throws Exception {
      byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
      int half = bytes.length / 2;
      String head =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + "Authorization: Bearer "
              + token
              + (chunked ? "\r\nTransfer-Encoding: chunked" : "\r\nContent-Length: " + bytes.length)
              + "\r\n\r\n";
      output.write(head.getBytes(StandardCharsets.US_ASCII));
      write(bytes, 0, half, chunked);
      output.flush();
      Thread.sleep(300);
      write(bytes, half, bytes.length - half, chunked);
      if (chunked) {
        output.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      output.flush();
    }

    private void write(byte[] bytes, int offset, int length, boolean chunked) throws Exception {
      if (chunked) {
        output.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      output.write(bytes, offset, length);
      if (chunked) {
        output.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    }

    /** Reads one response; its status, and {@link #body()} after it. */
    int status() throws Exception {
      String statusLine = input.readLine();
      int length = 0;
      for (String header = input.readLine(); !header.isEmpty(); header = input.readLine()) {
        assertThat(header.toLowerCase(Locale.ROOT)).isNotEqualTo("connection: close");
        if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(header.substring("content-length:".length()).strip());
        }
      }
      char[] characters = new char[length];
      int read = 0;
      while (read < length) {
        read += input.read(characters, read, length - read);
      }
      body = new String(characters);
      return Integer.parseInt(statusLine.split(" ")[1]);
    }

    String body() {
      return body;
    }

    @Override
    public void close() throws Exception {
      socket.close();
    }
  }
}
