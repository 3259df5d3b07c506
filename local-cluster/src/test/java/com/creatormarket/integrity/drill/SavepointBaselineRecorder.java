package com.creatormarket.integrity.drill;

import static com.creatormarket.integrity.drill.SavepointUpgradeITCase.CUT;
import static com.creatormarket.integrity.drill.SavepointUpgradeITCase.deployment;
import static com.creatormarket.integrity.drill.SavepointUpgradeITCase.grantOf;
import static com.creatormarket.integrity.drill.SavepointUpgradeITCase.lastOffsets;
import static com.creatormarket.integrity.drill.SavepointUpgradeITCase.outputs;
import static com.creatormarket.integrity.drill.SavepointUpgradeITCase.prefixOf;

import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.io.Heartbeats;
import com.creatormarket.integrity.enforcement.EnforcementJob;
import com.creatormarket.integrity.faketraffic.FakeTrafficJob;
import com.creatormarket.integrity.retention.RetentionJob;
import com.creatormarket.integrity.schemas.SchemaCatalog;
import com.creatormarket.integrity.schemas.SchemaSet;
import com.creatormarket.integrity.simulator.Simulator;
import com.creatormarket.integrity.simulator.SimulatorOptions;
import com.creatormarket.integrity.simulator.output.DeliverySink;
import com.creatormarket.integrity.simulator.output.InputTopic;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import com.creatormarket.integrity.simulator.output.RecordSink;
import com.creatormarket.integrity.simulator.scenario.Scenario.Delivery;
import com.creatormarket.integrity.testing.KafkaBroker;
import com.creatormarket.integrity.testing.TestClusters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.commons.io.FileUtils;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records a release's baseline for {@link SavepointUpgradeITCase}: a tool run as a test (it needs the
 * MiniCluster and the test broker), not part of the suite (its name is no test's):
 * {@code mvn -B -o test -pl local-cluster -Dtest=SavepointBaselineRecorder
 * -Dsavepoint.upgrade.record=$PWD/local-cluster/src/test/resources/savepoint-upgrade/<release>}.
 */
class SavepointBaselineRecorder {

  @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.miniCluster();

  private static final String RECORD_INTO = "savepoint.upgrade.record";

  @TempDir Path work;

  /**
   * The current contracts must be released first: the baseline names the released schemas its
   * records are compared under.
   */
  @Test
  void recordBaseline(@InjectMiniCluster MiniCluster flink) throws Exception {
    String target = System.getProperty(RECORD_INTO);
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("name the baseline's folder: -D" + RECORD_INTO + "=<folder>");
    }
    Path into = Path.of(target);
    String schemas = releasedLabelOfCurrent();
    KafkaBroker kafka = KafkaBroker.get();
    String bootstrap = kafka.bootstrapServers();

    Path scenario = work.resolve("smoke");
    Simulator.run(SimulatorOptions.parse(new String[] {"--scenario", "smoke", "--out-dir", scenario.toString(), "--quiet"}), System.err);
    RecordedTopics producers = capture(scenario, Delivery.REALISTIC, 1);

    // Enforcement reads what retention and fake-traffic wrote: one clean run of both gives it.
    String upstream = KafkaBroker.newTopicPrefix("savepoint-upgrade-upstream");
    kafka.createTopics(upstream, Topics.ALL);
    try (PipelineOnMiniCluster both = PipelineOnMiniCluster.start(flink, kafka, upstream, work.resolve("upstream"), deployment(1),
        List.of(PipelineOnMiniCluster.job(RetentionJob.NAME), PipelineOnMiniCluster.job(FakeTrafficJob.NAME)), Map.of())) {
      // In two parts, the jobs done with the first before the second comes: their output heartbeats
      // then stand just behind the cut on every partition, as they would in a live run (read as one
      // backlog, their watermark would jump from nothing to the end).
      Map<TopicPartition, Long> ends = Map.of();
      for (RecordedTopics part : producers.splitAt(CUT)) {
        ends = part.writeTo(bootstrap, upstream, ends);
        both.awaitDone(RetentionJob.NAME, lastOffsets(upstream, only(ends, grantOf(RetentionJob.NAME).reads())));
        both.awaitDone(FakeTrafficJob.NAME, lastOffsets(upstream, only(ends, grantOf(FakeTrafficJob.NAME).reads())));
      }
      both.assertHealthy();
    }
    List<RecordedTopics.Entry> upstreamOutputs = new ArrayList<>();
    for (Topic<?> t : List.of(Topics.FLAGGED_CASES, Topics.RETENTION_VIOLATIONS)) {
      // Stamped with their event times, as the producers' records are, so that they are cut at the same instant.
      for (ConsumerRecord<byte[], byte[]> r : kafka.readCommittedRaw(upstream + t.name())) {
        long at = Heartbeats.isHeartbeat(r) ? Heartbeats.eventTime(r) : t == Topics.FLAGGED_CASES
            ? Topics.FLAGGED_CASES.codec().decode(r.value()).getLastEventTime().toEpochMilli()
            : Topics.RETENTION_VIOLATIONS.codec().decode(r.value()).getDecidedAt().toEpochMilli();
        upstreamOutputs.add(RecordedTopics.Entry.of(t.name(), r, at));
      }
    }
    RecordedTopics everything = producers.plus(new RecordedTopics(upstreamOutputs));
    ReleasedView releasedSchemas = ReleasedView.of(schemas);

    for (String job : List.of(RetentionJob.NAME, FakeTrafficJob.NAME, EnforcementJob.NAME)) {
      List<String> reads = grantOf(job).reads().stream().map(Topic::name).toList();
      RecordedTopics input = new RecordedTopics(everything.records().stream().filter(e -> reads.contains(e.topic())).toList());
      List<RecordedTopics> parts = input.splitAt(CUT);
      Path out = into.resolve(job);
      Files.createDirectories(out);

      String cleanPrefix = KafkaBroker.newTopicPrefix("savepoint-upgrade-clean-" + job);
      kafka.createTopics(cleanPrefix, Topics.ALL);
      Map<TopicPartition, Long> ends = input.writeTo(bootstrap, cleanPrefix, Map.of());
      try (PipelineOnMiniCluster run = PipelineOnMiniCluster.start(flink, kafka, cleanPrefix, work.resolve("clean-" + job), deployment(1),
          List.of(PipelineOnMiniCluster.job(job)), Map.of())) {
        run.awaitDone(job, lastOffsets(cleanPrefix, ends));
        run.assertHealthy();
        writeLines(out.resolve("clean-run.txt.gz"), outputs(kafka, cleanPrefix, job, releasedSchemas));
      }

      String prefix = prefixOf(job);
      kafka.createTopics(prefix, Topics.ALL);
      Map<TopicPartition, Long> firstEnds = parts.get(0).writeTo(bootstrap, prefix, Map.of());
      try (PipelineOnMiniCluster run = PipelineOnMiniCluster.start(flink, kafka, prefix, work.resolve("first-" + job), deployment(1),
          List.of(PipelineOnMiniCluster.job(job)), Map.of())) {
        run.awaitDone(job, lastOffsets(prefix, firstEnds));
        run.assertHealthy();
        Path taken = Path.of(java.net.URI.create(run.stopWithSavepoint(job, work.resolve("savepoints-" + job))));
        FileUtils.copyDirectory(taken.toFile(), out.resolve("savepoint").toFile());
        writeLines(out.resolve("committed-before-savepoint.txt.gz"), outputs(kafka, prefix, job, releasedSchemas));
      }
      parts.get(0).save(out.resolve("input-first.records.gz"));
      parts.get(1).save(out.resolve("input-second.records.gz"));
    }
    Files.writeString(into.resolve("release.properties"), "# Recorded by SavepointBaselineRecorder\n"
        + "recorded=" + Instant.now() + "\nschemas=" + schemas + "\nscenario=smoke\ndelivery=REALISTIC, seed 1\ncut=" + Instant.ofEpochMilli(CUT) + "\n");
  }

  /** The producers' records as the scenario's delivery sends them, each at the partition Kafka's partitioner picks. */
  private static RecordedTopics capture(Path scenario, Delivery delivery, long seed) throws IOException {
    List<RecordedTopics.Entry> out = new ArrayList<>();
    RecordSink capture = new RecordSink() {
      @Override
      public void write(InputTopic t, byte[] key, byte[] value, int length, long eventTimeMs) {
        out.add(new RecordedTopics.Entry(t.topic().name(), DeliverySink.partitionOf(t, key), key, java.util.Arrays.copyOf(value, length),
            Map.of(), eventTimeMs));
      }

      @Override
      public void heartbeat(InputTopic t, int partition, long eventTimeMs) {
        var r = Heartbeats.record(t.topic().name(), partition, eventTimeMs);
        out.add(RecordedTopics.Entry.of(t.topic().name(), new org.apache.kafka.clients.producer.ProducerRecord<>(r.topic(), r.partition(),
            eventTimeMs, r.key(), r.value(), r.headers())));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    try (RecordSink producers = new DeliverySink(capture, delivery, seed)) {
      RecordFiles.replay(scenario, producers);
    }
    return new RecordedTopics(out);
  }

  private static Map<TopicPartition, Long> only(Map<TopicPartition, Long> ends, List<Topic<?>> topics) {
    List<String> names = topics.stream().map(Topic::name).toList();
    Map<TopicPartition, Long> out = new HashMap<>(ends);
    out.keySet().removeIf(tp -> !names.contains(tp.topic()));
    return out;
  }

  /** The released set the current contracts are (a baseline names released schemas only). */
  private static String releasedLabelOfCurrent() {
    List<SchemaSet> all = SchemaCatalog.allVersions();
    SchemaSet current = all.stream().filter(s -> s.label().equals("current")).findFirst().orElseThrow();
    SchemaSet newest = all.stream().filter(s -> !s.label().equals("current")).reduce((a, b) -> b).orElseThrow();
    for (Map.Entry<String, Schema> e : current.records().entrySet()) {
      Schema released = newest.records().get(e.getKey());
      if (released == null || !SchemaNormalization.toParsingForm(released).equals(SchemaNormalization.toParsingForm(e.getValue()))) {
        throw new IllegalStateException(e.getKey() + " differs from its release " + newest.label() + ": release the contracts first");
      }
    }
    return newest.label();
  }

  private static void writeLines(Path file, Map<String, List<String>> byTopic) throws IOException {
    try (var out = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8)) {
      for (Map.Entry<String, List<String>> e : byTopic.entrySet()) {
        for (String line : e.getValue()) {
          out.write(e.getKey() + "\t" + line + "\n");
        }
      }
    }
  }
}
