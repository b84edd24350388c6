package dev.stockroom.events;

import java.util.Set;

/**
 * Who receives events: a webhook (an HTTPS or HTTP URL with a secret to sign with) or the Kafka
 * topic. Its cursor says what it has taken; attempts, the time of the next one and the last error
 * say how its delivery goes.
 */
public record Subscriber(
    long id,
    String kind,
    String url,
    String secret,
    Set<String> eventTypes,
    String description,
    String createdAt,
    EventOutbox.Cursor cursor,
    int attempts,
    long nextAttemptAt,
    String lastError,
    long delivered) {
  public static final String WEBHOOK = "webhook";
  public static final String KAFKA = "kafka";

  Subscriber withCursor(EventOutbox.Cursor next) {
    return new Subscriber(
        id, kind, url, secret, eventTypes, description, createdAt, next, 0, 0, null, delivered);
  }
}
