package dev.stockroom.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.Config;
import dev.stockroom.db.Database;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change events, wired: the outbox (a commit listener of the database, for reservations), the
 * webhooks, the Kafka topic when one is configured, and the delivery to all of them.
 */
public final class Events implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  private final EventOutbox outbox;
  private final SubscriberStore subscribers;
  private final Webhooks webhooks;
  private final KafkaSender kafka;
  private final Delivery delivery;

  private Events(
      EventOutbox outbox,
      SubscriberStore subscribers,
      Webhooks webhooks,
      KafkaSender kafka,
      Delivery delivery) {
    this.outbox = outbox;
    this.subscribers = subscribers;
    this.webhooks = webhooks;
    this.kafka = kafka;
    this.delivery = delivery;
  }

  public static Events open(Database database, ObjectMapper mapper, Config config) {
    var outbox = new EventOutbox(database, mapper);
    database.addCommitListener(outbox);
    var subscribers = new SubscriberStore(database, config.clock());
    Config.ChangeSettings settings = config.changes();
    Map<String, Sender> senders = new LinkedHashMap<>();
    senders.put(Subscriber.WEBHOOK, new WebhookSender(settings.webhookTimeout(), config.clock()));
    KafkaSender kafka = null;
    if (settings.kafkaBootstrapServers() != null) {
      kafka =
          new KafkaSender(
              settings.kafkaBootstrapServers(),
              settings.kafkaTopic(),
              settings.webhookTimeout(),
              mapper);
      senders.put(Subscriber.KAFKA, kafka);
      subscribeKafka(subscribers, outbox, settings.kafkaTopic());
    }
    var delivery =
        Delivery.start(
            subscribers,
            outbox,
            Map.copyOf(senders),
            new Delivery.Settings(
                settings.webhookRetry(), settings.webhookAttempts(), settings.webhookTimeout()),
            config.clock(),
            mapper);
    return new Events(outbox, subscribers, new Webhooks(subscribers, outbox), kafka, delivery);
  }

  /**
   * The topic's subscriber, created at the end of the outboxes the first time the topic is
   * configured; from then on the topic gets every event, also those made while no instance had
   * Kafka configured.
   */
  private static void subscribeKafka(
      SubscriberStore subscribers, EventOutbox outbox, String topic) {
    String url = "kafka:" + topic;
    boolean known =
        subscribers.list(Subscriber.KAFKA).stream().anyMatch(each -> each.url().equals(url));
    if (known) {
      return;
    }
    try {
      subscribers.create(
          Subscriber.KAFKA, url, null, Webhooks.all(), "Kafka topic " + topic, outbox.end());
      LOG.info("Change events go to the Kafka topic {} from now on", topic);
    } catch (RuntimeException raced) {
      // Another instance subscribed the topic at the same time (a unique index keeps one).
      if (subscribers.list(Subscriber.KAFKA).stream().noneMatch(each -> each.url().equals(url))) {
        throw raced;
      }
    }
  }

  public Webhooks webhooks() {
    return webhooks;
  }

  public EventOutbox outbox() {
    return outbox;
  }

  /** Every subscriber of a kind (webhook or kafka), with its delivery state. */
  public List<Subscriber> subscribers(String kind) {
    return subscribers.list(kind);
  }

  /** Deliveries to webhooks or the Kafka topic that failed since start. */
  public long failedDeliveries() {
    return delivery.failures();
  }

  /** Deliveries parked as dead letters and not delivered since. */
  public long deadLetters() {
    return subscribers.deadLetterCount();
  }

  /**
   * How far behind the furthest subscriber is: the age of the oldest event it has not taken, in
   * seconds, or 0 when every subscriber has taken every event.
   */
  public double lagSeconds(long now) {
    long oldest = now;
    for (String kind : List.of(Subscriber.WEBHOOK, Subscriber.KAFKA)) {
      for (Subscriber subscriber : subscribers.list(kind)) {
        for (EventOutbox.Event event :
            outbox.next(subscriber.cursor(), LAG_SAMPLE, subscriber.eventTypes()).events()) {
          oldest = Math.min(oldest, Instant.parse(event.occurredAt()).toEpochMilli());
        }
      }
    }
    return (now - oldest) / 1000.0;
  }

  /** Events read after a subscriber's cursor to find its oldest. */
  private static final int LAG_SAMPLE = 100;

  @Override
  public void close() {
    delivery.close();
    if (kafka != null) {
      kafka.close();
    }
  }
}
