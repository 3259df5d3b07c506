package com.creatormarket.integrity.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.cluster.KafkaAccess;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.io.KafkaConnection;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.enforcement.EnforcementJob;
import com.creatormarket.integrity.faketraffic.FakeTrafficJob;
import com.creatormarket.integrity.retention.RetentionJob;
import com.creatormarket.integrity.testing.KafkaBroker;
import com.creatormarket.integrity.testing.TestClusters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import org.apache.commons.io.FileUtils;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Savepoint upgrade across releases (issue #19): each job restores a savepoint that an earlier
 * release took, and goes on as if it had never stopped.
 *
 * <p>A baseline (test resources, {@code savepoint-upgrade/<release>/}) was recorded by that release
 ({@link SavepointBaselineRecorder}): per job, the Kafka records it read (the simulator's smoke scenario as
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
  static final long CUT = Instant.parse("2025-03-04T06:00:00Z").toEpochMilli();

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

  static PipelineOnMiniCluster.Deployment deployment(int parallelism) {
    // As in production: no idleness, time moved on by heartbeats; the run ends by data.
    return new PipelineOnMiniCluster.Deployment(parallelism, false, Map.of(KafkaKnobs.IDLENESS.key(), "0s"));
  }

  /** The offset of each non-empty partition's last record, under the prefix: what the job must read past. */
  static Map<TopicPartition, Long> lastOffsets(String prefix, Map<TopicPartition, Long> ends) {
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
  static Map<String, List<String>> outputs(KafkaBroker kafka, String prefix, String job, ReleasedView release) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Topic<?> topic : grantOf(job).writes()) {
      List<String> lines = release.committed(KafkaConnection.plaintext(kafka.bootstrapServers()), prefix + topic.name(), topic);
      if (!lines.isEmpty()) {
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

  private Path copySavepoint(String job) throws Exception {
    Path from = Path.of(SavepointUpgradeITCase.class.getResource(RESOURCES + BASELINE + "/" + job + "/savepoint").toURI());
    Path to = work.resolve("savepoint-" + job);
    FileUtils.copyDirectory(from.toFile(), to.toFile());
    return to;
  }

  private static InputStream resource(String name) {
    InputStream in = SavepointUpgradeITCase.class.getResourceAsStream(RESOURCES + BASELINE + "/" + name);
    if (in == null) {
      throw new IllegalStateException("baseline resource missing: " + RESOURCES + BASELINE + "/" + name);
    }
    return in;
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
