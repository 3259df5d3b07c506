package com.creatormarket.integrity.simulator;

import com.creatormarket.integrity.common.io.KafkaConnection;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.simulator.output.InputTopic;
import com.creatormarket.integrity.simulator.output.KafkaSink;
import com.creatormarket.integrity.simulator.output.KafkaTopics;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import com.creatormarket.integrity.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka output really lands in the topics, keyed as Topics says, and a file replay lands the same records. */
class SimulatorKafkaITCase {

  @TempDir
  Path dir;

  @Test
  void smokeScenarioLandsInTheTopicsAndMatchesTheFiles() throws Exception {
    KafkaBroker broker = KafkaBroker.get();
    String prefix = KafkaBroker.newTopicPrefix("simulator");
    // No topics made beforehand: the simulator creates the missing input topics itself.
    Simulator.Result result = Simulator.run(SimulatorOptions.parse(new String[] {
        "--scenario", "smoke", "--out-dir", dir.toString(), "--kafka", broker.bootstrapServers(),
        "--topic-prefix", prefix, "--quiet"}), System.err);
    assertThat(result.events()).isGreaterThan(1000);

    for (InputTopic t : InputTopic.values()) {
      // The scenario asks for heartbeats: every partition of every input topic carries them.
      assertThat(assertTopicEqualsFile(broker, prefix + t.topic().name(), t.topic())).as("partitions with heartbeats")
          .hasSize(t.topic().partitions());
    }

    String replayPrefix = KafkaBroker.newTopicPrefix("replay");
    KafkaTopics.ensure(KafkaConnection.plaintext(broker.bootstrapServers()), replayPrefix);
    long replayed;
    try (KafkaSink sink = new KafkaSink(KafkaConnection.plaintext(broker.bootstrapServers()), replayPrefix)) {
      replayed = RecordFiles.replay(dir, sink);
    }
    assertThat(replayed).isEqualTo(result.events());
    for (InputTopic t : InputTopic.values()) {
      assertThat(assertTopicEqualsFile(broker, replayPrefix + t.topic().name(), t.topic())).as("heartbeats in a file replay").isEmpty();
    }
  }

  /** Same keys and values, in file order within each key (a key's records share a partition). */
  private <T extends SpecificRecord> java.util.Set<Integer> assertTopicEqualsFile(KafkaBroker broker, String topicName, Topic<T> topic)
      throws Exception {
    List<String> fromFile = new ArrayList<>();
    try (RecordFiles.Reader reader = new RecordFiles.Reader(RecordFiles.file(dir, topic))) {
      while (reader.next()) {
        fromFile.add(reader.keyText() + "|" + java.util.Base64.getEncoder().encodeToString(reader.value()));
      }
    }
    List<ConsumerRecord<byte[], byte[]>> records = broker.readCommittedRaw(topicName);
    List<String> fromTopic = new ArrayList<>();
    java.util.Set<Integer> heartbeats = new java.util.TreeSet<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      if (com.creatormarket.integrity.common.io.Heartbeats.isHeartbeat(r)) {
        heartbeats.add(r.partition());
        continue;
      }
      T value = topic.codec().decode(r.value());
      String key = new String(r.key(), StandardCharsets.UTF_8);
      assertThat(key).isEqualTo(String.valueOf(value.get(value.getSchema().getField(topic.keyField()).pos())));
      fromTopic.add(key + "|" + java.util.Base64.getEncoder().encodeToString(r.value()));
    }
    assertThat(fromTopic).as(topicName).hasSameSizeAs(fromFile).containsExactlyInAnyOrderElementsOf(fromFile);
    // Per key, the order of the file survives (one key, one partition).
    for (String key : fromFile.stream().map(s -> s.substring(0, s.indexOf('|'))).distinct().limit(20).toList()) {
      assertThat(fromTopic.stream().filter(s -> s.startsWith(key + "|")).toList())
          .isEqualTo(fromFile.stream().filter(s -> s.startsWith(key + "|")).toList());
    }
    return heartbeats;
  }
}
