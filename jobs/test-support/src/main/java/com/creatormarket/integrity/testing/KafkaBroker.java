package com.creatormarket.integrity.testing;

import com.creatormarket.integrity.common.io.KafkaConnection;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.codec.AvroCodec;
import com.creatormarket.integrity.common.io.CommittedRecords;
import com.creatormarket.integrity.common.io.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real Kafka broker (KRaft, one combined node) in this JVM, started once per test run and shared
 * by every test; tests isolate themselves with their own topic prefix.
 */
public final class KafkaBroker {

  private static KafkaBroker instance;

  private final KafkaClusterTestKit cluster;

  private KafkaBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** The shared broker, started on first use and stopped when the JVM exits. */
  public static synchronized KafkaBroker get() {
    if (instance == null) {
      // The test kit's folders are deleted by shutdown hooks of their own, which the JVM runs at
      // the same time as ours: a broker still closing then finds its log folder gone and halts the
      // JVM with exit code 1, which fails the build after every test passed. So collect those
      // hooks here and run them after the broker has closed.
      List<Runnable> folderCleanups = new ArrayList<>();
      Exit.setShutdownHookAdder((name, hook) -> folderCleanups.add(hook));
      try {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "false")
            .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        instance = new KafkaBroker(cluster);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          // The JVM is exiting already: a broker that fails while closing must not change its exit code.
          Exit.setHaltProcedure((code, message) -> { });
          Exit.setExitProcedure((code, message) -> { });
          try {
            cluster.close();
          } catch (Exception ignored) {
            // Closing is best effort; the folders are removed below either way.
          }
          folderCleanups.forEach(Runnable::run);
        }, "kafka-broker-shutdown"));
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the in-process Kafka broker", e);
      } finally {
        Exit.resetShutdownHookAdder();
      }
    }
    return instance;
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** A fresh prefix, so each test sees only its own topics. */
  public static String newTopicPrefix(String testName) {
    return testName.toLowerCase().replaceAll("[^a-z0-9]+", "-") + "-" + UUID.randomUUID().toString().substring(0, 8) + ".";
  }

  /** Creates the topics under a prefix, with each topic's own partition count and clean-up policy. */
  public void createTopics(String prefix, Collection<Topic<?>> topics) {
    TopicAdmin.ensure(KafkaConnection.plaintext(bootstrapServers()), prefix, topics);
  }

  /** Writes records (not transactionally) in the given order; the key decides the partition. */
  public <T extends SpecificRecord> void produce(String topicName, AvroCodec<T> codec, List<T> records, Function<T, String> key) {
    List<ProducerRecord<byte[], byte[]>> raw = new ArrayList<>();
    for (T record : records) {
      raw.add(new ProducerRecord<>(topicName, key.apply(record).getBytes(StandardCharsets.UTF_8), codec.encode(record)));
    }
    produceRaw(raw);
  }

  /**
   * Writes records and fails loudly if any is not acknowledged. Not idempotent, one request in
   * flight: on a loaded machine an idempotent producer was seen to lose its sequence
   * (OutOfOrderSequenceException), retry for two minutes and drop a partition's records without
   * telling the test. A retried batch here may at worst be duplicated, which the jobs absorb.
   */
  public void produceRaw(List<ProducerRecord<byte[], byte[]>> records) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers());
    props.put("acks", "all");
    props.put("enable.idempotence", "false");
    props.put("max.in.flight.requests.per.connection", "1");
    props.put("linger.ms", "5");
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        acks.add(producer.send(record));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get(60, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("test input not written to Kafka", e);
    }
  }

  /** Every committed record of a topic, as a read-committed consumer sees it now. */
  public List<ConsumerRecord<byte[], byte[]>> readCommittedRaw(String topicName) {
    return CommittedRecords.readAll(KafkaConnection.plaintext(bootstrapServers()), topicName);
  }

  /** Every committed record of a topic, decoded. */
  public <T extends SpecificRecord> List<T> readCommitted(String topicName, AvroCodec<T> codec) {
    return CommittedRecords.readAll(KafkaConnection.plaintext(bootstrapServers()), topicName, codec);
  }
}
