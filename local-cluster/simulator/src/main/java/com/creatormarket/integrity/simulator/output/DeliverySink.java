package com.creatormarket.integrity.simulator.output;

import com.creatormarket.integrity.simulator.generate.Rng;
import com.creatormarket.integrity.simulator.scenario.Scenario.Delivery;
import java.io.IOException;
import java.util.Arrays;
import java.util.PriorityQueue;
import org.apache.kafka.common.utils.Utils;

/**
 * Delivers records the way real producers do rather than in event-time order: each partition of
 * each topic runs behind by its own lag (drawn once, up to {@link Delivery#partitionLag()}), stalls
 * now and then and catches up in a burst, records within a partition are out of order by up to
 * {@link Delivery#disorder()}, and a share of them is sent twice. A record's delivery time is its
 * event time plus these delays; records go on to the next sink in delivery-time order. Seeded: the
 * same seed gives the same delivery. The partition is the one Kafka's default partitioner picks
 * for the record's key, so "a partition behind" is a real partition of the topic. With
 * {@link Delivery#heartbeatEvery()} set, every partition of every topic also gets a heartbeat that
 * often (event time), so the jobs' time moves on where no traffic is; and after the last record the
 * producers' clocks keep running for {@link Delivery#heartbeatsAfterEnd()}, with a heartbeat every
 * {@code heartbeatEvery}, so what the jobs decide some time after an event (a grace period, a wait
 * for an unknown party) is decided at the end of a run too, without newer input.
 */
public final class DeliverySink implements RecordSink {

  private record Pending(long deliverAt, long sequence, InputTopic topic, int partition, byte[] key, byte[] value, long eventTimeMs) {}

