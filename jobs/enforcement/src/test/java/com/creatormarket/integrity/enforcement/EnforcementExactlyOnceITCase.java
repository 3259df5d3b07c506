package com.creatormarket.integrity.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.AgencyAlert;
import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.avro.DeadlineKind;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.OrderTermination;
import com.creatormarket.integrity.avro.LiftReason;
import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.avro.Penalty;
import com.creatormarket.integrity.avro.PenaltyReversal;
import com.creatormarket.integrity.avro.Refund;
import com.creatormarket.integrity.avro.RefundBasis;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ReviewDeadline;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.SanctionLifted;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.testing.FailureInjector;
import com.creatormarket.integrity.testing.KafkaBroker;
import com.creatormarket.integrity.testing.TestClusters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once under failure, checked the way Flink's own Kafka sink tests do: the same input runs
 * once without failures and once with failures injected after checkpoints at random points before
 * and after the credit ledger (the job restarts from the last checkpoint each time). A read-committed
 * reader then sees, in the failing run, exactly the penalty, termination, refund, reversal,
 * sanction-lift and agency-alert ids of the failure-free run, with duplicates and missing ids counted separately, the same records,
 * and the same final scores.
 */
class EnforcementExactlyOnceITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.miniCluster();

  @TempDir Path checkpoints;

  private static final long SEED = 20261129L;
  private static final int CREATORS = 200;
  /**
   * Slows the order events of the failing run so that checkpoints complete while the job runs and six failures (five
   * of them in the ledger's chain, one after each of its outputs) land mid-stream; the reference run needs no pacing.
   */
  private static final long MILLIS_PER_ORDER_EVENT = 20;
  private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(300);

  private static final List<Topic<?>> TOPICS = List.of(Topics.RETENTION_VIOLATIONS, Topics.FLAGGED_CASES,
      Topics.REVIEW_DECISIONS, Topics.CONTENT_FINDINGS, Topics.ORDERS, Topics.PENALTIES, Topics.ORDER_TERMINATIONS,
      Topics.REFUNDS, Topics.PENALTY_REVERSALS, Topics.SANCTION_LIFTS, Topics.REVIEW_DEADLINES, Topics.AGENCY_ALERTS,
      Topics.DEAD_LETTERS);

  /** Where a failure is injected, how often, and after how many records past a checkpoint. */
  record Injection(String where, int maxFailures, long recordsAfterCheckpoint) {}

  @Test
  void penaltiesTerminationsAndRefundsAreExactlyOnceAcrossInjectedFailures() throws Exception {
    Scenario scenario = new Scenario(SEED, CREATORS);
    KafkaBroker kafka = KafkaBroker.get();
    String referencePrefix = KafkaBroker.newTopicPrefix("enforcement-reference");
    String failingPrefix = KafkaBroker.newTopicPrefix("enforcement-failing");
    produce(kafka, referencePrefix, scenario);
    produce(kafka, failingPrefix, scenario);

    // An injector fails once its subtask has passed the drawn number of records after the first checkpoint completed
    // since it (re)started: a random point mid-stream, reached however sparse the output.
    Random random = new Random(SEED);
    List<Injection> injections = List.of(
        new Injection("orders-in", 1, 5 + random.nextInt(36)),
        new Injection("penalties-out", 1, 1 + random.nextInt(4)),
        new Injection("terminations-out", 1, 1 + random.nextInt(2)),
        new Injection("refunds-out", 1, 1 + random.nextInt(4)),
        // Reversals and lifts are rare (a few per run): fail on the first one after a checkpoint.
        new Injection("reversals-out", 1, 1),
        new Injection("lifts-out", 1, 1));
    long start = System.nanoTime();
    run(referencePrefix, checkpoints.resolve("reference"), injections, false);
    long referenceMillis = (System.nanoTime() - start) / 1_000_000;
    start = System.nanoTime();
    run(failingPrefix, checkpoints.resolve("failing"), injections, true);
    long failingMillis = (System.nanoTime() - start) / 1_000_000;

    Output expected = Output.read(kafka, referencePrefix);
    Output actual = Output.read(kafka, failingPrefix);

    Comparison penalties = Comparison.of(expected.penalties, actual.penalties);
    Comparison terminations = Comparison.of(expected.terminations, actual.terminations);
    Comparison refunds = Comparison.of(expected.refunds, actual.refunds);
    Comparison alerts = Comparison.of(expected.agencyAlerts, actual.agencyAlerts);
    Comparison reversals = Comparison.of(expected.reversals, actual.reversals);
    Comparison lifts = Comparison.of(expected.lifts, actual.lifts);
    Comparison deadlines = Comparison.of(expected.deadlines, actual.deadlines);
    System.out.printf("scenario: %d input records, %d creators; failures injected: %s; reference run %d ms, failing run %d ms%n"
            + "penalties %s%nterminations %s%nrefunds %s%nreversals %s%nsanction lifts %s%nreview deadlines %s%nagency alerts %s%n"
            + "dead letters: %d in each run, of which %d causes"
            + " about a creator or order never seen (%d expected)%n",
        scenario.inputRecords(), CREATORS, injections.stream().map(i -> i.where() + "=" + FailureInjector.failuresSoFar(failingPrefix + i.where()))
            .toList(), referenceMillis, failingMillis, penalties, terminations, refunds, reversals, lifts, deadlines, alerts, actual.deadLetters.size(),
        actual.unknownPartyCauses().size(), scenario.expectedUnknownPartyCauses.size());

    // The failure-free run did what the business rules ask.
    assertThat(expected.duplicates()).as("duplicates in the failure-free run").isZero();
    assertThat(expected.penalties.keySet()).as("penalty ids: one per confirmed cause").isEqualTo(scenario.expectedPenaltyIds);
    assertThat(expected.terminations).isNotEmpty();
    assertThat(expected.agencyAlerts).isNotEmpty();
    assertThat(expected.terminations.values()).allSatisfy(t -> {
      assertThat(t.get(0).getCreatorPaid()).isFalse();
      assertThat(expected.refunds.values()).anySatisfy(r -> {
        assertThat(r.get(0).getOrderId()).isEqualTo(t.get(0).getOrderId());
        assertThat(r.get(0).getCauseId()).isEqualTo(t.get(0).getCauseId());
        assertThat(r.get(0).getBasis()).isEqualTo(RefundBasis.FULL);
      });
    });
    Map<String, Long> prepaid = scenario.orders.stream().filter(o -> o.getKind() == OrderEventKind.CREATED)
        .collect(Collectors.toMap(OrderEvent::getOrderId, OrderEvent::getPrepaidMinor));
    Map<String, Long> refunded = expected.refunds.values().stream().map(r -> r.get(0))
        .collect(Collectors.groupingBy(Refund::getOrderId, Collectors.summingLong(Refund::getAmountMinor)));
    assertThat(refunded).allSatisfy((order, sum) -> assertThat(sum).as("refunds of " + order).isLessThanOrEqualTo(prepaid.get(order)));
    assertThat(expected.rejectedDecisionIds()).as("decisions for unknown or closed cases, appeals too late")
        .isEqualTo(scenario.expectedRejectedDecisionIds);
    // Dismissals after enforcement and upheld appeals reverse their penalties, once each; money stays moved.
    assertThat(expected.reversals.keySet()).as("reversal ids").isEqualTo(scenario.expectedReversalIds).hasSizeGreaterThan(5);
    assertThat(expected.reversals.values()).allSatisfy(r -> {
      assertThat(expected.penalties).containsKey(r.get(0).getPenaltyId());
      assertThat(r.get(0).getScoreAfter()).isGreaterThanOrEqualTo(r.get(0).getScoreBefore());
      assertThat(r.get(0).getRefundsNotClawedBack()).allSatisfy(id -> assertThat(expected.refunds).containsKey(id));
    });
    // The case nobody decided is overdue after 2 days and closed without penalty after 7; every other case at REVIEW
    // was decided within 2 days.
    assertThat(expected.deadlines.values()).allSatisfy(d -> assertThat(d.get(0).getCaseId()).isEqualTo(Scenario.CASE_LEFT_AT_REVIEW))
        .extracting(d -> d.get(0).getKind()).containsExactlyInAnyOrder(DeadlineKind.OVERDUE, DeadlineKind.DEFAULT_APPLIED);
    // Suspensions run out within the scenario's three months, and reversals end some early.
    assertThat(expected.lifts.values()).extracting(l -> l.get(0).getReason())
        .contains(LiftReason.SUSPENSION_ENDED, LiftReason.SCORE_RECOVERED);
    // Every hiding is back three days later: its refund is for those days, not to the retention end.
    assertThat(expected.refunds.values()).map(r -> r.get(0)).filteredOn(r -> r.getCause() == ViolationKind.EARLY_HIDING)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.getAmountMinor()).isLessThanOrEqualTo(r.getPrepaidMinor() * 3 / 60));
    assertThat(expected.lifts.values()).filteredOn(l -> l.get(0).getReason() == LiftReason.REVERSAL)
        .allSatisfy(l -> assertThat(expected.reversals).containsKey(l.get(0).getReversalId()));
    assertThat(expected.deadLetters).filteredOn(d -> d.getKind() == DeadLetterKind.UNREADABLE).isNotEmpty()
        .allSatisfy(d -> assertThat(d.getReason()).startsWith("undecodable: cannot decode OrderEvent"));
    assertThat(expected.deadLetters).filteredOn(d -> d.getReason().startsWith("unknown-kind: order event kind unknown to this reader"))
        .isNotEmpty();
    // Causes about creators or orders the order system never mentioned penalise no one: each is one dead letter.
    assertThat(expected.unknownPartyCauses()).as("causes dead-lettered for an unknown party, by id -> reason code")
        .isEqualTo(scenario.expectedUnknownPartyCauses);
    // A video that came down after a case terminated its order costs nothing more: set aside, one dead letter each.
    assertThat(expected.deadLetters).filteredOn(d -> d.getReason().startsWith("order-terminated: "))
        .hasSize(scenario.expectedSetAsideAfterTermination.size());
    assertThat(scenario.expectedSetAsideAfterTermination).isNotEmpty();
    assertThat(expected.deadLetters).as("no refund left undecided, no input late")
        .noneMatch(d -> d.getReason().contains("no refund decided") || d.getKind() == DeadLetterKind.LATE);

    // The failing run failed as planned, and a read-committed reader cannot tell.
    for (Injection i : injections) {
      assertThat(FailureInjector.failuresSoFar(failingPrefix + i.where())).as("failures injected at " + i.where()).isEqualTo(i.maxFailures());
    }
    for (Comparison c : List.of(penalties, terminations, refunds, reversals, lifts, deadlines, alerts)) {
      assertThat(c.duplicates).as("duplicates: " + c).isZero();
      assertThat(c.missing).as("missing: " + c).isZero();
      assertThat(c.unexpected).as("unexpected: " + c).isZero();
      assertThat(c.differentContent).as("same id, different record: " + c).isZero();
    }
    assertThat(actual.finalScores()).as("final scores").isEqualTo(expected.finalScores()).hasSizeGreaterThan(20);
    assertThat(actual.deadLetterKeys()).as("dead letters").isEqualTo(expected.deadLetterKeys());
  }

  private static void produce(KafkaBroker kafka, String prefix, Scenario s) {
    kafka.createTopics(prefix, TOPICS);
    List<OrderEvent> orders = new ArrayList<>(s.orders);
    // One order event of a kind this job does not know, in event-time order among the others.
    OrderEvent middle = orders.get(orders.size() / 2);
    orders.add(orders.size() / 2 + 1, OrderEvent.newBuilder(middle).setEventId("from-the-future").setKind(OrderEventKind.UNKNOWN).build());
    kafka.produce(prefix + Topics.ORDERS.name(), Topics.ORDERS.codec(), orders, OrderEvent::getOrderId);
    kafka.produceRaw(List.of(new ProducerRecord<>(prefix + Topics.ORDERS.name(), "order-x".getBytes(StandardCharsets.UTF_8),
        "not avro".getBytes(StandardCharsets.UTF_8))));
    kafka.produce(prefix + Topics.RETENTION_VIOLATIONS.name(), Topics.RETENTION_VIOLATIONS.codec(), s.violations, RetentionViolation::getOrderId);
    kafka.produce(prefix + Topics.FLAGGED_CASES.name(), Topics.FLAGGED_CASES.codec(), s.cases, FlaggedCase::getOrderId);
    kafka.produce(prefix + Topics.REVIEW_DECISIONS.name(), Topics.REVIEW_DECISIONS.codec(), s.decisions, ReviewDecision::getCaseId);
    kafka.produce(prefix + Topics.CONTENT_FINDINGS.name(), Topics.CONTENT_FINDINGS.codec(), s.findings, ContentFinding::getCreatorId);
    // Both runs must read the same input: a lost batch would make them differ for reasons of the test, not the job.
    assertThat(kafka.readCommittedRaw(prefix + Topics.ORDERS.name())).hasSizeGreaterThanOrEqualTo(orders.size() + 1);
    assertThat(kafka.readCommittedRaw(prefix + Topics.RETENTION_VIOLATIONS.name())).hasSizeGreaterThanOrEqualTo(s.violations.size());
    assertThat(kafka.readCommittedRaw(prefix + Topics.FLAGGED_CASES.name())).hasSizeGreaterThanOrEqualTo(s.cases.size());
    assertThat(kafka.readCommittedRaw(prefix + Topics.REVIEW_DECISIONS.name())).hasSizeGreaterThanOrEqualTo(s.decisions.size());
    assertThat(kafka.readCommittedRaw(prefix + Topics.CONTENT_FINDINGS.name())).hasSizeGreaterThanOrEqualTo(s.findings.size());
  }

  /** The job as deployed, with a throttle and failure injectors spliced in before and after the ledger. */
  private static void run(String prefix, Path checkpointDir, List<Injection> injections, boolean fail) throws Exception {
    // No partition is ever idle in a bounded replay: a long idleness keeps slow-starting readers from being overtaken.
    // Points recover (a point a month), so that lifts out of the warning band are among the outputs compared.
    Settings settings = TestClusters.jobSettings(EnforcementOptions.KNOBS, prefix, Map.of("source.idleness", "1h",
        "policy.recovery-points", "1", "policy.recovery-period", "30d"));
    StreamExecutionEnvironment env = TestClusters.environment(checkpointDir, CHECKPOINT_INTERVAL);
    Map<String, FailureInjector<?>> injectors = new HashMap<>();
    for (Injection i : injections) {
      injectors.put(i.where(), new FailureInjector<>(prefix + i.where(), fail ? i.maxFailures() : 0, i.recordsAfterCheckpoint()));
    }

    EnforcementJob.Inputs in = EnforcementJob.readInputs(env, settings);
    DataStream<OrderEvent> orders = in.orders()
        .map(new Throttle<OrderEvent>(fail ? MILLIS_PER_ORDER_EVENT : 0)).returns(OrderEvent.class).uid("throttle").name("throttle")
        .map(injector(injectors, "orders-in", OrderEvent.class)).returns(OrderEvent.class).uid("fail-orders-in").name("fail-orders-in");
    EnforcementJob.Outputs out = EnforcementJob.buildTopology(
        new EnforcementJob.Inputs(in.violations(), in.cases(), in.decisions(), in.findings(), orders, in.deadLetters()), settings);
    EnforcementJob.writeOutputs(new EnforcementJob.Outputs(
        out.penalties().map(injector(injectors, "penalties-out", Penalty.class)).returns(Penalty.class)
            .uid("fail-penalties-out").name("fail-penalties-out"),
        out.terminations().map(injector(injectors, "terminations-out", OrderTermination.class)).returns(OrderTermination.class)
            .uid("fail-terminations-out").name("fail-terminations-out"),
        out.refunds().map(injector(injectors, "refunds-out", Refund.class)).returns(Refund.class)
            .uid("fail-refunds-out").name("fail-refunds-out"),
        out.reversals().map(injector(injectors, "reversals-out", PenaltyReversal.class)).returns(PenaltyReversal.class)
            .uid("fail-reversals-out").name("fail-reversals-out"),
        out.lifts().map(injector(injectors, "lifts-out", SanctionLifted.class)).returns(SanctionLifted.class)
            .uid("fail-lifts-out").name("fail-lifts-out"),
        out.deadlines(), out.agencyAlerts(), out.deadLetters()), settings);
    env.execute("enforcement " + prefix);
  }

  @SuppressWarnings("unchecked")
  private static <T> FailureInjector<T> injector(Map<String, FailureInjector<?>> injectors, String where, Class<T> type) {
    return (FailureInjector<T>) injectors.get(where);
  }

  /** A pass-through that takes its time. */
  static final class Throttle<T> implements MapFunction<T, T> {
    private final long millis;

    Throttle(long millis) {
      this.millis = millis;
    }

    @Override
    public T map(T value) throws InterruptedException {
      if (millis > 0) {
        Thread.sleep(millis);
      }
      return value;
    }
  }

  /** What a read-committed reader sees on the output topics, records grouped by id in topic order. */
  static final class Output {
    Map<String, List<Penalty>> penalties;
    Map<String, List<OrderTermination>> terminations;
    Map<String, List<Refund>> refunds;
    Map<String, List<AgencyAlert>> agencyAlerts;
    Map<String, List<PenaltyReversal>> reversals;
    Map<String, List<SanctionLifted>> lifts;
    Map<String, List<ReviewDeadline>> deadlines;
    List<Penalty> penaltiesInOrder;
    List<DeadLetter> deadLetters;
    String prefix;

    static Output read(KafkaBroker kafka, String prefix) {
      Output o = new Output();
      o.prefix = prefix;
      o.penaltiesInOrder = kafka.readCommitted(prefix + Topics.PENALTIES.name(), Topics.PENALTIES.codec());
      o.penalties = byId(o.penaltiesInOrder, Penalty::getPenaltyId);
      o.terminations = byId(kafka.readCommitted(prefix + Topics.ORDER_TERMINATIONS.name(), Topics.ORDER_TERMINATIONS.codec()),
          OrderTermination::getTerminationId);
      o.refunds = byId(kafka.readCommitted(prefix + Topics.REFUNDS.name(), Topics.REFUNDS.codec()), Refund::getRefundId);
      o.agencyAlerts = byId(kafka.readCommitted(prefix + Topics.AGENCY_ALERTS.name(), Topics.AGENCY_ALERTS.codec()),
          AgencyAlert::getAlertId);
      o.reversals = byId(kafka.readCommitted(prefix + Topics.PENALTY_REVERSALS.name(), Topics.PENALTY_REVERSALS.codec()),
          PenaltyReversal::getReversalId);
      o.lifts = byId(kafka.readCommitted(prefix + Topics.SANCTION_LIFTS.name(), Topics.SANCTION_LIFTS.codec()),
          SanctionLifted::getLiftId);
      o.deadlines = byId(kafka.readCommitted(prefix + Topics.REVIEW_DEADLINES.name(), Topics.REVIEW_DEADLINES.codec()),
          ReviewDeadline::getDeadlineId);
      o.deadLetters = kafka.readCommitted(prefix + Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.codec());
      return o;
    }

    private static <T> Map<String, List<T>> byId(List<T> records, Function<T, String> id) {
      Map<String, List<T>> out = new LinkedHashMap<>();
      records.forEach(r -> out.computeIfAbsent(id.apply(r), k -> new ArrayList<>()).add(r));
      return out;
    }

    long duplicates() {
      return List.of(penalties, terminations, refunds, reversals, lifts, deadlines, agencyAlerts).stream()
          .mapToLong(m -> m.values().stream().mapToLong(l -> l.size() - 1).sum()).sum();
    }

    /** Reasons of set-aside decisions read "CODE: decision ID: ..." (unknown-case, case-closed, appeal-out-of-window, unknown-penalty). */
    Set<String> rejectedDecisionIds() {
      return deadLetters.stream().filter(d -> d.getTopic().endsWith(Topics.REVIEW_DECISIONS.name()))
          .map(d -> {
            String reason = d.getReason();
            assertThat(reason).matches("(unknown-case|case-closed|appeal-out-of-window|unknown-penalty): decision [^:]+: .*");
            int start = reason.indexOf(": decision ") + ": decision ".length();
            return reason.substring(start, reason.indexOf(':', start));
          }).collect(Collectors.toSet());
    }

    /**
     * Causes the ledger dead-lettered because their creator or order never appeared, as cause id -> reason code; a
     * reason reads "unknown-creator: private-deal finding ID: ..." (or "retention violation ID (KIND)", "fake-traffic case ID").
     */
    Map<String, String> unknownPartyCauses() {
      Map<String, String> causes = new TreeMap<>();
      java.util.regex.Pattern reason = java.util.regex.Pattern.compile(
          "(unknown-creator|unknown-order): (?:private-deal finding|retention violation|fake-traffic case) ([^ :]+)[ :].*");
      for (DeadLetter d : deadLetters) {
        var m = reason.matcher(d.getReason());
        if (m.matches()) {
          assertThat(causes.put(m.group(2), m.group(1))).as("one dead letter per cause: " + m.group(2)).isNull();
        }
      }
      return causes;
    }

    /** Each creator's score after its last penalty; penalties of a creator share a partition, in the order decided. */
    Map<String, Integer> finalScores() {
      Map<String, Integer> scores = new TreeMap<>();
      penaltiesInOrder.forEach(p -> scores.put(p.getCreatorId(), p.getScoreAfter()));
      return scores;
    }

    /**
     * Dead letters without the topic prefix, as a set of (topic, kind, reason): a dead letter has no id, and the test
     * producer may, at worst, write an input batch twice (which the job absorbs) and so shift offsets.
     */
    Set<String> deadLetterKeys() {
      return deadLetters.stream()
          .map(d -> d.getTopic().substring(prefix.length()) + " " + d.getKind() + " " + d.getReason().replace(prefix, ""))
          .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
  }

  /** Ids of one output in the failing run against the failure-free run. */
  record Comparison(String what, int expectedIds, long duplicates, long missing, long unexpected, long differentContent) {

    static <T> Comparison of(Map<String, List<T>> expected, Map<String, List<T>> actual) {
      String what = expected.isEmpty() ? "?" : expected.values().iterator().next().get(0).getClass().getSimpleName();
      long duplicates = actual.values().stream().mapToLong(l -> l.size() - 1).sum();
      Set<String> missing = new HashSet<>(expected.keySet());
      missing.removeAll(actual.keySet());
      Set<String> unexpected = new HashSet<>(actual.keySet());
      unexpected.removeAll(expected.keySet());
      long different = expected.keySet().stream().filter(actual::containsKey)
          .filter(id -> !expected.get(id).get(0).equals(actual.get(id).get(0))).count();
      return new Comparison(what, expected.size(), duplicates, missing.size(), unexpected.size(), different);
    }

    @Override
    public String toString() {
      return String.format("%s: %d ids expected, %d duplicates, %d missing, %d unexpected, %d with different content",
          what, expectedIds, duplicates, missing, unexpected, differentContent);
    }
  }
}
