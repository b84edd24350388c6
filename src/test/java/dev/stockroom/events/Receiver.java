package dev.stockroom.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver for tests, on a real HTTP server: it answers each delivery as its script says
 * (a status, or a pause longer than the sender waits), then 200; it checks every signature as a
 * receiver should, and keeps the events of the deliveries it accepted, in arrival order.
 */
final class Receiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What to do with one delivery: answer {@code status} after {@code pauseMillis}. */
  record Step(int status, long pauseMillis) {
    static Step answer(int status) {
      return new Step(status, 0);
    }

    static Step pause(long millis) {
      return new Step(200, millis);
    }
  }

  private final HttpServer server;
  private final String secret;
  private final Deque<Step> script = new ConcurrentLinkedDeque<>();
  private final List<JsonNode> accepted = new ArrayList<>();
  private final List<String> badSignatures = new ArrayList<>();
  private volatile boolean failing;
  private volatile long delayMillis;
  private int deliveries;

  Receiver(int port, String secret) throws IOException {
    this.secret = secret;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** The next deliveries get these answers, in order. */
  void script(Step... steps) {
    script.addAll(List.of(steps));
  }

  /** Every delivery answers 500 until this is set back. */
  void failing(boolean fail) {
    failing = fail;
  }

  /** Every delivery is taken, but answered only after {@code millis}. */
  void slow(long millis) {
    delayMillis = millis;
  }

  synchronized List<JsonNode> events() {
    return List.copyOf(accepted);
  }

  synchronized List<String> badSignatures() {
    return List.copyOf(badSignatures);
  }

  synchronized int deliveries() {
    return deliveries;
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String text = new String(body, StandardCharsets.UTF_8);
    Step step = script.poll();
    synchronized (this) {
      deliveries++;
      if (!verified(exchange.getRequestHeaders().getFirst("Stockroom-Signature"), text)) {
        badSignatures.add(exchange.getRequestHeaders().getFirst("Stockroom-Signature"));
      }
    }
    int status = failing ? 500 : step == null ? 200 : step.status();
    if (status == 200 && step == null && delayMillis > 0) {
      // Taken; the answer comes late (and never, if the sender is killed meanwhile).
      synchronized (this) {
        JSON.readTree(text).get("events").forEach(accepted::add);
      }
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
      return;
    }
    if (step != null && step.pauseMillis() > 0) {
      try {
        Thread.sleep(step.pauseMillis());
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
      }
    }
    if (status == 200 && (step == null || step.pauseMillis() == 0)) {
      synchronized (this) {
        JSON.readTree(text).get("events").forEach(accepted::add);
      }
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  /** Stockroom-Signature: t=…,v1=… with v1 the HMAC-SHA256 of "t.body" under the secret. */
  private boolean verified(String header, String body) {
    if (header == null || !header.matches("t=\\d+,v1=[0-9a-f]{64}")) {
      return false;
    }
    String timestamp = header.substring(2, header.indexOf(','));
    String v1 = header.substring(header.indexOf("v1=") + 3);
    if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 300) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return MessageDigest.isEqual(expected, java.util.HexFormat.of().parseHex(v1));
    } catch (java.security.GeneralSecurityException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
