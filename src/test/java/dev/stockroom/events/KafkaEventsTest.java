package dev.stockroom.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stockroom.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The change events on a Kafka topic of three partitions, against a real broker: every event
 * arrives, keyed by its SKU, and each item's changes arrive in change order.
 */
class KafkaEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "stockroom.test-events";

  @Test
  void events_arrive_on_the_topic_in_order_per_key() throws Exception {
    try (var broker = KafkaBroker.start()) {
      try (var admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
      }
      var settings =
          Map.of(
              "STOCKROOM_KAFKA_BOOTSTRAP_SERVERS",
              broker.bootstrapServers(),
              "STOCKROOM_KAFKA_TOPIC",
              TOPIC,
              "STOCKROOM_WEBHOOK_RETRY",
              "100ms");
      try (var server = TestServer.start(Clock.systemUTC(), settings);
          var consumer = consumer(broker)) {
        var items = new ArrayList<String>();
        for (int sku = 0; sku < 10; sku++) {
          for (String source : List.of("default")) {
            items.add(
                "{\"sku\":\"K-%d\",\"source_code\":\"%s\",\"quantity\":10,\"status\":1}"
                    .formatted(sku, source));
          }
        }
        ok(
            server.send(
                "POST",
                "/rest/V1/inventory/source-items",
                "{\"sourceItems\":[" + String.join(",", items) + "]}"));
        var random = new Random(3);
        for (int adjustment = 0; adjustment < 200; adjustment++) {
          ok(
              server.send(
                  "POST",
                  "/rest/V1/stockroom/source-items-adjust",
                  "{\"adjustments\":[{\"sku\":\"K-%d\",\"source_code\":\"default\",\"delta\":1}]}"
                      .formatted(random.nextInt(10))));
        }
        ok(
            server.send(
                "POST",
                "/rest/V1/stockroom/reservations",
                "{\"reservations\":[{\"stock_id\":1,\"sku\":\"K-1\",\"quantity\":-1}]}"));

        var received = new ArrayList<ConsumerRecord<String, String>>();
        var ids = new LinkedHashSet<String>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (ids.size() < 211 && System.nanoTime() < deadline) {
          for (var record : consumer.poll(Duration.ofMillis(200))) {
            received.add(record);
            ids.add(JSON.readTree(record.value()).get("id").asText());
          }
        }
        assertThat(ids).as("events on the topic").hasSize(211);

        var last = new HashMap<String, Long>();
        Set<String> types = new LinkedHashSet<>();
        for (var record : received) {
          JsonNode event = JSON.readTree(record.value());
          JsonNode data = event.get("data");
          types.add(event.get("type").asText());
          assertThat(record.key()).as("the key").isEqualTo(data.get("sku").asText());
          if (event.get("type").asText().equals("source_item.changed")) {
            long change = data.get("change_id").asLong();
            Long before = last.put(record.key(), change);
            assertThat(before == null || before < change)
                .as("%s: change %d after %s", record.key(), change, before)
                .isTrue();
          }
        }
        assertThat(types).contains("source_item.changed", "reservation.appended");
        assertThat(server.app().core().events().subscribers(Subscriber.KAFKA)).hasSize(1);
      }
    }
  }

  private static KafkaConsumer<String, String> consumer(KafkaBroker broker) {
    var properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "stockroom-test");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    var consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(TOPIC));
    return consumer;
  }

  private static void ok(java.net.http.HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
