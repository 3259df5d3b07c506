package com.creatormarket.integrity.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.cluster.KafkaAccess;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.io.Heartbeats;
import com.creatormarket.integrity.common.io.KafkaConnection;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.common.io.CommittedRecords;
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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Savepoint upgrade across releases (issue #19): each job restores a savepoint that an earlier
 * release took, and goes on as if it had never stopped.
 *
 * <p>A baseline (test resources, {@code savepoint-upgrade/<release>/}) was recorded by that release
 * ({@link #recordBaseline}): per job, the Kafka records it read (the simulator's smoke scenario as
 * producers deliver it; for enforcement, also the retention and fake-traffic outputs of that
 * scenario), every partition cut in two at one instant of event time; the savepoint it took after reading the
 * first part and emitting all it could (canonical format, parallelism 1, RocksDB); what it had
 * committed by then; and what a clean run of that release gave on both parts.
 *
 * <p>The test gives this build a fresh broker with both parts at the offsets they were recorded at
 * (the sources resume from the savepoint's offsets), starts each job from the old savepoint at
 * parallelism 2 and waits until it has read everything. What it commits after the restore, added to
 * what the old release committed before it, must equal the old release's clean run, record for
 * record (duplicates count), each record read as the old release's schema sees it (fields added
 * since are left out): state intact (open orders, scores, open cases, buffered events), nothing
 * repeated and nothing lost across the upgrade. A job whose state or records changed shape since
 * restores through its serializers' migration (hand-written, POJO and Avro state alike).
 */
class SavepointUpgradeITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.miniCluster();

  /** The release whose savepoints this build must restore. */
  static final String BASELINE = "2026-12-04";
  private static final String RESOURCES = "/savepoint-upgrade/";
  /**
   * Where every partition is cut (event time): smoke's early deletion is decided before it (a
   * decision delay after the deletion), its early hiding began before it and is judged after it,
   * and the enforcement and fake-traffic jobs have penalties, refunds and cases on both sides.
   */
  private static final long CUT = Instant.parse("2025-03-04T06:00:00Z").toEpochMilli();
  /** Record the baseline with {@code -Dsavepoint.upgrade.record=<folder>} (see {@link #recordBaseline}). */
  private static final String RECORD_INTO = "savepoint.upgrade.record";

  @TempDir Path work;

  /** The fixed topic prefix of a job's baseline: the savepoint's sources name their topics with it. */
  static String prefixOf(String job) {
    return "savepoint-upgrade-" + job + ".";
  }

  static KafkaAccess.Grant grantOf(String job) {
    return KafkaAccess.GRANTS.stream().filter(g -> g.principal().equals(job)).findFirst().orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {RetentionJob.NAME, FakeTrafficJob.NAME, EnforcementJob.NAME})
  void restoresTheEarlierReleasesSavepointAndGoesOnAsIfNeverStopped(String job, @InjectMiniCluster MiniCluster flink) throws Exception {
    Properties release = new Properties();
    try (InputStream in = resource("release.properties")) {
      release.load(in);
    }
    ReleasedView releasedSchemas = ReleasedView.of(release.getProperty("schemas"));
    RecordedTopics first = RecordedTopics.load(resource(job + "/input-first.records.gz"));
    RecordedTopics second = RecordedTopics.load(resource(job + "/input-second.records.gz"));
    Map<String, List<String>> before = readLines(resource(job + "/committed-before-savepoint.txt.gz"));
    Map<String, List<String>> clean = readLines(resource(job + "/clean-run.txt.gz"));
    Path savepoint = copySavepoint(job);

    KafkaBroker kafka = KafkaBroker.get();
    String prefix = prefixOf(job);
    kafka.createTopics(prefix, Topics.ALL);
    Map<TopicPartition, Long> ends = first.writeTo(kafka.bootstrapServers(), prefix, Map.of());
    ends = second.writeTo(kafka.bootstrapServers(), prefix, ends);

    Map<String, List<String>> after;
    try (PipelineOnMiniCluster restored = PipelineOnMiniCluster.start(flink, kafka, prefix, work.resolve("checkpoints"),
        deployment(2), List.of(PipelineOnMiniCluster.job(job)), Map.of(job, savepoint.toUri().toString()))) {
      restored.awaitDone(job, lastOffsets(prefix, ends));
      restored.assertHealthy();
      assertThat(restored.restoredFromSavepoints()).as("the job restored the old release's savepoint")
          .hasEntrySatisfying(job, path -> assertThat(path).contains("savepoint-" + job));
      after = outputs(kafka, prefix, job, releasedSchemas);
    }

    assertThat(before.values().stream().mapToInt(List::size).sum()).as("records committed before the savepoint").isPositive();
    assertThat(after.values().stream().mapToInt(List::size).sum()).as("records committed after the restore").isPositive();
    for (String topic : clean.keySet().stream().sorted().toList()) {
      Map<String, Long> expected = counts(clean.get(topic));
      Map<String, Long> actual = counts(Stream.concat(before.getOrDefault(topic, List.of()).stream(),
          after.getOrDefault(topic, List.of()).stream()).toList());
      assertThat(difference(actual, expected)).as("%s: %s records (before the savepoint and after the restore) against the clean run",
          job, topic).isEmpty();
    }
    assertThat(after.keySet()).as("topics written after the restore").isSubsetOf(clean.keySet());
  }

  /**
   * Records the baseline of the build that runs it, for the next releases to restore:
   * {@code mvn -B -o verify -pl local-cluster -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
   * -Dit.test=SavepointUpgradeITCase#recordBaseline -Dsavepoint.upgrade.record=$PWD/local-cluster/src/test/resources/savepoint-upgrade/<release>}.
   * The current contracts must be released first (the baseline names the released schemas its
   * records are compared under).
   */
  @Test
  @EnabledIfSystemProperty(named = RECORD_INTO, matches = ".+")
  void recordBaseline(@InjectMiniCluster MiniCluster flink) throws Exception {
    Path into = Path.of(System.getProperty(RECORD_INTO));
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
        copyTree(taken, out.resolve("savepoint"));
        writeLines(out.resolve("committed-before-savepoint.txt.gz"), outputs(kafka, prefix, job, releasedSchemas));
      }
      parts.get(0).save(out.resolve("input-first.records.gz"));
      parts.get(1).save(out.resolve("input-second.records.gz"));
    }
    Files.writeString(into.resolve("release.properties"), "# Recorded by SavepointUpgradeITCase#recordBaseline\n"
        + "recorded=" + Instant.now() + "\nschemas=" + schemas + "\nscenario=smoke\ndelivery=REALISTIC, seed 1\ncut=" + Instant.ofEpochMilli(CUT) + "\n");
  }

  private static PipelineOnMiniCluster.Deployment deployment(int parallelism) {
    // As in production: no idleness, time moved on by heartbeats; the run ends by data.
    return new PipelineOnMiniCluster.Deployment(parallelism, false, Map.of(KafkaKnobs.IDLENESS.key(), "0s"));
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

  /** The offset of each non-empty partition's last record, under the prefix: what the job must read past. */
  private static Map<TopicPartition, Long> lastOffsets(String prefix, Map<TopicPartition, Long> ends) {
    Map<TopicPartition, Long> out = new HashMap<>();
    ends.forEach((tp, end) -> {
      if (end > 0) {
        out.put(new TopicPartition(prefix + tp.topic(), tp.partition()), end - 1);
      }
    });
    return out;
  }

  /**
   * Every committed record the job wrote, by topic, as the released schemas read it (Avro's JSON
   * form, fields added since left out), sorted; heartbeats left out.
   */
  private static Map<String, List<String>> outputs(KafkaBroker kafka, String prefix, String job, ReleasedView release) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Topic<?> topic : grantOf(job).writes()) {
      List<String> lines = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(KafkaConnection.plaintext(kafka.bootstrapServers()),
          prefix + topic.name())) {
        if (Heartbeats.isHeartbeat(r)) {
          continue;
        }
        try {
          lines.add(release.render(topic, r.value()));
        } catch (IOException e) {
          throw new UncheckedIOException("an output of " + job + " on " + topic.name() + " does not decode", e);
        }
      }
      if (!lines.isEmpty()) {
        lines.sort(null);
        out.put(topic.name(), lines);
      }
    }
    return out;
  }

  private static Map<String, Long> counts(List<String> lines) {
    return lines.stream().collect(Collectors.groupingBy(l -> l, TreeMap::new, Collectors.counting()));
  }

  /** Records whose count differs: "+n" more than the clean run had, "-n" fewer. */
  private static List<String> difference(Map<String, Long> actual, Map<String, Long> expected) {
    List<String> out = new ArrayList<>();
    java.util.Set<String> all = new java.util.TreeSet<>(actual.keySet());
    all.addAll(expected.keySet());
    for (String line : all) {
      long d = actual.getOrDefault(line, 0L) - expected.getOrDefault(line, 0L);
      if (d != 0) {
        out.add((d > 0 ? "+" : "") + d + " " + line);
      }
    }
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

  private Path copySavepoint(String job) throws Exception {
    Path from = Path.of(SavepointUpgradeITCase.class.getResource(RESOURCES + BASELINE + "/" + job + "/savepoint").toURI());
    Path to = work.resolve("savepoint-" + job);
    copyTree(from, to);
    return to;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  private static InputStream resource(String name) {
    InputStream in = SavepointUpgradeITCase.class.getResourceAsStream(RESOURCES + BASELINE + "/" + name);
    if (in == null) {
      throw new IllegalStateException("baseline resource missing: " + RESOURCES + BASELINE + "/" + name);
    }
    return in;
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

  private static Map<String, List<String>> readLines(InputStream raw) throws IOException {
    Map<String, List<String>> out = new TreeMap<>();
    try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] parts = line.split("\t", 2);
        out.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
      }
    }
    return out;
  }
}
