package dev.stockroom.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker for tests: Apache Kafka's own KRaft server (broker and controller in one
 * node, no ZooKeeper, no Docker) in the test's JVM, on a fresh log directory, formatted as {@code
 * kafka-storage.sh format} does.
 */
final class KafkaBroker implements AutoCloseable {
  private static final int NODE = 1;

  private final Path logs;
  private final int port;
  private final KafkaRaftServer server;

  private KafkaBroker(Path logs, int port, KafkaRaftServer server) {
    this.logs = logs;
    this.port = port;
    this.server = server;
  }

  static KafkaBroker start() throws Exception {
    // Kafka exits the JVM on a fatal error; in a test that must be a failure instead.
    Exit.setExitProcedure((code, message) -> {
      throw new IllegalStateException("Kafka asked to exit (" + code + "): " + message);
    });
    Exit.setHaltProcedure((code, message) -> {
      throw new IllegalStateException("Kafka asked to halt (" + code + "): " + message);
    });
    Path logs = Files.createTempDirectory("stockroom-kafka-");
    int port = WebhookDeliveryTest.freePort();
    int controller = WebhookDeliveryTest.freePort();
    var properties = new Properties();
    properties.put("process.roles", "broker,controller");
    properties.put("node.id", Integer.toString(NODE));
    properties.put("controller.quorum.voters", NODE + "@localhost:" + controller);
    properties.put(
        "listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controller);
    properties.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    properties.put("controller.listener.names", "CONTROLLER");
    properties.put("inter.broker.listener.name", "PLAINTEXT");
    properties.put("log.dirs", logs.toString());
    properties.put("num.partitions", "3");
    properties.put("auto.create.topics.enable", "true");
    properties.put("offsets.topic.replication.factor", "1");
    properties.put("offsets.topic.num.partitions", "1");
    properties.put("transaction.state.log.replication.factor", "1");
    properties.put("transaction.state.log.min.isr", "1");
    properties.put("transaction.state.log.num.partitions", "1");
    properties.put("share.coordinator.state.topic.replication.factor", "1");
    properties.put("share.coordinator.state.topic.min.isr", "1");
    properties.put("group.initial.rebalance.delay.ms", "0");
    KafkaConfig config = KafkaConfig.fromProps(properties, false);
    var output = new ByteArrayOutputStream();
    new Formatter()
        .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
        .setNodeId(NODE)
        .setClusterId(Uuid.randomUuid().toString())
        .setControllerListenerName("CONTROLLER")
        .setMetadataLogDirectory(logs.toString())
        .addDirectory(logs.toString())
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .run();
    var server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    return new KafkaBroker(logs, port, server);
  }

  String bootstrapServers() {
    return "localhost:" + port;
  }

  @Override
  public void close() {
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      Exit.resetExitProcedure();
      Exit.resetHaltProcedure();
      try (Stream<Path> files = Files.walk(logs)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      } catch (IOException failure) {
        throw new UncheckedIOException(failure);
      }
    }
  }
}
