package com.creatormarket.integrity.retention;

import static com.creatormarket.integrity.retention.Fixtures.local;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.Actor;
import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.Input;
import com.creatormarket.integrity.common.io.KafkaIo;
import com.creatormarket.integrity.retention.functions.InputChecks;
import com.creatormarket.integrity.retention.model.RetentionPolicy;
import com.creatormarket.integrity.testing.FailureInjector;
import com.creatormarket.integrity.testing.KafkaBroker;
import com.creatormarket.integrity.testing.TestClusters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention job on a MiniCluster against the real broker: Kafka in, RocksDB state and
 * checkpoints, exactly-once Kafka out, read back committed.
 */
class RetentionJobITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.miniCluster();

  @TempDir Path checkpoints;

  private final KafkaBroker kafka = KafkaBroker.get();

  @Test
  void emitsExactlyTheExpectedViolationsForSimulatedLifecycles() throws Exception {
    String prefix = KafkaBroker.newTopicPrefix("retention");
    kafka.createTopics(prefix, List.of(Topics.ORDERS, Topics.LIFECYCLE, Topics.RETENTION_VIOLATIONS, Topics.DEAD_LETTERS));
    SimulatedLifecycles sim = SimulatedLifecycles.generate();
    assertThat(sim.orderCount()).as("orders simulated").isGreaterThan(48);

    // Lifecycle produced first; in event time, some lifecycle events precede their order's publication event.
    kafka.produce(prefix + Topics.LIFECYCLE.name(), Topics.LIFECYCLE.codec(), sim.lifecycleEvents(), VideoLifecycleEvent::getVideoId);
    kafka.produce(prefix + Topics.ORDERS.name(), Topics.ORDERS.codec(), sim.orderEvents(), OrderEvent::getOrderId);
    long at = local("2026-03-02T00:00");
    kafka.produce(prefix + Topics.ORDERS.name(), Topics.ORDERS.codec(),
        List.of(Fixtures.order(OrderEventKind.RETENTION_CHANGED, "o-bad", at).build(),
            OrderEvent.newBuilder(Fixtures.created("o-bad-currency", null, null, at)).setCurrency("XXXX-not-iso").build()),
        OrderEvent::getOrderId);
    kafka.produce(prefix + Topics.LIFECYCLE.name(), Topics.LIFECYCLE.codec(),
        List.of(Fixtures.lifecycle(LifecycleKind.DELETED, "v-bad", Actor.UNKNOWN, at)), VideoLifecycleEvent::getVideoId);
    kafka.produceRaw(List.of(
        new ProducerRecord<>(prefix + Topics.ORDERS.name(), "o-x".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8)),
        new ProducerRecord<>(prefix + Topics.LIFECYCLE.name(), "v-x".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x01, 9})));

    // Records reordered on purpose stay within the allowed lateness, so none is late however fast
    // each partition is read; no partition is declared idle while the bounded read runs.
    Settings settings = TestClusters.jobSettings(RetentionOptions.KNOBS, prefix,
        Map.of("source.allowed-lateness", "1d", "source.idleness", "1h"));
    StreamExecutionEnvironment env = TestClusters.environment(checkpoints, Duration.ofMillis(500));
    RetentionJob.build(env, settings);
    env.execute(RetentionJob.NAME);

    List<RetentionViolation> out = kafka.readCommitted(prefix + Topics.RETENTION_VIOLATIONS.name(), Topics.RETENTION_VIOLATIONS.codec());
    Map<String, Long> copies = out.stream().collect(Collectors.groupingBy(RetentionViolation::getViolationId, Collectors.counting()));
    assertThat(copies.values().stream().mapToLong(c -> c - 1).sum()).as("duplicates").isZero();
    Map<String, RetentionViolation> byId = out.stream().collect(Collectors.toMap(RetentionViolation::getViolationId, Function.identity(), (a, b) -> a));
    Map<String, RetentionViolation> expected = sim.expectedViolations().stream()
        .collect(Collectors.toMap(RetentionViolation::getViolationId, Function.identity()));
    assertThat(byId.keySet()).as("missing").containsAll(expected.keySet());
    assertThat(byId.keySet()).as("unexpected").isSubsetOf(expected.keySet());
    assertThat(byId).isEqualTo(expected);
    // Per time of day: 16 violations (14 cases, one with three orders) and 5 ends of early hidings
    // out of 28 orders.
    assertThat(expected).hasSize(63);

    List<DeadLetter> deadLetters = kafka.readCommitted(prefix + Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.codec());
    assertThat(deadLetters).allSatisfy(d -> assertThat(d.getJob()).isEqualTo(RetentionJob.NAME));
    assertThat(deadLetters).extracting(d -> d.getKind() + " " + d.getTopic().substring(prefix.length()) + ": " + d.getReason())
        .hasSize(5)
        .anySatisfy(r -> assertThat(r).startsWith("UNREADABLE order-events: undecodable: cannot decode OrderEvent"))
        .anySatisfy(r -> assertThat(r).startsWith("UNREADABLE video-lifecycle: undecodable: cannot decode VideoLifecycleEvent"))
        .contains("INVALID order-events: missing-field: RETENTION_CHANGED without retentionDays",
            "INVALID order-events: unknown-currency: currency 'XXXX-not-iso' is not an ISO 4217 code",
            "INVALID video-lifecycle: unknown-actor: DELETED by an actor unknown to this reader: cannot tell whose fault it is");
  }

  @Test
  void emitsEachViolationExactlyOnceAcrossAnInjectedFailure() throws Exception {
    String prefix = KafkaBroker.newTopicPrefix("retention-restart");
    kafka.createTopics(prefix, List.of(Topics.ORDERS, Topics.LIFECYCLE, Topics.RETENTION_VIOLATIONS, Topics.DEAD_LETTERS));
    SimulatedLifecycles sim = SimulatedLifecycles.generate();
    kafka.produce(prefix + Topics.ORDERS.name(), Topics.ORDERS.codec(), sim.orderEvents(), OrderEvent::getOrderId);
    kafka.produce(prefix + Topics.LIFECYCLE.name(), Topics.LIFECYCLE.codec(), sim.lifecycleEvents(), VideoLifecycleEvent::getVideoId);

    // The job's own parts, with a failure injected into the lifecycle input: after a checkpoint, the
    // job fails once and restarts from it (RocksDB state, timers, source offsets, open transactions).
    // Until it has failed, lifecycle records are slowed so a checkpoint completes while they flow.
    String failures = prefix + "failures";
    Settings settings = TestClusters.jobSettings(RetentionOptions.KNOBS, prefix,
        Map.of("source.allowed-lateness", "1d", "source.idleness", "1h"));
    StreamExecutionEnvironment env = TestClusters.environment(checkpoints, Duration.ofMillis(200));
    Input<OrderEvent> orders = KafkaIo.read(env, settings, RetentionJob.NAME, Topics.ORDERS,
        o -> o.getEventTime().toEpochMilli(), InputChecks.orders(RetentionPolicy.from(settings).maxDays()), Uids.ORDER_SOURCE, Uids.ORDER_TRIAGE);
    Input<VideoLifecycleEvent> lifecycle = KafkaIo.read(env, settings, RetentionJob.NAME, Topics.LIFECYCLE,
        l -> l.getEventTime().toEpochMilli(), InputChecks.lifecycle(), Uids.LIFECYCLE_SOURCE, Uids.LIFECYCLE_TRIAGE);
    DataStream<VideoLifecycleEvent> failing = lifecycle.records()
        .map(new SlowUntilFailed<>(failures)).uid("slow-until-failed").name("slow-until-failed")
        .map(new FailureInjector<VideoLifecycleEvent>(failures, 1, 1)).uid("failure-injector").name("failure-injector");
    KafkaIo.sink(RetentionJob.buildTopology(orders.records(), failing, settings), settings, RetentionJob.NAME,
        Uids.VIOLATION_SINK, Topics.RETENTION_VIOLATIONS, RetentionViolation::getOrderId);
    env.execute(RetentionJob.NAME);

    assertThat(FailureInjector.failuresSoFar(failures)).as("failures injected").isEqualTo(1);
    List<RetentionViolation> out = kafka.readCommitted(prefix + Topics.RETENTION_VIOLATIONS.name(), Topics.RETENTION_VIOLATIONS.codec());
    Map<String, Long> copies = out.stream().collect(Collectors.groupingBy(RetentionViolation::getViolationId, Collectors.counting()));
    Map<String, RetentionViolation> expected = sim.expectedViolations().stream()
        .collect(Collectors.toMap(RetentionViolation::getViolationId, Function.identity()));
    long duplicates = copies.values().stream().mapToLong(c -> c - 1).sum();
    long missing = expected.keySet().stream().filter(id -> !copies.containsKey(id)).count();
    long unexpected = copies.keySet().stream().filter(id -> !expected.containsKey(id)).count();
    assertThat(duplicates).as("duplicates").isZero();
    assertThat(missing).as("missing").isZero();
    assertThat(unexpected).as("unexpected").isZero();
    assertThat(out).containsExactlyInAnyOrderElementsOf(expected.values());
  }

  /** Sleeps a little per record until the named failure has happened, so checkpoints complete mid-stream. */
  static final class SlowUntilFailed<T> implements MapFunction<T, T> {
    private final String failures;

    SlowUntilFailed(String failures) {
      this.failures = failures;
    }

    @Override
    public T map(T value) throws InterruptedException {
      // 40 ms a record leaves seconds for a first checkpoint to complete even on a loaded machine.
      if (FailureInjector.failuresSoFar(failures) == 0) {
        Thread.sleep(40);
      }
      return value;
    }
  }

  @Test
  void recordsLaterThanTheAllowedLatenessGoToDeadLettersAsLate() throws Exception {
    String prefix = KafkaBroker.newTopicPrefix("retention-late");
    kafka.createTopics(prefix, List.of(Topics.ORDERS, Topics.LIFECYCLE, Topics.RETENTION_VIOLATIONS, Topics.DEAD_LETTERS));
    String lifecycleTopic = prefix + Topics.LIFECYCLE.name();
    // Every lifecycle partition moves to June, so the watermark does.
    List<ProducerRecord<byte[], byte[]>> june = new ArrayList<>();
    for (int p = 0; p < Topics.LIFECYCLE.partitions(); p++) {
      VideoLifecycleEvent e = Fixtures.deleted("v-june-" + p, local("2026-06-01T00:00"));
      june.add(new ProducerRecord<>(lifecycleTopic, p, null, e.getVideoId().getBytes(StandardCharsets.UTF_8), Topics.LIFECYCLE.codec().encode(e)));
    }
    kafka.produceRaw(june);

    Settings settings = TestClusters.jobSettings(RetentionOptions.KNOBS, prefix,
        Map.of("kafka.bounded", "false", "source.allowed-lateness", "0s", "source.max-out-of-orderness", "0s"));
    StreamExecutionEnvironment env = TestClusters.environment(checkpoints, Duration.ofMillis(300));
    RetentionJob.build(env, settings);
    JobClient job = env.executeAsync(RetentionJob.NAME);
    try {
      // A March event arrives after June's on its partition: late by the partition's own order,
      // whenever the job reads it. Send one a second until one comes back late.
      List<String> sent = new ArrayList<>();
      DeadLetter late = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (late == null && System.nanoTime() < deadline) {
        VideoLifecycleEvent march = Fixtures.deleted("v-march", local("2026-03-01T00:00"));
        sent.add(march.getEventId());
        kafka.produce(lifecycleTopic, Topics.LIFECYCLE.codec(), List.of(march), VideoLifecycleEvent::getVideoId);
        Thread.sleep(1000);
        late = kafka.readCommitted(prefix + Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.codec()).stream()
            .filter(d -> d.getKind() == DeadLetterKind.LATE).findFirst().orElse(null);
      }
      assertThat(late).as("a LATE dead letter").isNotNull();
      assertThat(late.getTopic()).isEqualTo(lifecycleTopic);
      assertThat(late.getReason()).contains("behind an earlier record of partition").contains("allowed lateness is 0 ms");
      byte[] value = new byte[late.getValue().remaining()];
      late.getValue().duplicate().get(value);
      assertThat(sent).contains(Topics.LIFECYCLE.codec().decode(value).getEventId());
    } finally {
      job.cancel().get();
    }
  }
}
