package com.creatormarket.integrity.benchmarks.baseline;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.benchmarks.measure.ProcCpu;
import com.creatormarket.integrity.benchmarks.measure.Sample;
import com.creatormarket.integrity.common.codec.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * L0: the raw limit of this machine. Plain Kafka consumers (one thread per core the Flink jobs
 * get, partitions split between them) read the topic read-committed from the beginning and
 * decode every value with the pipeline's codec; nothing else. CPU is this JVM's, from /proc.
 */
public final class PlainConsumerLoop {

  private final String bootstrap;
  private final int threads;

  public PlainConsumerLoop(String bootstrap, int threads) {
    this.bootstrap = bootstrap;
    this.threads = threads;
  }

  /** Reads the whole topic and returns progress samples (every 100 ms) for {@code Throughput.of}. */
  public List<Sample> run(String topic) throws Exception {
    List<TopicPartition> partitions = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> probe = consumer()) {
      for (PartitionInfo p : probe.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
    }
    AtomicLong done = new AtomicLong();
    AtomicLong checksum = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<TopicPartition> mine = new ArrayList<>();
      for (int i = t; i < partitions.size(); i += threads) {
        mine.add(partitions.get(i));
      }
      Thread worker = new Thread(() -> {
        try {
          checksum.addAndGet(readAll(mine, done));
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "l0-consumer-" + t);
      workers.add(worker);
    }
    List<Sample> samples = new ArrayList<>();
    long began = System.nanoTime();
    long pid = ProcCpu.self();
    workers.forEach(Thread::start);
    while (workers.stream().anyMatch(Thread::isAlive)) {
      samples.add(new Sample((System.nanoTime() - began) / 1e9, done.get(), ProcCpu.seconds(pid)));
      Thread.sleep(100);
    }
    samples.add(new Sample((System.nanoTime() - began) / 1e9, done.get(), ProcCpu.seconds(pid)));
    if (failure.get() != null) {
      throw new IllegalStateException("L0 consumer failed: " + failure.get(), failure.get());
    }
    if (checksum.get() == 42) {
      System.out.print(""); // keeps the decoded values observable, so nothing is optimised away
    }
    return samples;
  }

  private long readAll(List<TopicPartition> mine, AtomicLong done) throws Exception {
    AvroCodec<EngagementEvent> codec = AvroCodec.of(EngagementEvent.class);
    long checksum = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      consumer.assign(mine);
      consumer.seekToBeginning(mine);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(mine));
      end.values().removeIf(v -> v == 0);
      for (TopicPartition tp : mine) {
        if (!end.containsKey(tp)) {
          consumer.pause(List.of(tp));
        }
      }
      while (!end.isEmpty()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<byte[], byte[]> r : records) {
          EngagementEvent e = codec.decode(r.value());
          checksum += e.getVideoId().length() + e.getEventTime().toEpochMilli();
        }
        done.addAndGet(records.count());
        for (TopicPartition tp : records.partitions()) {
          if (consumer.position(tp) >= end.getOrDefault(tp, Long.MAX_VALUE)) {
            end.remove(tp);
            consumer.pause(List.of(tp));
          }
        }
      }
    }
    return checksum;
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // The same isolation as the jobs' source; other consumer settings stay at their defaults, as in the jobs.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return new KafkaConsumer<>(p);
  }
}
