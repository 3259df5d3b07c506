package com.creatormarket.integrity.simulator.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.simulator.scenario.Scenario.Delivery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliverySinkTest {

  private record Sent(InputTopic topic, int partition, String value, long eventTimeMs) {}

  private record Heartbeat(InputTopic topic, int partition, long eventTimeMs, int after) {}

  private static final class Collecting implements RecordSink {
    final List<Sent> sent = new ArrayList<>();
    final List<Heartbeat> heartbeats = new ArrayList<>();

    @Override
    public void heartbeat(InputTopic topic, int partition, long eventTimeMs) {
      heartbeats.add(new Heartbeat(topic, partition, eventTimeMs, sent.size()));
    }

    @Override
    public void write(InputTopic topic, byte[] key, byte[] value, int length, long eventTimeMs) {
      sent.add(new Sent(topic, DeliverySink.partitionOf(topic, key), new String(value, 0, length, StandardCharsets.UTF_8), eventTimeMs));
    }

    @Override
    public void close() {}
  }

  private static final long START = 1_740_960_000_000L;

  /** 20,000 engagement records on 200 videos, one every 100-600 ms of event time. */
  private static List<Sent> deliver(Delivery delivery, long seed) throws IOException {
    return deliverInto(new Collecting(), delivery, seed).sent;
  }

  private static Collecting deliverInto(Collecting out, Delivery delivery, long seed) throws IOException {
    DeliverySink sink = new DeliverySink(out, delivery, seed);
    long t = START;
    for (int i = 0; i < 20_000; i++) {
      t += 100 + (i * 7919L) % 500;
      byte[] key = ("vid-" + (i % 200)).getBytes(StandardCharsets.UTF_8);
      byte[] value = ("event-" + i + "-padding").getBytes(StandardCharsets.UTF_8);
      sink.write(InputTopic.ENGAGEMENT, key, value, value.length - "-padding".length(), t);
    }
    sink.close();
    return out;
  }

  private static final Delivery REALISTIC = new Delivery(Duration.ofMinutes(5), Duration.ofMinutes(20), Duration.ofMinutes(2),
      Duration.ofSeconds(30), 0.02, Duration.ZERO, Duration.ZERO);

  @Test
  void inOrderDeliveryChangesNothing() throws IOException {
    List<Sent> sent = deliver(Delivery.IN_ORDER, 42);

    assertThat(sent).hasSize(20_000);
    assertThat(sent).isSortedAccordingTo((a, b) -> Long.compare(a.eventTimeMs, b.eventTimeMs));
    assertThat(sent.get(0).value).isEqualTo("event-0");
  }

  @Test
  void everyRecordArrivesAndDuplicatesAreExactCopies() throws IOException {
    List<Sent> sent = deliver(REALISTIC, 42);

    Map<String, Integer> copies = new HashMap<>();
    sent.forEach(s -> copies.merge(s.value, 1, Integer::sum));
    assertThat(copies).hasSize(20_000);
    assertThat(copies.values()).allMatch(n -> n == 1 || n == 2);
    long duplicated = copies.values().stream().filter(n -> n == 2).count();
    assertThat(duplicated).isBetween(250L, 550L); // 2% of 20,000
    assertThat(sent).hasSize(20_000 + (int) duplicated);
  }

  @Test
  void recordsAreOutOfOrderButWithinTheirDelaysBound() throws IOException {
    List<Sent> sent = deliver(REALISTIC, 42);

    long bound = REALISTIC.partitionLag().plus(REALISTIC.stallLength()).plus(REALISTIC.disorder().multipliedBy(2)).toMillis();
    long maxBehind = 0;
    int inversions = 0;
    long newest = Long.MIN_VALUE;
    Map<Integer, Long> newestPerPartition = new HashMap<>();
    long maxBehindInPartition = 0;
    for (Sent s : sent) {
      if (s.eventTimeMs < newest) {
        inversions++;
        maxBehind = Math.max(maxBehind, newest - s.eventTimeMs);
      }
      newest = Math.max(newest, s.eventTimeMs);
      long partitionNewest = newestPerPartition.merge(s.partition, s.eventTimeMs, Math::max);
      maxBehindInPartition = Math.max(maxBehindInPartition, partitionNewest - s.eventTimeMs);
    }
    assertThat(inversions).isGreaterThan(1000);
    assertThat(maxBehind).isGreaterThan(Duration.ofMinutes(1).toMillis()).isLessThanOrEqualTo(bound);
    // Within a partition, only stalls' catch-up and disorder reorder records.
    assertThat(maxBehindInPartition).isGreaterThan(0)
        .isLessThanOrEqualTo(REALISTIC.stallLength().plus(REALISTIC.disorder().multipliedBy(2)).toMillis());
  }

  @Test
  void theSameSeedDeliversTheSameAndAnotherSeedDiffers() throws IOException {
    assertThat(deliver(REALISTIC, 42)).isEqualTo(deliver(REALISTIC, 42));
    assertThat(deliver(REALISTIC, 43)).isNotEqualTo(deliver(REALISTIC, 42));
  }

  @Test
  void heartbeatsNeverClaimATimeBeforeARecordStillToComeOnTheirPartition() throws IOException {
    Delivery withHeartbeats = new Delivery(REALISTIC.partitionLag(), REALISTIC.stallEvery(), REALISTIC.stallLength(),
        REALISTIC.disorder(), REALISTIC.duplicateShare(), Duration.ofMinutes(1), Duration.ZERO);
    Collecting out = deliverInto(new Collecting(), withHeartbeats, 42);

    assertThat(out.heartbeats).hasSizeGreaterThan(8 * 60);
    Map<Integer, Long> last = new HashMap<>();
    for (Heartbeat h : out.heartbeats) {
      if (h.topic != InputTopic.ENGAGEMENT) {
        continue;
      }
      assertThat(h.eventTimeMs).as("heartbeats move forward").isGreaterThan(last.getOrDefault(h.partition, Long.MIN_VALUE));
      last.put(h.partition, h.eventTimeMs);
      for (Sent later : out.sent.subList(h.after, out.sent.size())) {
        if (later.partition == h.partition) {
          assertThat(later.eventTimeMs).as("a record sent after a heartbeat of its partition").isGreaterThanOrEqualTo(h.eventTimeMs);
        }
      }
    }
    long lastEvent = out.sent.stream().mapToLong(Sent::eventTimeMs).max().orElseThrow();
    assertThat(last.values()).as("the last heartbeat of every partition is the last event time").containsOnly(lastEvent);
    assertThat(last).hasSize(InputTopic.ENGAGEMENT.topic().partitions());
    // The records themselves are delivered exactly as without heartbeats.
    assertThat(out.sent).isEqualTo(deliver(REALISTIC, 42));
  }

  @Test
  void afterTheLastRecordEveryPartitionsClockRunsOnForTheGivenTime() throws IOException {
    Delivery runningOn = new Delivery(REALISTIC.partitionLag(), REALISTIC.stallEvery(), REALISTIC.stallLength(),
        REALISTIC.disorder(), REALISTIC.duplicateShare(), Duration.ofMinutes(10), Duration.ofDays(2));
    Collecting out = deliverInto(new Collecting(), runningOn, 42);

    long lastEvent = out.sent.stream().mapToLong(Sent::eventTimeMs).max().orElseThrow();
    Map<String, Long> lastPerPartition = new HashMap<>();
    long afterEnd = 0;
    for (Heartbeat h : out.heartbeats) {
      lastPerPartition.merge(h.topic + "/" + h.partition, h.eventTimeMs, Math::max);
      if (h.eventTimeMs > lastEvent) {
        afterEnd++;
      }
    }
    int partitions = java.util.Arrays.stream(InputTopic.values()).mapToInt(t -> t.topic().partitions()).sum();
    assertThat(lastPerPartition).hasSize(partitions);
    // Every partition's clock reaches two days after the last event, in steps of the heartbeat interval.
    assertThat(lastPerPartition.values()).allSatisfy(t -> assertThat(t).isBetween(lastEvent + Duration.ofDays(2).minusMinutes(10).toMillis(),
        lastEvent + Duration.ofDays(2).toMillis()));
    assertThat(afterEnd).isEqualTo((long) partitions * (Duration.ofDays(2).toMinutes() / 10));
    assertThat(out.sent).isEqualTo(deliver(REALISTIC, 42));
  }
}
