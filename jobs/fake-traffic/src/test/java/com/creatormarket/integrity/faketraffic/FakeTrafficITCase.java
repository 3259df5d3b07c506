package com.creatormarket.integrity.faketraffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.MetricsGranularity;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.simulator.Simulator;
import com.creatormarket.integrity.simulator.SimulatorOptions;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import com.creatormarket.integrity.testing.KafkaBroker;
import com.creatormarket.integrity.testing.TestClusters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as deployed ({@link FakeTrafficJob#build}: Kafka sources, topology, exactly-once sinks) on
 * a MiniCluster with RocksDB and checkpoints, against the real in-process broker, over the
 * simulator's smoke scenario: cases for attacked orders and none for honest ones, read committed;
 * deterministic, versioned case ids; verified metrics per order; a bad record in dead letters, and
 * no simulated record among them.
 */
class FakeTrafficITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.miniCluster();

  @TempDir Path checkpoints;
  @TempDir Path run;

  @Test
  void flagsAttackedOrdersAndCountsVerifiedMetricsThroughKafka() throws Exception {
    Simulator.run(SimulatorOptions.parse(new String[] {"--scenario", "smoke", "--out-dir", run.toString(), "--quiet"}), System.err);
    GroundTruth truth = GroundTruth.read(run.resolve("ground-truth.json"));
    List<EngagementEvent> engagement = RecordFiles.readAll(run, Topics.ENGAGEMENT);
    List<OrderEvent> orders = RecordFiles.readAll(run, Topics.ORDERS);

    KafkaBroker kafka = KafkaBroker.get();
    String prefix = KafkaBroker.newTopicPrefix("fake-traffic");
    kafka.createTopics(prefix, List.of(Topics.ENGAGEMENT, Topics.ORDERS, Topics.DETECTION_RULES, Topics.FLAGGED_CASES, Topics.SHADOW_CASES, Topics.VERIFIED_METRICS,
        Topics.DEAD_LETTERS));
    kafka.produce(prefix + Topics.ORDERS.name(), Topics.ORDERS.codec(), orders, OrderEvent::getOrderId);
    kafka.produce(prefix + Topics.ENGAGEMENT.name(), Topics.ENGAGEMENT.codec(), engagement, EngagementEvent::getVideoId);
    kafka.produceRaw(List.of(new ProducerRecord<>(prefix + Topics.ENGAGEMENT.name(), "v".getBytes(StandardCharsets.UTF_8),
        "not avro".getBytes(StandardCharsets.UTF_8))));

    // Everything is in the topics before the job starts, so a bounded read races through partitions at
    // different speeds: a partition must not count as idle (and let the watermark pass its records)
    // while it waits for its next fetch.
    Settings settings = TestClusters.jobSettings(FakeTrafficOptions.KNOBS, prefix,
        Map.of("source.max-out-of-orderness", "1m", "source.idleness", "1h"));
    StreamExecutionEnvironment env = TestClusters.environment(checkpoints, Duration.ofSeconds(2));
    FakeTrafficJob.build(env, settings);
    env.execute("fake-traffic-itcase");

    List<FlaggedCase> cases = kafka.readCommitted(prefix + Topics.FLAGGED_CASES.name(), Topics.FLAGGED_CASES.codec());
    Set<String> flagged = cases.stream().filter(c -> c.getLevel() != ResponseLevel.RECORD_ONLY)
        .map(FlaggedCase::getOrderId).collect(Collectors.toSet());
    Set<String> attacked = truth.attackedOrders().stream().map(GroundTruth.AttackedOrder::orderId).collect(Collectors.toSet());
    Set<String> honest = new HashSet<>(truth.honestOrders());
    honest.removeAll(attacked);

    List<DeadLetter> dead = kafka.readCommitted(prefix + Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.codec());
    truth.attackedOrders().forEach(o -> System.out.printf("attacked %s %s flagged=%s%n", o.orderId(), o.kind(),
        flagged.contains(o.orderId())));
    System.out.println("dead letters by kind: " + dead.stream().collect(Collectors.groupingBy(DeadLetter::getKind, Collectors.counting())));
    assertThat(flagged).as("honest orders flagged").doesNotContainAnyElementsOf(honest);
    // Every attack kind of smoke, every attacked order: the stages decide in event time, so how the
    // eight partitions happen to interleave must not make one go unseen.
    assertThat(truth.attackedOrders().stream().filter(o -> !flagged.contains(o.orderId())).map(o -> o.kind() + " " + o.orderId()))
        .as("attacked orders not flagged at REVIEW or above").isEmpty();
    Map<String, List<FlaggedCase>> byCase = cases.stream().collect(Collectors.groupingBy(FlaggedCase::getCaseId));
    byCase.forEach((id, versions) -> {
      FlaggedCase any = versions.get(0);
      assertThat(id).isEqualTo(StableIds.of("case", any.getOrderId(), any.getVideoId()));
      assertThat(versions.stream().map(FlaggedCase::getVersion).sorted().toList())
          .as("versions of " + id).isEqualTo(java.util.stream.IntStream.rangeClosed(1, versions.size()).boxed().toList());
      assertThat(versions).allSatisfy(v -> assertThat(v.getSignals()).isNotEmpty());
    });

    List<VerifiedMetrics> metrics = kafka.readCommitted(prefix + Topics.VERIFIED_METRICS.name(), Topics.VERIFIED_METRICS.codec());
    assertThat(metrics).isNotEmpty().allSatisfy(m -> {
      assertThat(m.getValidViews()).isBetween(0L, m.getRawViews());
      assertThat(m.getInvalidTrafficRate()).isBetween(0.0, 1.0);
    });
    assertThat(metrics.stream().map(VerifiedMetrics::getMetricsId).distinct().count()).as("metrics ids unique").isEqualTo(metrics.size());
    long attackedInvalid = metrics.stream().filter(m -> m.getGranularity() == MetricsGranularity.CUMULATIVE
        && attacked.contains(m.getOrderId()) && m.getValidViews() < m.getRawViews()).map(VerifiedMetrics::getOrderId).distinct().count();
    assertThat(attackedInvalid).as("attacked orders with views judged invalid").isPositive();

    // The one bad record sent is the only unreadable one, and no simulated record (honest or attack) breaks the door rules.
    assertThat(dead).filteredOn(d -> d.getKind() == DeadLetterKind.UNREADABLE).extracting(DeadLetter::getReason)
        .singleElement().asString().startsWith("undecodable: cannot decode EngagementEvent");
    assertThat(dead).filteredOn(d -> d.getKind() == DeadLetterKind.INVALID).extracting(DeadLetter::getReason)
        .as("simulated records rejected at the door").isEmpty();
  }
}
