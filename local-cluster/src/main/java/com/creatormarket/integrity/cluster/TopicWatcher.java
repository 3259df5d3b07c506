package com.creatormarket.integrity.cluster;

import com.creatormarket.integrity.common.io.KafkaConnection;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.codec.AvroCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import com.creatormarket.integrity.common.io.Heartbeats;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints a topic's committed records decoded as JSON, one per line, following new ones.
 * Usage: TopicWatcher TOPIC [--bootstrap HOST:PORT] [--from-beginning] [--max N] [--prefix P]
 */
public final class TopicWatcher {

  private TopicWatcher() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: watch-topic TOPIC [--bootstrap HOST:PORT] [--from-beginning] [--max N]\ntopics: "
          + Topics.ALL.stream().map(Topic::name).collect(Collectors.joining(", ")));
      System.exit(2);
    }
    String bootstrap = "127.0.0.1:9092";
    boolean fromBeginning = false;
    long max = Long.MAX_VALUE;
    String prefix = "";
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--bootstrap" -> bootstrap = args[++i];
        case "--from-beginning" -> fromBeginning = true;
        case "--max" -> max = Long.parseLong(args[++i]);
        case "--prefix" -> prefix = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    watch(Topics.byName(args[0]), prefix, bootstrap, fromBeginning, max);
  }

  private static <T extends SpecificRecord> void watch(Topic<T> topic, String prefix, String bootstrap, boolean fromBeginning, long max) {
    AvroCodec<T> codec = topic.codec();
    Properties props = new Properties();
    props.putAll(KafkaConnection.forTool(bootstrap).properties());
    // Only committed output is a fact; an aborted transaction's records never show.
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    long printed = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(prefix + topic.name(), Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      while (printed < max) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (Heartbeats.isHeartbeat(record)) {
            continue;
          }
          try {
            System.out.println(codec.decode(record.value()));
          } catch (IOException e) {
            System.out.println("{\"unreadable\": \"" + e.getMessage().replace("\"", "'") + "\", \"partition\": "
                + record.partition() + ", \"offset\": " + record.offset() + "}");
          }
          if (++printed >= max) {
            break;
          }
        }
        System.out.flush();
      }
    }
  }
}
