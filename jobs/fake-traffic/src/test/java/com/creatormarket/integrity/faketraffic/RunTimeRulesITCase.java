package com.creatormarket.integrity.faketraffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.avro.DetectionRule;
import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.Heartbeats;
import com.creatormarket.integrity.simulator.Simulator;
import com.creatormarket.integrity.simulator.SimulatorOptions;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import com.creatormarket.integrity.common.rules.ShadowComparison;
import com.creatormarket.integrity.testing.KafkaBroker;
import com.creatormarket.integrity.testing.TestClusters;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run-time rules on the job as deployed (Kafka in and out, MiniCluster, RocksDB, checkpoints), over
 * the smoke scenario. A rule raises {@code score.enforce-min-signals} to 10 (no case reaches ENFORCE
 * any more) from an event time E in the middle of the scenario's ENFORCE escalations:
 * <ul>
 *   <li>a replay (everything in the topics, the rule included, read bounded) decides every case
 *       version before E as the run without the rule does, and escalates none to ENFORCE from E on,
 *       where the run without the rule does; each version names the rule-set version that decided it;
 *   <li>a live run that receives the rule while it runs (before its traffic reaches E), is stopped
 *       with a savepoint, restored without the rule in its submission (so only its state can carry
 *       the rule) and then given the rest of the traffic, writes exactly the replay's cases;
 *   <li>a rule with a value its knob refuses, and one that would put score.review above
 *       score.enforce, land in dead letters with the reason, and no case carries their versions.
 * </ul>
 */
class RunTimeRulesITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.miniCluster();

  @TempDir static Path run;
  @TempDir Path checkpoints;
  @TempDir Path savepoints;

  private static List<EngagementEvent> engagement;
  private static List<OrderEvent> orders;
  private static final KafkaBroker kafka = KafkaBroker.get();

  private static final List<com.creatormarket.integrity.common.Topic<?>> TOPICS = List.of(Topics.ENGAGEMENT, Topics.ORDERS,
      Topics.DETECTION_RULES, Topics.FLAGGED_CASES, Topics.SHADOW_CASES, Topics.VERIFIED_METRICS, Topics.DEAD_LETTERS);

  @BeforeAll
  static void simulate() throws Exception {
    Simulator.run(SimulatorOptions.parse(new String[] {"--scenario", "smoke", "--out-dir", run.toString(), "--quiet"}), System.err);
    engagement = RecordFiles.readAll(run, Topics.ENGAGEMENT);
    orders = RecordFiles.readAll(run, Topics.ORDERS);
  }

  @Test
  void aThresholdChangedWhileTheJobRunsDecidesFromItsEventTimeOnIdenticallyOnReplayAndAcrossASavepoint() throws Exception {
    // Without rules: where the ENFORCE escalations are.
    List<FlaggedCase> without = withoutRules();
    List<FlaggedCase> escalations = firstEnforceVersions(without);
    assertThat(escalations).as("ENFORCE escalations in smoke").hasSizeGreaterThanOrEqualTo(2);
    Instant e = Instant.ofEpochMilli(escalations.get(escalations.size() / 2).getLastEventTime().toEpochMilli() / 60_000 * 60_000);
    assertThat(escalations).as("escalations before E").anySatisfy(c -> assertThat(c.getLastEventTime()).isBefore(e));
    Set<String> escalatedFromE = escalations.stream().filter(c -> !c.getLastEventTime().isBefore(e)).map(FlaggedCase::getCaseId)
        .collect(Collectors.toSet());
    assertThat(escalatedFromE).as("escalations from E on without the rule").isNotEmpty();

    List<DetectionRule> rules = List.of(
        rule(1, "score.enforce-min-signals", "10", e),
        rule(2, "score.review", "1.5", e), // out of the knob's range: the door
        rule(3, "score.review", "0.9", e)); // above score.enforce (0.85): the gate

    // Replay: everything in the topics, the rules too.
    String replay = prefix("rules-replay");
    produceAll(replay, rules);
    List<FlaggedCase> replayed = runBounded(replay);
    assertThat(replayed).extracting(FlaggedCase::getRuleSetVersion).as("rule-set versions").containsOnly(0L, 1L);
    assertThat(replayed).filteredOn(c -> !c.getLastEventTime().isBefore(e))
        .as("versions from E on decided by rule set 1").isNotEmpty().allSatisfy(c -> assertThat(c.getRuleSetVersion()).isEqualTo(1L));
    assertThat(firstEnforceVersions(replayed)).as("escalations to ENFORCE from E on, with 10 signals required")
        .allSatisfy(c -> assertThat(c.getLastEventTime()).isBefore(e));
    Instant settled = e.minus(Duration.ofHours(2));
    List<FlaggedCase> before = without.stream().filter(c -> c.getLastEventTime().isBefore(settled)).toList();
    assertThat(before).as("versions well before E").isNotEmpty();
    assertThat(replayed).as("versions well before E, as without the rule").containsAll(before);
    assertThat(replayed.stream().filter(c -> escalatedFromE.contains(c.getCaseId()) && c.getLevel() == ResponseLevel.ENFORCE))
        .as("orders escalated from E on without the rule, not escalated with it").isEmpty();
    assertRejected(replay);
    System.out.printf("rules: E=%s; without the rule %d case versions, %d ENFORCE escalations (%d from E on); with it %d versions,"
            + " %d decided by rule set 1, %d escalations%n", e, without.size(), escalations.size(), escalatedFromE.size(), replayed.size(),
        replayed.stream().filter(c -> c.getRuleSetVersion() == 1).count(), firstEnforceVersions(replayed).size());

    // Live: the rules arrive while the job runs, before its traffic reaches E.
    String live = prefix("rules-live");
    long split = e.minus(Duration.ofMinutes(10)).toEpochMilli();
    kafka.createTopics(live, TOPICS);
    kafka.produce(live + Topics.ORDERS.name(), Topics.ORDERS.codec(), orders, OrderEvent::getOrderId);
    kafka.produce(live + Topics.ENGAGEMENT.name(), Topics.ENGAGEMENT.codec(),
        engagement.stream().filter(x -> x.getEventTime().toEpochMilli() < split).toList(), EngagementEvent::getVideoId);
    Settings liveSettings = TestClusters.jobSettings(FakeTrafficOptions.KNOBS, live,
        Map.of("kafka.bounded", "false", "source.idleness", "0s", "source.max-out-of-orderness", "1m"));
    StreamExecutionEnvironment env = TestClusters.environment(checkpoints, Duration.ofSeconds(1));
    FakeTrafficJob.build(env, liveSettings);
    JobClient first = env.executeAsync("fake-traffic-rules-live");
    String savepoint;
    try {
      kafka.produce(live + Topics.DETECTION_RULES.name(), Topics.DETECTION_RULES.codec(), rules, DetectionRule::getSettingKey);
      // Rule 3 is turned down by the gate after it took rule 1 (one partition, in order), and is
      // committed with a checkpoint that holds rule 1 in the video stage's state.
      Awaitility.await("the gate's dead letter for rule 3").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> deadLetters(live).stream().anyMatch(d -> d.getReason().contains("rule version 3")));
      savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
    } catch (Exception ex) {
      first.cancel();
      throw ex;
    }
    kafka.produce(live + Topics.ENGAGEMENT.name(), Topics.ENGAGEMENT.codec(),
        engagement.stream().filter(x -> x.getEventTime().toEpochMilli() >= split).toList(), EngagementEvent::getVideoId);
    endOfInput(live);

    Configuration restore = new Configuration();
    restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    StreamExecutionEnvironment restored = TestClusters.environment(checkpoints, Duration.ofSeconds(1), restore);
    // A restore does not read the rules topic again (its source goes on after rule 3): the rule set comes from the savepoint.
    FakeTrafficJob.build(restored, liveSettings);
    JobClient second = restored.executeAsync("fake-traffic-rules-restored");
    try {
      Set<FlaggedCase> expected = new HashSet<>(replayed);
      Awaitility.await("the live run's cases equal the replay's").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2))
          .until(() -> new HashSet<>(cases(live)).equals(expected));
      assertThat(cases(live)).as("no case version twice").hasSameSizeAs(replayed);
      assertRejected(live);
    } finally {
      second.cancel().get();
    }
  }

  @Test
  void aLooserCandidateWritesShadowCasesAndTheComparisonNamesTheOrdersItWouldAddWhileLiveCasesStayTheSame() throws Exception {
    GroundTruth truth = GroundTruth.read(run.resolve("ground-truth.json"));
    Instant start = truth.start();
    String shadowRun = prefix("rules-shadow");
    // Looser: enforce from a score of 0.6 on one signal instead of 0.85 on two, tried beside live from
    // the scenario's start. (Smoke's honest orders fire no signal at all, so no looser threshold adds
    // one of them; a looser enforcement adds attacked orders live only sends to review.)
    produceAll(shadowRun, List.of(rule(1, "candidate.score.enforce", "0.6", start), rule(2, "candidate.score.enforce-min-signals", "1", start)));
    List<FlaggedCase> live = runBounded(shadowRun);
    assertThat(live).as("live cases, as without a candidate (so enforcement's input and penalties are unchanged)")
        .containsExactlyInAnyOrderElementsOf(withoutRules());

    List<FlaggedCase> shadow = kafka.readCommitted(shadowRun + Topics.SHADOW_CASES.name(), Topics.SHADOW_CASES.codec());
    assertThat(shadow).as("shadow cases").isNotEmpty().allSatisfy(c -> assertThat(c.getRuleSetVersion()).isEqualTo(2L));
    Map<String, String> kinds = new HashMap<>();
    truth.honestOrders().forEach(o -> kinds.put(o, "honest"));
    truth.attackedOrders().forEach(o -> kinds.put(o.orderId(), o.kind().toString()));
    ShadowComparison comparison = ShadowComparison.of(live, shadow, start, Instant.parse("2100-01-01T00:00:00Z"), kinds);
    java.io.StringWriter text = new java.io.StringWriter();
    comparison.print(new java.io.PrintWriter(text), start, null);
    System.out.println(text);
    List<ShadowComparison.Row> added = comparison.rows().stream()
        .filter(r -> r.level() == ResponseLevel.ENFORCE && r.change() == ShadowComparison.Change.ADDED).toList();
    assertThat(added).as("orders the looser candidate enforces and live does not").isNotEmpty();
    // Each is there for the looser threshold: its score reached 0.6, live never enforced it, and it is named.
    Set<String> liveEnforced = live.stream().filter(c -> c.getLevel() == ResponseLevel.ENFORCE).map(FlaggedCase::getOrderId)
        .collect(Collectors.toSet());
    assertThat(added).allSatisfy(r -> {
      assertThat(r.evidence().getRiskScore()).isGreaterThanOrEqualTo(0.6);
      assertThat(liveEnforced).doesNotContain(r.orderId());
      assertThat(text.toString()).contains(r.orderId());
    });
    assertThat(comparison.rows()).as("a looser candidate drops nothing").noneMatch(r -> r.change() == ShadowComparison.Change.DROPPED);

    // The data engineers' command prints the same comparison, labelled from the ground truth.
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int exit = com.creatormarket.integrity.faketraffic.rules.RulesToolAccess.run(new String[] {"compare", "--bootstrap=" + kafka.bootstrapServers(),
        "--topic-prefix=" + shadowRun, "--truth=" + run.resolve("ground-truth.json")}, new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(exit).isZero();
    assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains(added.get(0).orderId()).contains(added.get(0).kind());
  }

  private static List<FlaggedCase> withoutRulesCases;

  /** The smoke scenario's cases without any rule (run once for both tests). */
  private synchronized List<FlaggedCase> withoutRules() throws Exception {
    if (withoutRulesCases == null) {
      String plain = prefix("rules-none");
      produceAll(plain, List.of());
      withoutRulesCases = runBounded(plain);
    }
    return withoutRulesCases;
  }

  private static String prefix(String name) {
    return KafkaBroker.newTopicPrefix(name);
  }

  private static DetectionRule rule(long version, String key, String value, Instant from) {
    return DetectionRule.newBuilder().setVersion(version).setSettingKey(key).setValue(value).setChangedBy("rules-itcase")
        .setReason("test").setEffectiveFrom(from).build();
  }

  private static void produceAll(String prefix, List<DetectionRule> rules) {
    kafka.createTopics(prefix, TOPICS);
    kafka.produce(prefix + Topics.ORDERS.name(), Topics.ORDERS.codec(), orders, OrderEvent::getOrderId);
    kafka.produce(prefix + Topics.ENGAGEMENT.name(), Topics.ENGAGEMENT.codec(), engagement, EngagementEvent::getVideoId);
    kafka.produce(prefix + Topics.DETECTION_RULES.name(), Topics.DETECTION_RULES.codec(), rules, DetectionRule::getSettingKey);
  }

  private List<FlaggedCase> runBounded(String prefix) throws Exception {
    Settings settings = TestClusters.jobSettings(FakeTrafficOptions.KNOBS, prefix,
        Map.of("source.max-out-of-orderness", "1m", "source.idleness", "1h"));
    StreamExecutionEnvironment env = TestClusters.environment(checkpoints, Duration.ofSeconds(2));
    FakeTrafficJob.build(env, settings);
    env.execute("fake-traffic-rules " + prefix);
    return cases(prefix);
  }

  /** A heartbeat a day after the last event on every input partition: the live run's time moves past all of it. */
  private static void endOfInput(String prefix) {
    long end = engagement.stream().mapToLong(x -> x.getEventTime().toEpochMilli()).max().orElseThrow() + Duration.ofDays(1).toMillis();
    List<ProducerRecord<byte[], byte[]>> beats = new ArrayList<>();
    for (int p = 0; p < Topics.ENGAGEMENT.partitions(); p++) {
      beats.add(Heartbeats.record(prefix + Topics.ENGAGEMENT.name(), p, end));
    }
    for (int p = 0; p < Topics.ORDERS.partitions(); p++) {
      beats.add(Heartbeats.record(prefix + Topics.ORDERS.name(), p, end));
    }
    kafka.produceRaw(beats);
  }

  private static List<FlaggedCase> cases(String prefix) {
    return kafka.readCommitted(prefix + Topics.FLAGGED_CASES.name(), Topics.FLAGGED_CASES.codec());
  }

  private static List<DeadLetter> deadLetters(String prefix) {
    return kafka.readCommitted(prefix + Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.codec());
  }

  /** Each case's first version at ENFORCE, oldest first. */
  private static List<FlaggedCase> firstEnforceVersions(List<FlaggedCase> cases) {
    Map<String, FlaggedCase> first = new HashMap<>();
    cases.stream().filter(c -> c.getLevel() == ResponseLevel.ENFORCE).sorted(Comparator.comparingInt(FlaggedCase::getVersion))
        .forEach(c -> first.putIfAbsent(c.getCaseId(), c));
    return first.values().stream().sorted(Comparator.comparing(FlaggedCase::getLastEventTime).thenComparing(FlaggedCase::getCaseId))
        .toList();
  }

  /** Rules 2 and 3 in dead letters with their reasons, rule 1 not. */
  private static void assertRejected(String prefix) {
    Map<String, DeadLetter> byRule = new TreeMap<>();
    for (DeadLetter d : deadLetters(prefix)) {
      if (d.getTopic().endsWith(Topics.DETECTION_RULES.name())) {
        byRule.put(d.getReason(), d);
      }
    }
    assertThat(byRule.keySet()).as("rule dead letters").hasSize(2);
    assertThat(byRule.values()).allSatisfy(d -> assertThat(d.getKind()).isEqualTo(DeadLetterKind.INVALID));
    assertThat(byRule.keySet()).anySatisfy(r -> assertThat(r).startsWith("invalid-value:").contains("'1.5'").contains("score.review"));
    assertThat(byRule.keySet()).anySatisfy(r -> assertThat(r).startsWith("invalid-value:").contains("score.review").contains("0.9")
        .contains("score.enforce").contains("rule version 3"));
  }
}
