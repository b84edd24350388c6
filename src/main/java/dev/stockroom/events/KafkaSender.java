package dev.stockroom.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes each event of a delivery as one record of the topic, keyed by its SKU (a bulk's uuid
 * for {@code bulk.finished}), so that one key's events keep their order in one partition. The
 * producer is idempotent with acks from all in-sync replicas; a delivery succeeds when every record
 * was acknowledged, and is otherwise retried like a webhook's.
 */
final class KafkaSender implements Sender, AutoCloseable {
  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final ObjectMapper mapper;

  KafkaSender(String bootstrapServers, String topic, Duration timeout, ObjectMapper mapper) {
    var properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, "stockroom");
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
    properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() * 2);
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    this.producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    this.topic = topic;
    this.mapper = mapper;
  }

  @Override
  public void send(Subscriber subscriber, String body) throws Exception {
    var sent = new ArrayList<Future<RecordMetadata>>();
    for (JsonNode event : mapper.readTree(body).get("events")) {
      JsonNode data = event.get("data");
      JsonNode key = data.hasNonNull("sku") ? data.get("sku") : data.get("bulk_uuid");
      sent.add(
          producer.send(
              new ProducerRecord<>(
                  topic, key == null ? null : key.asText(), mapper.writeValueAsString(event))));
    }
    producer.flush();
    for (Future<RecordMetadata> each : sent) {
      each.get();
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
