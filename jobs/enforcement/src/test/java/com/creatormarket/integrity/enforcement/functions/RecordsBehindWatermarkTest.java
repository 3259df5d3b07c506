package com.creatormarket.integrity.enforcement.functions;

import static com.creatormarket.integrity.enforcement.Fixtures.at;
import static com.creatormarket.integrity.enforcement.Fixtures.cancelled;
import static com.creatormarket.integrity.enforcement.Fixtures.completed;
import static com.creatormarket.integrity.enforcement.Fixtures.created;
import static com.creatormarket.integrity.enforcement.Fixtures.decision;
import static com.creatormarket.integrity.enforcement.Fixtures.flagged;
import static com.creatormarket.integrity.enforcement.Fixtures.privateDeal;
import static com.creatormarket.integrity.enforcement.Fixtures.published;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderTermination;
import com.creatormarket.integrity.avro.Penalty;
import com.creatormarket.integrity.avro.Refund;
import com.creatormarket.integrity.avro.RefundBasis;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.RetentionOutcome;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.enforcement.Fixtures;
import com.creatormarket.integrity.enforcement.model.CaseInput;
import com.creatormarket.integrity.enforcement.model.ConfirmedViolation;
import com.creatormarket.integrity.enforcement.model.LedgerInput;
import com.creatormarket.integrity.enforcement.model.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Records behind the watermark (a slow topic, the retention job an hour behind, a case delivered
 * after a broker outage) are facts about money: the case review and the credit ledger, chained as in
 * the job, take them at the next watermark as of their own event time, and the penalties,
 * terminations and refunds are those of a run in which they came on time.
 */
class RecordsBehindWatermarkTest {

  private static final String C1 = "creator-1";
  private static final String C2 = "creator-2";
  private static final String C3 = "creator-3";
  private static final String AGENCY = "agency-1";
  private static final Duration DAY10 = ofDays(10);

  /** Case review feeding the credit ledger, as {@code buildTopology} wires them; retention violations and findings as their cause functions make them. */
  private static final class Pipeline implements AutoCloseable {
    final KeyedOneInputStreamOperatorTestHarness<String, CaseInput, ConfirmedViolation> review;
    final KeyedOneInputStreamOperatorTestHarness<String, LedgerInput, Penalty> ledger;
    final List<Penalty> penalties = new ArrayList<>();
    final List<OrderTermination> terminations = new ArrayList<>();
    final List<Refund> refunds = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();

    Pipeline() throws Exception {
      // A repeat offence costs 1 extra point here, not the default 2: no creator's score reaches 0 (access ended keeps
      // its standing for good, and each run checks that all state goes).
      Policy policy = Policy.from(Fixtures.settings(Map.of("policy.repeat-extra-points", "1")));
      review = Harnesses.keyed(new CaseReview("enforcement", "review-decisions", policy), CaseInput::caseId);
      ledger = Harnesses.keyed(new CreditLedger("enforcement", "retention-violations", "flagged-cases", "content-findings", "review-decisions", policy),
          LedgerInput::creatorId);
    }

    void send(Object record) throws Exception {
      if (record instanceof OrderEvent e) {
        ledger.processElement(LedgerInput.of(e), e.getEventTime().toEpochMilli());
      } else if (record instanceof FlaggedCase c) {
        review.processElement(CaseInput.of(c), c.getLastEventTime().toEpochMilli());
      } else if (record instanceof ReviewDecision d) {
        review.processElement(CaseInput.of(d), d.getDecidedAt().toEpochMilli());
      } else if (record instanceof RetentionViolation v) {
        ConfirmedViolation cause = RetentionCause.toViolation(v);
        ledger.processElement(LedgerInput.of(cause), cause.eventTime);
      } else if (record instanceof ContentFinding f) {
        ConfirmedViolation cause = new PrivateDealCause().map(f);
        ledger.processElement(LedgerInput.of(cause), cause.eventTime);
      } else {
        throw new IllegalArgumentException(String.valueOf(record));
      }
    }

