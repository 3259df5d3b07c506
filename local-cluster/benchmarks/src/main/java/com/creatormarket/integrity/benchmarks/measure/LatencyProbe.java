package com.creatormarket.integrity.benchmarks.measure;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.benchmarks.data.Loader;
import com.creatormarket.integrity.benchmarks.data.Synthetic;
import com.creatormarket.integrity.common.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * End-to-end latency from an event's append to the input topic (the broker's LogAppendTime,
 * returned to the producer) to the moment the job's output for it is readable by a read-committed
 * consumer. The producer is paced at a fixed rate; the output must carry the input's eventId.
 */
public final class LatencyProbe {

  /** What the probe saw; latencies only for events after the warm-up. */
  public record Result(long sent, long measured, long missing, long duplicates, long p50Ms, long p99Ms, long maxMs,
      double rate, double seconds, long[] latenciesMs) {}

  private final String bootstrap;

  public LatencyProbe(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /**
   * @param inputTopic  topic created with message.timestamp.type=LogAppendTime
   * @param outputTopic where the job writes one record per input event, with the same eventId
   */
  public Result run(String inputTopic, String outputTopic, double rate, Duration duration, double warmupShare,
      Duration drainTimeout) throws Exception {
    int total = (int) Math.max(1, rate * duration.toSeconds());
    long[] appended = new long[total];
    long[] readable = new long[total];
    AtomicLong seen = new AtomicLong();
    AtomicLong duplicates = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread reader = new Thread(() -> {
      try {
        read(outputTopic, readable, seen, duplicates, total, stop);
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    }, "latency-reader");
    reader.setDaemon(true);
    reader.start();

    AvroCodec<EngagementEvent> codec = AvroCodec.of(EngagementEvent.class);
    SplittableRandom rnd = new SplittableRandom(7);
    long began = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(latencyProducer())) {
      for (int i = 0; i < total; i++) {
        long due = began + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        int v = rnd.nextInt(20_000);
        EngagementEvent e = Synthetic.latencyEvent(i, v, rnd.nextInt(100_000), System.currentTimeMillis(), rnd);
        producer.send(new ProducerRecord<>(inputTopic, e.getVideoId().getBytes(StandardCharsets.UTF_8), codec.encode(e)),
            noteAppend(appended, i, failure));
      }
      producer.flush();
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    while (seen.get() < total && System.nanoTime() < deadline && failure.get() == null) {
      Thread.sleep(100);
    }
    stop.set(true);
    reader.join(5_000);
    if (failure.get() != null) {
      throw new IllegalStateException("latency probe failed: " + failure.get(), failure.get());
    }
    int first = (int) (total * warmupShare);
    long[] latencies = new long[total - first];
    int n = 0;
    long missing = 0;
    synchronized (readable) {
      for (int i = first; i < total; i++) {
        if (readable[i] == 0 || appended[i] == 0) {
          missing++;
        } else {
          latencies[n++] = readable[i] - appended[i];
        }
      }
    }
    if (n == 0) {
      throw new IllegalStateException("latency probe: no output seen on " + outputTopic);
    }
    Percentiles p = new Percentiles(latencies, n);
    long[] kept = java.util.Arrays.copyOf(latencies, n);
    return new Result(total, n, missing, duplicates.get(), p.at(50), p.at(99), p.max(), total / seconds, seconds, kept);
  }

  private Properties latencyProducer() {
    Properties p = Loader.producerConfig(bootstrap);
    // A paced producer: send each event promptly rather than waiting to fill batches.
    p.put("linger.ms", "1");
    return p;
  }

  private void read(String topic, long[] readable, AtomicLong seen, AtomicLong duplicates, int total, AtomicBoolean stop) {
    AvroCodec<EngagementEvent> codec = AvroCodec.of(EngagementEvent.class);
    try (KafkaConsumer<byte[], byte[]> consumer = committedReader(bootstrap, topic)) {
      while (!stop.get()) {
        var records = consumer.poll(Duration.ofMillis(50));
        long now = System.currentTimeMillis();
        synchronized (readable) {
          for (ConsumerRecord<byte[], byte[]> r : records) {
            int seq = Synthetic.latencySeq(codec.decode(r.value()).getEventId());
            if (seq < 0 || seq >= total) {
              continue;
            }
            if (readable[seq] != 0) {
              duplicates.incrementAndGet();
            } else {
              readable[seq] = now;
              seen.incrementAndGet();
            }
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A consumer of every partition of {@code topic} from its beginning, read-committed (what an
   * exactly-once output's reader sees), fetching within 50 ms so a probe notes arrivals promptly.
   */
  static KafkaConsumer<byte[], byte[]> committedReader(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
    List<TopicPartition> parts = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(topic)) {
      parts.add(new TopicPartition(topic, info.partition()));
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    return consumer;
  }
  /** A send callback that notes the record's broker timestamp (LogAppendTime) in {@code appended[seq]}, or the failure. */
  static Callback noteAppend(long[] appended, int seq, AtomicReference<Throwable> failure) {
    return (metadata, ex) -> {
      if (ex != null) {
        failure.compareAndSet(null, ex);
      } else {
        appended[seq] = metadata.timestamp();
      }
    };
  }
}
