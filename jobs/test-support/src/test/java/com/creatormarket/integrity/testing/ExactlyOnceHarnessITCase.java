package com.creatormarket.integrity.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.avro.MetricsGranularity;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.Input;
import com.creatormarket.integrity.common.io.KafkaIo;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.common.io.RecordCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the test harness end to end: Avro records from a real broker, keyed RocksDB state,
 * checkpoints, an injected failure and restart, and the transactional sink, read back committed.
 */
class ExactlyOnceHarnessITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.miniCluster();

  @TempDir Path checkpoints;

  private static final int EVENTS = 1000;
  private static final int VIDEOS = 7;

  @Test
  void everyRecordReachesTheOutputExactlyOnceAcrossARestart() throws Exception {
    KafkaBroker kafka = KafkaBroker.get();
    String prefix = KafkaBroker.newTopicPrefix("harness");
    kafka.createTopics(prefix, List.of(Topics.ENGAGEMENT, Topics.VERIFIED_METRICS, Topics.DEAD_LETTERS));

    List<EngagementEvent> events = new ArrayList<>();
    Instant start = Instant.parse("2026-03-01T00:00:00Z");
    for (int i = 0; i < EVENTS; i++) {
      events.add(view("e" + i, "v" + (i % VIDEOS), start.plusSeconds(i)));
    }
    kafka.produce(prefix + Topics.ENGAGEMENT.name(), Topics.ENGAGEMENT.codec(), events, EngagementEvent::getVideoId);
    kafka.produceRaw(List.of(
        new ProducerRecord<>(prefix + Topics.ENGAGEMENT.name(), "v0".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8)),
        new ProducerRecord<>(prefix + Topics.ENGAGEMENT.name(), "v1".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x01, 1, 2, 3})));

    Settings settings = TestClusters.jobSettings(KafkaKnobs.ALL, prefix, Map.of());
    StreamExecutionEnvironment env = TestClusters.environment(checkpoints, Duration.ofMillis(300));
    Input<EngagementEvent> input = KafkaIo.read(env, settings, "harness", Topics.ENGAGEMENT,
        e -> e.getEventTime().toEpochMilli(), RecordCheck.none(), "engagement-source", "engagement-triage");
    DataStream<VerifiedMetrics> counts = input.records()
        .map(new FailureInjector<EngagementEvent>("harness", 2, 150)).uid("failure-injector").name("failure-injector")
        .keyBy(EngagementEvent::getVideoId)
        .process(new RunningViewCount()).uid("running-view-count").name("running-view-count");
    KafkaIo.sink(counts, settings, "harness", "metrics-sink", Topics.VERIFIED_METRICS, VerifiedMetrics::getOrderId);
    KafkaIo.sink(input.deadLetters(), settings, "harness", "dead-letter-sink", Topics.DEAD_LETTERS, DeadLetter::getJob);
    env.execute("harness");

    List<VerifiedMetrics> out = kafka.readCommitted(prefix + Topics.VERIFIED_METRICS.name(), Topics.VERIFIED_METRICS.codec());
    Map<String, Long> copies = out.stream().collect(Collectors.groupingBy(VerifiedMetrics::getMetricsId, Collectors.counting()));
    long duplicates = copies.values().stream().mapToLong(c -> c - 1).sum();
    long missing = events.stream().map(e -> StableIds.of("harness", e.getEventId())).filter(id -> !copies.containsKey(id)).count();

    assertThat(FailureInjector.failuresSoFar("harness")).as("failures injected").isEqualTo(2);
    assertThat(duplicates).as("duplicates").isZero();
    assertThat(missing).as("missing").isZero();
    assertThat(out).hasSize(EVENTS);
    // Keyed state survived the restarts: the last running count per video equals its number of events.
    Map<String, Long> finalCounts = out.stream().collect(Collectors.toMap(VerifiedMetrics::getVideoId, VerifiedMetrics::getRawViews, Math::max));
    Map<String, Long> expected = events.stream().collect(Collectors.groupingBy(EngagementEvent::getVideoId, Collectors.counting()));
    assertThat(finalCounts).isEqualTo(expected);

    List<DeadLetter> deadLetters = kafka.readCommitted(prefix + Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.codec());
    assertThat(deadLetters).hasSize(2).allSatisfy(d -> {
      assertThat(d.getKind()).isEqualTo(DeadLetterKind.UNREADABLE);
      assertThat(d.getTopic()).isEqualTo(prefix + Topics.ENGAGEMENT.name());
      assertThat(d.getValue()).isNotNull();
      assertThat(d.getReason()).startsWith("undecodable: cannot decode EngagementEvent");
    });
  }

  /** Counts views per video in RocksDB-backed keyed state. */
  static final class RunningViewCount extends KeyedProcessFunction<String, EngagementEvent, VerifiedMetrics> {
    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext openContext) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("views", Long.class));
    }

    @Override
    public void processElement(EngagementEvent e, Context ctx, Collector<VerifiedMetrics> out) throws Exception {
      long n = (count.value() == null ? 0 : count.value()) + 1;
      count.update(n);
      out.collect(VerifiedMetrics.newBuilder()
          .setMetricsId(StableIds.of("harness", e.getEventId()))
          .setOrderId("order-" + e.getVideoId()).setVideoId(e.getVideoId())
          .setGranularity(MetricsGranularity.CUMULATIVE)
          .setWindowStart(Instant.EPOCH).setWindowEnd(e.getEventTime())
          .setRawViews(n).setValidViews(n).setRawLikes(0).setValidLikes(0).setRawFollows(0).setValidFollows(0)
          .setInvalidTrafficRate(0).setUniqueViewers(0).setWatchTimeMillis(0).setValidWatchTimeMillis(0)
          .build());
    }
  }

  static EngagementEvent view(String id, String video, Instant at) {
    return EngagementEvent.newBuilder()
        .setEventId(id).setKind(EngagementKind.VIEW).setVideoId(video).setCreatorId("c1")
        .setAccountId("a" + id).setDeviceId("d" + id).setNetworkPrefix("10.0.0.0/24")
        .setAccountCreatedAt(Instant.parse("2024-01-01T00:00:00Z")).setCountry("CN").setClient("android-1")
        .setWatchTimeMillis(10_000L).setVideoLengthMillis(30_000L).setEventTime(at).build();
  }
}