    /** The watermark reaches both stages; what the review decides reaches the ledger before the watermark does. */
    void watermark(long time) throws Exception {
      review.processWatermark(time);
      for (ConfirmedViolation v : Harnesses.drain(review)) {
        ledger.processElement(LedgerInput.of(v), v.eventTime);
      }
      deadLetters.addAll(Harnesses.deadLetters(review));
      ledger.processWatermark(time);
      penalties.addAll(Harnesses.drain(ledger));
      terminations.addAll(Harnesses.drain(ledger, CreditLedger.TERMINATIONS));
      refunds.addAll(Harnesses.drain(ledger, CreditLedger.REFUNDS));
      deadLetters.addAll(Harnesses.deadLetters(ledger));
    }

    void assertStateAndTimersGoneAtEndOfTime() throws Exception {
      watermark(Long.MAX_VALUE);
      assertThat(review.numKeyedStateEntries()).as("case review state").isZero();
      assertThat(review.numEventTimeTimers()).as("case review timers").isZero();
      assertThat(ledger.numKeyedStateEntries()).as("ledger state").isZero();
      assertThat(ledger.numEventTimeTimers()).as("ledger timers").isZero();
    }

    @Override
    public void close() throws Exception {
      review.close();
      ledger.close();
    }
  }

  private final List<Pipeline> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (Pipeline p : opened) {
      p.close();
    }
  }

  private Pipeline open() throws Exception {
    Pipeline p = new Pipeline();
    opened.add(p);
    return p;
  }

  private static long ms(Duration sinceT0) {
    return at(sinceT0).toEpochMilli();
  }

  private static Instant eventTime(Object record) {
    if (record instanceof OrderEvent e) {
      return e.getEventTime();
    } else if (record instanceof FlaggedCase c) {
      return c.getLastEventTime();
    } else if (record instanceof ReviewDecision d) {
      return d.getDecidedAt();
    } else if (record instanceof RetentionViolation v) {
      return v.getDecidedAt();
    }
    return ((ContentFinding) record).getFoundAt();
  }

  private static String id(Object record) {
    if (record instanceof OrderEvent e) {
      return e.getEventId();
    } else if (record instanceof FlaggedCase c) {
      return c.getCaseVersionId();
    } else if (record instanceof ReviewDecision d) {
      return d.getDecisionId();
    } else if (record instanceof RetentionViolation v) {
      return v.getViolationId();
    }
    return ((ContentFinding) record).getFindingId();
  }

  /**
   * Plays {@code records}: those not in {@code late} in event-time order, the watermark following each
   * (30 s behind, as the sources' bounded out-of-orderness); then, once the watermark stands at
   * {@code lateAt}, the late ones, in the order given; then the end of time.
   */
  private static void play(Pipeline p, List<Object> records, List<String> late, Duration lateAt) throws Exception {
    List<Object> onTime = new ArrayList<>(records.stream().filter(r -> !late.contains(id(r))).toList());
    onTime.sort(Comparator.comparing(RecordsBehindWatermarkTest::eventTime).thenComparing(RecordsBehindWatermarkTest::id));
    for (Object r : onTime) {
      p.send(r);
      p.watermark(eventTime(r).toEpochMilli() - 30_000);
    }
    p.watermark(ms(lateAt));
    for (String id : late) {
      Object r = records.stream().filter(x -> id(x).equals(id)).findFirst().orElseThrow();
      assertThat(eventTime(r)).as(id + " is behind the watermark by more than the old 5 min allowed lateness")
          .isBefore(at(lateAt).minus(ofMinutes(5)));
      p.send(r);
    }
    p.watermark(ms(lateAt) + 1);
    p.watermark(ms(ofDays(20)));
  }

  /** Creator 1's orders: order-1 flagged; order-2 completed, order-4 cancelled just after the case; order-3 created after it. */
  private static List<Object> creatorWithAnEnforcedCase() {
    List<Object> in = new ArrayList<>();
    for (String order : List.of("order-1", "order-2", "order-4")) {
      in.add(created(order, C1, "adv-" + order, AGENCY, order.equals("order-2") ? 20_000 : 10_000, at(ofDays(1))));
      in.add(published(order, C1, at(ofDays(2))));
    }
    in.add(completed("order-2", C1, at(DAY10.plusMinutes(30))));
    in.add(cancelled("order-4", C1, at(DAY10.plusMinutes(20))));
    in.add(created("order-3", C1, "adv-order-3", AGENCY, 5_000, at(DAY10.plusHours(1))));
    in.add(flagged("case-1", 1, ResponseLevel.ENFORCE, "order-1", C1, AGENCY, at(DAY10)));
    return in;
  }

  @Test
  void anEnforceCaseBehindTheLedgersWatermarkIsEnforcedAsOnTime() throws Exception {
    Pipeline onTime = open();
    play(onTime, creatorWithAnEnforcedCase(), List.of(), DAY10.plusHours(2));
    Pipeline late = open();
    // Delivered 2 h behind the watermark (a broker outage, a restart): the ledger has since taken a completion,
    // a cancellation and a new order of the creator.
    play(late, creatorWithAnEnforcedCase(), List.of("case-1/v1"), DAY10.plusHours(2));

    for (Pipeline p : List.of(onTime, late)) {
      assertThat(p.deadLetters).as("nothing set aside").isEmpty();
      assertThat(p.penalties).singleElement().satisfies(penalty -> {
        assertThat(penalty.getPenaltyId()).isEqualTo(StableIds.of("penalty", "case-1", C1));
        assertThat(penalty.getCause()).isEqualTo(ViolationKind.FAKE_TRAFFIC);
        assertThat(penalty.getPointsDeducted()).isEqualTo(6);
        assertThat(penalty.getEventTime()).isEqualTo(at(DAY10));
        assertThat(penalty.getSuspendedUntil()).isEqualTo(at(DAY10.plusDays(30)));
      });
      // In progress at the case's time: order-1, order-2 (completed 30 min later), order-4 (cancelled 20 min later);
      // not order-3, created an hour after the case.
      assertThat(p.terminations).extracting(OrderTermination::getTerminationId, OrderTermination::getStatusBefore)
          .containsExactly(
              tuple(StableIds.of("termination", "order-1", "case-1"), "IN_PROGRESS"),
              tuple(StableIds.of("termination", "order-2", "case-1"), "IN_PROGRESS"),
              tuple(StableIds.of("termination", "order-4", "case-1"), "IN_PROGRESS"));
      assertThat(p.refunds).extracting(Refund::getRefundId, Refund::getAmountMinor, Refund::getBasis).containsExactly(
          tuple(StableIds.of("refund", "order-1", "case-1"), 10_000L, RefundBasis.FULL),
          tuple(StableIds.of("refund", "order-2", "case-1"), 20_000L, RefundBasis.FULL),
          tuple(StableIds.of("refund", "order-4", "case-1"), 10_000L, RefundBasis.FULL));
    }
    assertThat(late.penalties).isEqualTo(onTime.penalties);
    assertThat(late.terminations).isEqualTo(onTime.terminations);
    assertThat(late.refunds).isEqualTo(onTime.refunds);
    onTime.assertStateAndTimersGoneAtEndOfTime();
    late.assertStateAndTimersGoneAtEndOfTime();
  }

  /** Creator 2: a case under review confirmed; an early deletion of another order, decided by the retention job. */
  private static List<Object> creatorWithAConfirmedCaseAndADeletion() {
    List<Object> in = new ArrayList<>();
    in.add(created("order-6", C2, "adv-order-6", AGENCY, 30_000, at(ofDays(1))));
    in.add(published("order-6", C2, at(ofDays(2))));
    in.add(created("order-7", C2, "adv-order-7", AGENCY, 8_000, at(ofDays(1))));
    in.add(published("order-7", C2, at(ofDays(2))));
    in.add(completed("order-7", C2, at(ofDays(5))));
    in.add(created("order-9", C2, "adv-order-9", AGENCY, 4_000, at(DAY10.plusHours(4))));
    in.add(flagged("case-2", 1, ResponseLevel.REVIEW, "order-6", C2, AGENCY, at(ofDays(9))));
    in.add(decision("d-2", "case-2", ReviewOutcome.CONFIRM, at(DAY10.plusHours(3))));
    // Published on 3 March with 60 days (retention ends 2 May), deleted on 11 March at 01:00, decided an hour later:
    // 52 natural days missing, 8_000 x 52 / 60 = 6_933.
    in.add(RetentionViolation.newBuilder(Fixtures.violation("rv-7", RetentionOutcome.EARLY_DELETION, "order-7", C2, AGENCY,
        at(ofDays(2)), at(DAY10.plusHours(1)))).setDecidedAt(at(DAY10.plusHours(2))).build());
    return in;
  }

  @Test
  void aRetentionViolationAnHourBehindAndALateConfirmationAreEnforced() throws Exception {
    Pipeline onTime = open();
    play(onTime, creatorWithAConfirmedCaseAndADeletion(), List.of(), DAY10.plusHours(5));
    Pipeline late = open();
    // The retention job emits an hour (and more) behind; the reviewer's CONFIRM comes 2 h late.
    play(late, creatorWithAConfirmedCaseAndADeletion(), List.of("rv-7", "d-2"), DAY10.plusHours(5));

    for (Pipeline p : List.of(onTime, late)) {
      assertThat(p.deadLetters).isEmpty();
      assertThat(p.penalties).extracting(Penalty::getPenaltyId, Penalty::getPointsDeducted, Penalty::getEventTime)
          .containsExactlyInAnyOrder(
              tuple(StableIds.of("penalty", "rv-7", C2), 4, at(DAY10.plusHours(2))),
              // A repeat offence: 6 and 1 more.
              tuple(StableIds.of("penalty", "case-2", C2), 7, at(DAY10.plusHours(3))));
      // The confirmed case ends order-6 (in progress), not order-7 (completed) nor order-9 (created after it).
      assertThat(p.terminations).extracting(OrderTermination::getTerminationId)
          .containsExactly(StableIds.of("termination", "order-6", "case-2"));
      assertThat(p.refunds).extracting(Refund::getRefundId, Refund::getAmountMinor, Refund::getBasis).containsExactlyInAnyOrder(
          tuple(StableIds.of("refund", "order-7", "rv-7"), 6_933L, RefundBasis.PRO_RATA),
          tuple(StableIds.of("refund", "order-6", "case-2"), 30_000L, RefundBasis.FULL));
    }
    // Taken in the same order here (the deletion before the confirmation in event time, and late together): identical.
    assertThat(late.penalties).isEqualTo(onTime.penalties);
    late.assertStateAndTimersGoneAtEndOfTime();
    onTime.assertStateAndTimersGoneAtEndOfTime();
  }

  /** Creator 3: a private deal found 2 h before the creator's first order event. */
  private static List<Object> creatorFoundBeforeFirstOrder() {
    List<Object> in = new ArrayList<>();
    in.add(privateDeal("f-3", C3, at(DAY10)));
    in.add(created("order-8", C3, "adv-order-8", null, 6_000, at(DAY10.plusHours(2))));
    return in;
  }

  private static List<Object> everything() {
    List<Object> in = new ArrayList<>(creatorWithAnEnforcedCase());
    in.addAll(creatorWithAConfirmedCaseAndADeletion());
    in.addAll(creatorFoundBeforeFirstOrder());
    in.add(privateDeal("f-1", C1, at(DAY10.plusHours(3))));
    return in;
  }

  /**
   * What must not depend on arrival: penalty ids and points for kind and severity (a repeat's extra points fall on
   * whichever of two close penalties the ledger decided second), termination ids, refund ids and amounts; each
   * creator's final score.
   */
  private static Map<String, Object> moneyFacts(Pipeline p) {
    Map<String, Object> facts = new TreeMap<>();
    p.penalties.forEach(x -> facts.put("penalty " + x.getPenaltyId(), x.getCauseId() + " -"
        + (x.getPointsDeducted() - x.getRepeatExtraPoints())));
    p.terminations.forEach(x -> facts.put("termination " + x.getTerminationId(), x.getOrderId() + " " + x.getCauseId()
        + " " + x.getStatusBefore() + " paid=" + x.getCreatorPaid()));
    p.refunds.forEach(x -> facts.put("refund " + x.getRefundId(), x.getOrderId() + " " + x.getAmountMinor() + " " + x.getBasis()));
    Map<String, Integer> deducted = new TreeMap<>();
    p.penalties.forEach(x -> deducted.merge(x.getCreatorId(), x.getPointsDeducted(), Integer::sum));
    deducted.forEach((creator, points) -> facts.put("final score " + creator, 12 - points));
    return facts;
  }

  @Test
  void theSameInputInOtherArrivalOrdersGivesTheSamePenaltiesTerminationsAndRefunds() throws Exception {
    Pipeline onTime = open();
    play(onTime, everything(), List.of(), DAY10.plusHours(6));
    Map<String, Object> expected = moneyFacts(onTime);
    assertThat(expected).as("the on-time run").containsEntry("penalty " + StableIds.of("penalty", "f-3", C3), "f-3 -3")
        .containsEntry("final score " + C1, 12 - 6 - 3 - 1).containsEntry("final score " + C2, 12 - 4 - 6 - 1);
    assertThat(onTime.terminations).hasSize(4);
    assertThat(onTime.refunds).hasSize(5);
    assertThat(onTime.deadLetters).isEmpty();

    // Every cause late, in two different orders; and some late, so that the ledger decides creator 1's case after
    // its private deal of 3 h later (other scores in the penalties, the same points).
    List<List<String>> arrivals = List.of(
        List.of("case-1/v1", "rv-7", "d-2", "f-3", "f-1"),
        List.of("f-1", "f-3", "d-2", "rv-7", "case-1/v1"),
        List.of("d-2", "case-1/v1"));
    for (List<String> lateOnes : arrivals) {
      Pipeline late = open();
      play(late, everything(), lateOnes, DAY10.plusHours(6));
      assertThat(moneyFacts(late)).as("late: " + lateOnes).isEqualTo(expected);
      assertThat(late.deadLetters).as("late: " + lateOnes).isEmpty();
      // Each penalty is decided at the same event time (its cause's, or that of the order event that introduced its party).
      assertThat(late.penalties).extracting(Penalty::getPenaltyId, Penalty::getEventTime, Penalty::getAgencyId, Penalty::getEvidence)
          .containsExactlyInAnyOrderElementsOf(onTime.penalties.stream()
              .map(x -> tuple(x.getPenaltyId(), x.getEventTime(), x.getAgencyId(), x.getEvidence())).toList());
      late.assertStateAndTimersGoneAtEndOfTime();
    }
    onTime.assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void whatMayDifferIsTheScoresAPenaltyReportsAndWhichOfTwoCarriesTheRepeatsExtraNotThePointsInAll() throws Exception {
    // Creator 1: the case (6 points) on day 10 and a private deal (3) 3 h later. On time the case comes first.
    List<Object> in = new ArrayList<>(creatorWithAnEnforcedCase());
    in.add(privateDeal("f-1", C1, at(DAY10.plusHours(3))));
    Pipeline onTime = open();
    play(onTime, in, List.of(), DAY10.plusHours(6));
    Pipeline late = open();
    play(late, in, List.of("case-1/v1"), DAY10.plusHours(6));

    assertThat(onTime.penalties).extracting(Penalty::getCauseId, Penalty::getPointsDeducted, Penalty::getRepeatExtraPoints,
            Penalty::getScoreBefore, Penalty::getScoreAfter)
        .containsExactly(tuple("case-1", 6, 0, 12, 6), tuple("f-1", 4, 1, 6, 2));
    // Late, the case is decided after the finding: the same points in all and the same final score, but the scores each
    // penalty reports, and which of the two carries the repeat's extra point, follow the order the ledger decided them in.
    assertThat(late.penalties).extracting(Penalty::getCauseId, Penalty::getPointsDeducted, Penalty::getRepeatExtraPoints,
            Penalty::getScoreBefore, Penalty::getScoreAfter)
        .containsExactly(tuple("f-1", 3, 0, 12, 9), tuple("case-1", 7, 1, 9, 2));
    assertThat(moneyFacts(late)).isEqualTo(moneyFacts(onTime));
    assertThat(Set.copyOf(late.terminations)).isEqualTo(Set.copyOf(onTime.terminations));
  }
}
