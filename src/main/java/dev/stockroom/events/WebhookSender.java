package dev.stockroom.events;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts a delivery to a webhook's URL, signed: {@code Stockroom-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "<t>.<body>" with the webhook's secret>}, as Stripe signs its webhooks. A receiver
 * recomputes the HMAC over the timestamp, a dot and the raw body, compares in constant time, and
 * refuses timestamps far from its clock (replays). Any 2xx answer is success; anything else, a
 * timeout or a refused connection is a failure to retry. Redirects are not followed.
 */
final class WebhookSender implements Sender {
  static final String SIGNATURE = "Stockroom-Signature";

  private final HttpClient client;
  private final Duration timeout;
  private final Clock clock;

  WebhookSender(Duration timeout, Clock clock) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.timeout = timeout;
    this.clock = clock;
  }

  @Override
  public void send(Subscriber subscriber, String body) throws IOException, InterruptedException {
    long timestamp = clock.millis() / 1000;
    var request =
        HttpRequest.newBuilder(URI.create(subscriber.url()))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Stockroom")
            .header("Stockroom-Delivery", UUID.randomUUID().toString())
            .header(SIGNATURE, signature(subscriber.secret(), timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("The receiver answered HTTP " + response.statusCode());
    }
  }

  /** The signature header's value for a body sent at {@code timestamp} (Unix seconds). */
  static String signature(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
