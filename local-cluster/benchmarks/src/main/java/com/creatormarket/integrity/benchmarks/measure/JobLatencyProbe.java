package com.creatormarket.integrity.benchmarks.measure;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.MetricsGranularity;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.benchmarks.data.Loader;
import com.creatormarket.integrity.benchmarks.data.Synthetic;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.codec.AvroCodec;
import com.creatormarket.integrity.common.io.Heartbeats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Committed-output latency of the fake-traffic job itself (issue #16). The job decides only when its
 * watermark passes the end of what it decides on (the determinism design): an hour's verified
 * metrics when every input partition carries an event {@code lag} (out-of-orderness plus allowed
 * lateness) past the hour's end. So the latency measured here runs from the broker append of the
 * record that let the watermark pass an hour's end (the last partition to get there) to the moment a
 * read-committed consumer sees that hour's metrics record: watermark emission, the job's processing
 * and the checkpoint that commits. The event-time lag itself is a setting, stated beside the figure.
 *
 * <p>Event time runs {@code speed} times faster than the wall clock, from hours in the past (never
 * ahead of the records' Kafka timestamps), so an hour closes every {@code 3600 / speed} seconds.
 * Engagement goes round-robin over the topic's partitions; the orders topic carries the orders of
 * the videos once, then a heartbeat per partition every 100 ms of wall time.
 */
public final class JobLatencyProbe {

  /** Latencies of HOUR metrics records of the hours that closed after the warm-up. */
  public record Result(long sent, double rate, double seconds, int hoursClosed, long measured, long p50Ms, long p99Ms,
      long maxMs, long[] latenciesMs) {}

  private static final long HOUR = 3_600_000L;

  private final String bootstrap;

  public JobLatencyProbe(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  public Result run(String prefix, double rate, Duration duration, int speed, long lagMillis, int videos, int accounts,
      double warmupShare, Duration drainTimeout) throws Exception {
    String engagementTopic = prefix + Topics.ENGAGEMENT.name();
    String ordersTopic = prefix + Topics.ORDERS.name();
    int total = (int) Math.max(1, rate * duration.toSeconds());
    long[] eventTime = new long[total];
    int[] eventPartition = new int[total];
    long[] appended = new long[total];
    List<long[]> heartbeats = new ArrayList<>(); // {partition, eventTime, appendTime}
    List<long[]> hourRecords = new ArrayList<>(); // {windowEnd, readable}
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread reader = new Thread(() -> {
      try {
        readHours(prefix + Topics.VERIFIED_METRICS.name(), hourRecords, stop);
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    }, "job-latency-reader");
    reader.setDaemon(true);
    reader.start();

    long wallStart = System.currentTimeMillis();
    long eventStart = (wallStart - (duration.toMillis() * speed) - 2 * HOUR) / HOUR * HOUR;
    AvroCodec<EngagementEvent> codec = AvroCodec.of(EngagementEvent.class);
    SplittableRandom rnd = new SplittableRandom(11);
    long began = System.nanoTime();
    Properties config = Loader.producerConfig(bootstrap);
    config.put("linger.ms", "1");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      int engagementPartitions = producer.partitionsFor(engagementTopic).size();
      int orderPartitions = producer.partitionsFor(ordersTopic).size();
      AvroCodec<OrderEvent> orderCodec = AvroCodec.of(OrderEvent.class);
      Instant published = Instant.ofEpochMilli(eventStart - HOUR);
      for (int v = 0; v < videos; v++) {
        byte[] key = Synthetic.order(v).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(ordersTopic, key, orderCodec.encode(Synthetic.orderCreated(v, published.minus(Duration.ofHours(20))))));
        producer.send(new ProducerRecord<>(ordersTopic, key, orderCodec.encode(Synthetic.videoPublished(v, published))));
      }
      long nextHeartbeat = 0;
      for (int i = 0; i < total; i++) {
        long due = began + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        long now = System.currentTimeMillis();
        long t = eventStart + (now - wallStart) * speed;
        if (now >= nextHeartbeat) {
          for (int p = 0; p < orderPartitions; p++) {
            long[] hb = {p, t, 0};
            synchronized (heartbeats) {
              heartbeats.add(hb);
            }
            producer.send(Heartbeats.record(ordersTopic, p, t), (metadata, ex) -> {
              if (ex != null) {
                failure.compareAndSet(null, ex);
              } else {
                hb[2] = metadata.timestamp();
              }
            });
          }
          nextHeartbeat = now + 100;
        }
        int partition = i % engagementPartitions;
        EngagementEvent e = Synthetic.event(3, i, rnd.nextInt(videos), rnd.nextInt(accounts), t, rnd);
        eventTime[i] = t;
        eventPartition[i] = partition;
        producer.send(new ProducerRecord<>(engagementTopic, partition, e.getVideoId().getBytes(StandardCharsets.UTF_8),
            codec.encode(e)), LatencyProbe.noteAppend(appended, i, failure));
      }
      producer.flush();
      double seconds = (System.nanoTime() - began) / 1e9;
      int partitions = engagementPartitions + orderPartitions;

      // The hours the input let close: each partition past the hour's end plus the lag.
      long lastHourEnd = (eventStart + (long) (seconds * 1000) * speed - lagMillis) / HOUR * HOUR;
      long warmupUntil = wallStart + (long) (seconds * 1000 * warmupShare);
      List<Long> allowedAt = new ArrayList<>();
      List<Long> hourEnds = new ArrayList<>();
      for (long end = eventStart + HOUR; end <= lastHourEnd; end += HOUR) {
        long allowed = allowedAt(end + lagMillis, eventTime, eventPartition, appended, heartbeats, engagementPartitions, partitions);
        if (allowed > warmupUntil) {
          hourEnds.add(end);
          allowedAt.add(allowed);
        }
      }
      // Wait until every hour that could close has been read, or the drain time-out.
      long deadline = System.nanoTime() + drainTimeout.toNanos();
      while (System.nanoTime() < deadline && failure.get() == null && !allRead(hourRecords, hourEnds)) {
        Thread.sleep(200);
      }
      stop.set(true);
      reader.join(5_000);
      if (failure.get() != null) {
        throw new IllegalStateException("job latency probe failed: " + failure.get(), failure.get());
      }
      long[] latencies;
      synchronized (hourRecords) {
        latencies = new long[hourRecords.size()];
        int n = 0;
        for (long[] r : hourRecords) {
          int h = hourEnds.indexOf(r[0]);
          if (h >= 0) {
            latencies[n++] = r[1] - allowedAt.get(h);
          }
        }
        latencies = Arrays.copyOf(latencies, n);
      }
      if (latencies.length == 0) {
        throw new IllegalStateException("job latency probe: no hour closed after the warm-up (" + hourEnds.size()
            + " could have); is the job keeping up?");
      }
      Percentiles p = new Percentiles(latencies, latencies.length);
      return new Result(total, total / seconds, seconds, hourEnds.size(), latencies.length, p.at(50), p.at(99), p.max(), latencies);
    }
  }

  /**
   * When the input let every partition's watermark pass {@code threshold}: the latest, over all
   * partitions, of the append time of the first record dated at or after it (engagement partitions
   * first, then the orders topic's heartbeats as {partition, event time, append time}); 0 while some
   * partition has none.
   */
  static long allowedAt(long threshold, long[] eventTime, int[] eventPartition, long[] appended, List<long[]> heartbeats,
      int engagementPartitions, int partitions) {
    long[] firstPast = new long[partitions];
    for (int i = 0; i < eventTime.length; i++) {
      if (eventTime[i] >= threshold && firstPast[eventPartition[i]] == 0) {
        firstPast[eventPartition[i]] = appended[i];
      }
    }
    synchronized (heartbeats) {
      for (long[] hb : heartbeats) {
        int slot = engagementPartitions + (int) hb[0];
        if (hb[1] >= threshold && firstPast[slot] == 0) {
          firstPast[slot] = hb[2];
        }
      }
    }
    long latest = 0;
    for (long at : firstPast) {
      if (at == 0) {
        return 0;
      }
      latest = Math.max(latest, at);
    }
    return latest;
  }

  private static boolean allRead(List<long[]> hourRecords, List<Long> hourEnds) {
    synchronized (hourRecords) {
      return hourEnds.stream().allMatch(end -> hourRecords.stream().anyMatch(r -> r[0] == end));
    }
  }

  private void readHours(String topic, List<long[]> hourRecords, AtomicBoolean stop) {
    AvroCodec<VerifiedMetrics> codec = AvroCodec.of(VerifiedMetrics.class);
    try (KafkaConsumer<byte[], byte[]> consumer = LatencyProbe.committedReader(bootstrap, topic)) {
      while (!stop.get()) {
        var records = consumer.poll(Duration.ofMillis(50));
        long now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          if (r.value() == null || Heartbeats.isHeartbeat(r)) {
            continue;
          }
          VerifiedMetrics m = codec.decode(r.value());
          if (m.getGranularity() == MetricsGranularity.HOUR) {
            synchronized (hourRecords) {
              hourRecords.add(new long[] {m.getWindowEnd().toEpochMilli(), now});
            }
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