  private final RecordSink next;
  private final Delivery delivery;
  private final Rng rng;
  private final long[][] lagMs;
  private final long[][] stallPhaseMs;
  private final PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) -> a.deliverAt != b.deliverAt
      ? Long.compare(a.deliverAt, b.deliverAt) : Long.compare(a.sequence, b.sequence));
  private long sequence;
  private long duplicates;
  private final long heartbeatEveryMs;
  private final long[][] lastHeartbeat;
  private long nextHeartbeatMs = Long.MIN_VALUE;
  private long generatedUpTo = Long.MIN_VALUE;
  private long heartbeats;

  public DeliverySink(RecordSink next, Delivery delivery, long seed) {
    this.next = next;
    this.delivery = delivery;
    this.rng = Rng.stream(seed, "delivery");
    InputTopic[] topics = InputTopic.values();
    this.heartbeatEveryMs = delivery.heartbeatEvery().toMillis();
    this.lastHeartbeat = new long[topics.length][];
    lagMs = new long[topics.length][];
    stallPhaseMs = new long[topics.length][];
    for (InputTopic t : topics) {
      int partitions = t.topic().partitions();
      lagMs[t.ordinal()] = new long[partitions];
      stallPhaseMs[t.ordinal()] = new long[partitions];
      lastHeartbeat[t.ordinal()] = new long[partitions];
      java.util.Arrays.fill(lastHeartbeat[t.ordinal()], Long.MIN_VALUE);
      for (int p = 0; p < partitions; p++) {
        lagMs[t.ordinal()][p] = upTo(delivery.partitionLag().toMillis());
        stallPhaseMs[t.ordinal()][p] = upTo(delivery.stallEvery().toMillis());
      }
    }
  }

  /** Kafka's default partitioner for a keyed record. */
  public static int partitionOf(InputTopic topic, byte[] key) {
    return Utils.toPositive(Utils.murmur2(key)) % topic.topic().partitions();
  }

  /** Heartbeats sent so far. */
  public long heartbeats() {
    return heartbeats;
  }

  /** Records sent a second time so far. */
  public long duplicates() {
    return duplicates;
  }

  @Override
  public void write(InputTopic topic, byte[] key, byte[] value, int length, long eventTimeMs) throws IOException {
    int partition = partitionOf(topic, key);
    long sentAt = afterStall(topic, partition, eventTimeMs + lagMs[topic.ordinal()][partition]);
    byte[] copy = Arrays.copyOf(value, length);
    long deliverAt = sentAt + upTo(delivery.disorder().toMillis());
    pending.add(new Pending(deliverAt, sequence++, topic, partition, key, copy, eventTimeMs));
    if (delivery.duplicateShare() > 0 && rng.chance(delivery.duplicateShare())) {
      duplicates++;
      pending.add(new Pending(deliverAt + upTo(delivery.disorder().toMillis()), sequence++, topic, partition, key, copy,
          eventTimeMs));
    }
    // Records come in event-time order and no delay is negative, so nothing written from now on
    // can be due before eventTimeMs: what is due by then can go.
    release(eventTimeMs);
    generatedUpTo = eventTimeMs;
    if (heartbeatEveryMs > 0) {
      if (nextHeartbeatMs == Long.MIN_VALUE) {
        nextHeartbeatMs = eventTimeMs - Math.floorMod(eventTimeMs, heartbeatEveryMs) + heartbeatEveryMs;
      }
      if (eventTimeMs >= nextHeartbeatMs) {
        heartbeat(eventTimeMs);
        nextHeartbeatMs = eventTimeMs - Math.floorMod(eventTimeMs, heartbeatEveryMs) + heartbeatEveryMs;
      }
    }
  }

  /**
   * Tells each partition how far its event time has come: not past anything still pending for it,
   * nor past what its producer, running behind by its lag, has reached. Every record of the
   * partition with an earlier event time has been delivered; every later one will have a later one.
   */
  private void heartbeat(long generated) throws IOException {
    long[][] minPending = new long[lagMs.length][];
    for (int t = 0; t < lagMs.length; t++) {
      minPending[t] = new long[lagMs[t].length];
      java.util.Arrays.fill(minPending[t], Long.MAX_VALUE);
    }
    for (Pending p : pending) {
      long[] row = minPending[p.topic.ordinal()];
      row[p.partition] = Math.min(row[p.partition], p.eventTimeMs);
    }
    for (InputTopic topic : InputTopic.values()) {
      for (int partition = 0; partition < lagMs[topic.ordinal()].length; partition++) {
        long claim = Math.min(generated - lagMs[topic.ordinal()][partition], minPending[topic.ordinal()][partition]);
        if (claim > lastHeartbeat[topic.ordinal()][partition]) {
          lastHeartbeat[topic.ordinal()][partition] = claim;
          next.heartbeat(topic, partition, claim);
          heartbeats++;
        }
      }
    }
  }

  /** The producer of this partition is stalled in windows of stallLength every stallEvery; it sends at the window's end. */
  private long afterStall(InputTopic topic, int partition, long at) {
    long every = delivery.stallEvery().toMillis();
    long length = delivery.stallLength().toMillis();
    if (every == 0 || length == 0) {
      return at;
    }
    long phase = stallPhaseMs[topic.ordinal()][partition];
    long intoWindow = Math.floorMod(at - phase, every);
    return intoWindow < length ? at - intoWindow + length : at;
  }

  private long upTo(long maxMs) {
    return maxMs <= 0 ? 0 : rng.nextLong(0, maxMs + 1);
  }

  private void release(long upTo) throws IOException {
    while (!pending.isEmpty() && pending.peek().deliverAt <= upTo) {
      Pending p = pending.poll();
      next.write(p.topic, p.key, p.value, p.value.length, p.eventTimeMs);
    }
  }

  /** Passes the flush on; records not yet due stay (a flush is not the end of the run). */
  @Override
  public void flush() throws IOException {
    next.flush();
  }

  /** Delivers everything still pending, in delivery order, and the last heartbeats; then closes the next sink. */
  @Override
  public void close() throws IOException {
    try {
      release(Long.MAX_VALUE);
      if (heartbeatEveryMs > 0 && generatedUpTo != Long.MIN_VALUE) {
        for (long[] lag : lagMs) {
          java.util.Arrays.fill(lag, 0); // all delivered: every partition has reached the last event time
        }
        heartbeat(generatedUpTo);
        long end = generatedUpTo + delivery.heartbeatsAfterEnd().toMillis();
        for (long at = generatedUpTo + heartbeatEveryMs; at <= end; at += heartbeatEveryMs) {
          heartbeat(at);
        }
      }
    } finally {
      next.close();
    }
  }
}
