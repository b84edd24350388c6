package dev.stockroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockroom.ChildServer;
import dev.stockroom.TestServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No client can take the server's memory: bodies sent without a length are refused as soon as they
 * pass their route's limit or the memory left for bodies, on a server with a small heap, while a
 * normal save goes through; and the largest body the README promises for that heap is saved.
 */
class LargeBodiesTest {
  private static final String HEAP = "-Xmx256m";
  private static final long HEAP_BYTES = 256L << 20;

  /**
   * The peak resident memory allowed: the 256 MiB heap, and what the JVM keeps outside it (classes,
   * compiled code, thread stacks, Jetty's direct buffers, SQLite's page cache).
   */
  private static final long RESIDENT_BOUND_KB = 480_000;

  private static final long ATTACK_BYTES = 200_000_000;
  private static final int ATTACKERS_PER_ROUTE = 8;
  private static final String PASSWORD = "large-bodies-1";

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void endless_bodies_are_refused_in_magentos_shape_and_memory_stays_bounded() throws Exception {
    try (var server = start();
        ExecutorService attackers = Executors.newVirtualThreadPerTaskExecutor()) {
      String token = token(server);
      var answers = new ArrayList<Future<HttpExchange>>();
      for (int attacker = 0; attacker < ATTACKERS_PER_ROUTE; attacker++) {
        answers.add(
            attackers.submit(() -> attack(server, "/rest/V1/integration/admin/token", null)));
        answers.add(
            attackers.submit(() -> attack(server, "/rest/V1/inventory/source-items", token)));
      }
      Thread.sleep(200);
      var save = post(server, token, sourceItems("NORMAL", 100, false));
      assertThat(save.statusCode()).as(save.body()).isEqualTo(200);

      for (Future<HttpExchange> answer : answers) {
        HttpExchange refused = answer.get(60, TimeUnit.SECONDS);
        assertThat(refused.status()).as(refused.body()).isIn(413, 503);
        assertThat(refused.body()).startsWith("{\"message\":\"").endsWith("\"}");
      }
      long peak = server.peakResidentKilobytes();
      System.out.printf(
          "LargeBodiesTest: %d endless bodies refused, peak resident memory %d MB%n",
          answers.size(), peak / 1024);
      assertThat(peak).isLessThan(RESIDENT_BOUND_KB);
      assertThat(count(server, token, "NORMAL-%")).isEqualTo(100);
      assertThat(server.isAlive()).isTrue();
    }
  }

  /**
   * README: the server holds bodies of a twentieth of its heap, and one body up to three quarters
   * of that. A body of exactly that size, every item of it bound the costly general way, is saved;
   * one byte more is refused before it is read.
   */
  @Test
  void the_largest_body_the_heap_allows_is_saved() throws Exception {
    long largest = HttpLimits.automaticRequestMemory(HEAP_BYTES) * 3 / 4;
    try (var server = start()) {
      String token = token(server);
      String body = padded(sourceItems("LARGE", (int) (largest / 80), true), largest);

      var save = post(server, token, body);

      assertThat(save.statusCode()).as(save.body()).isEqualTo(200);
      assertThat(count(server, token, "LARGE-%")).isEqualTo(largest / 80);
      var tooLarge = post(server, token, body + " ");
      assertThat(tooLarge.statusCode()).isEqualTo(413);
      assertThat(tooLarge.body())
          .isEqualTo(
              "{\"message\":\"The request body is larger than the "
                  + largest
                  + " bytes allowed.\"}");
      System.out.printf(
          "LargeBodiesTest: a %d-byte save on a 256 MiB heap, peak resident memory %d MB%n",
          body.length(), server.peakResidentKilobytes() / 1024);
    }
  }

  private static ChildServer start() {
    var flags = new ArrayList<>(List.of("--admin-password=" + PASSWORD));
    flags.addAll(TestServer.databaseFlags(TestServer.config(Map.of())));
    return ChildServer.start(List.of(HEAP), flags);
  }

  /**
   * Sends a chunked body of {@link #ATTACK_BYTES} on a connection of its own, as fast as the server
   * takes it, until the server answers; returns the answer.
   */
  private static HttpExchange attack(ChildServer server, String path, String token)
      throws Exception {
    URI base = URI.create(server.baseUrl());
    try (var socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(60_000);
      CompletableFuture<HttpExchange> answer =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return HttpExchange.read(socket.getInputStream());
                } catch (IOException failure) {
                  throw new IllegalStateException(failure);
                }
              },
              Executors.newVirtualThreadPerTaskExecutor());
      OutputStream output = new BufferedOutputStream(socket.getOutputStream(), 1 << 17);
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + "Transfer-Encoding: chunked\r\n"
              + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
              + "\r\n";
      output.write(head.getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[65_536];
      byte[] chunkHead = (Integer.toHexString(chunk.length) + "\r\n").getBytes();
      try {
        for (long sent = 0; sent < ATTACK_BYTES && !answer.isDone(); sent += chunk.length) {
          output.write(chunkHead);
          output.write(chunk);
          output.write('\r');
          output.write('\n');
        }
        output.flush();
      } catch (IOException closedByServer) {
        // The server answered and closed: the answer is read below.
      }
      return answer.get(60, TimeUnit.SECONDS);
    }
  }

  /**
   * {@code count} source items; {@code costly} sends quantities as strings, which the save's
   * shortcut leaves to the general binding (a JSON tree first: the most memory a body can take).
   */
  private static String sourceItems(String prefix, int count, boolean costly) {
    var body = new StringBuilder("{\"sourceItems\":[");
    for (int index = 0; index < count; index++) {
      if (index > 0) {
        body.append(',');
      }
      body.append("{\"sku\":\"")
          .append(prefix)
          .append('-')
          .append(index)
          .append("\",\"source_code\":\"default\",\"quantity\":")
          .append(costly ? "\"" + index % 100 + "\"" : index % 100)
          .append(",\"status\":1}");
    }
    return body.append("]}").toString();
  }

  /** The body with spaces inside its outer object, up to {@code length} bytes. */
  private static String padded(String body, long length) {
    assertThat((long) body.length()).isLessThanOrEqualTo(length);
    return body.substring(0, body.length() - 1) + " ".repeat((int) (length - body.length())) + "}";
  }

  private String token(ChildServer server) throws Exception {
    var response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(server.baseUrl() + "/rest/V1/integration/admin/token"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.body().replace("\"", "");
  }

  private HttpResponse<String> post(ChildServer server, String token, String body)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/rest/V1/inventory/source-items"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private long count(ChildServer server, String token, String skuPattern) throws Exception {
    String query =
        "searchCriteria[filter_groups][0][filters][0][field]=sku"
            + "&searchCriteria[filter_groups][0][filters][0][value]="
            + skuPattern.replace("%", "%25")
            + "&searchCriteria[filter_groups][0][filters][0][condition_type]=like"
            + "&searchCriteria[page_size]=1";
    var response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(server.baseUrl() + "/rest/V1/inventory/source-items?" + query))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    var matcher = Pattern.compile("\"total_count\":(\\d+)").matcher(response.body());
    assertThat(matcher.find()).as(response.body()).isTrue();
    return Long.parseLong(matcher.group(1));
  }
}
