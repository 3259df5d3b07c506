package com.creatormarket.integrity.enforcement.functions;

import static com.creatormarket.integrity.enforcement.Fixtures.decision;
import static com.creatormarket.integrity.enforcement.Fixtures.flagged;
import static com.creatormarket.integrity.enforcement.Fixtures.ms;
import static com.creatormarket.integrity.enforcement.functions.Harnesses.deadLetters;
import static com.creatormarket.integrity.enforcement.functions.Harnesses.drain;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.avro.DeadlineKind;
import com.creatormarket.integrity.avro.ReviewDeadline;
import com.creatormarket.integrity.avro.SignalFiring;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.enforcement.Fixtures;
import com.creatormarket.integrity.enforcement.model.CaseInput;
import com.creatormarket.integrity.enforcement.model.ConfirmedViolation;
import com.creatormarket.integrity.enforcement.model.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The review flow: enforce at once, confirm, dismiss, escalate, unknown case, second decision, decision before its case. */
class CaseReviewTest {

  private static final String CASE = "case-1";
  private static final String TOPIC = "review-decisions";

  private KeyedOneInputStreamOperatorTestHarness<String, CaseInput, ConfirmedViolation> harness;

  @BeforeEach
  void open() throws Exception {
    harness = Harnesses.keyed(new CaseReview("enforcement", TOPIC, Policy.from(Fixtures.settings(Map.of()))), CaseInput::caseId);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void version(int version, ResponseLevel level, long time) throws Exception {
    harness.processElement(CaseInput.of(flagged(CASE, version, level, "order-1", "creator-1", "agency-1",
        java.time.Instant.ofEpochMilli(time))), time);
  }

  private void decide(String id, ReviewOutcome outcome, long time) throws Exception {
    harness.processElement(CaseInput.of(decision(id, CASE, outcome, java.time.Instant.ofEpochMilli(time))), time);
  }

  private void assertStateAndTimersGoneAtEndOfTime() throws Exception {
    harness.processWatermark(Long.MAX_VALUE);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void enforceLevelActsAtOnceAndALaterVersionDoesNothingMore() throws Exception {
    long t = ms(ofHours(5));
    version(1, ResponseLevel.ENFORCE, t);
    harness.processWatermark(t);

    List<ConfirmedViolation> out = drain(harness);
    assertThat(out).singleElement().satisfies(v -> {
      assertThat(v.kind).isEqualTo(ViolationKind.FAKE_TRAFFIC);
      assertThat(v.causeId).isEqualTo(CASE);
      assertThat(v.creatorId).isEqualTo("creator-1");
      assertThat(v.orderId).isEqualTo("order-1");
      assertThat(v.agencyId).isEqualTo("agency-1");
      assertThat(v.eventTime).isEqualTo(t);
      assertThat(v.evidence).contains("device-concentration").contains("enforced automatically");
    });

    version(2, ResponseLevel.ENFORCE, t + 1000);
    harness.processWatermark(t + 1000);
    assertThat(drain(harness)).isEmpty();
    assertStateAndTimersGoneAtEndOfTime();
    assertThat(drain(harness)).isEmpty();
  }

  @Test
  void theViolationCarriesTheCasesShareOfInvalidViews() throws Exception {
    long t = ms(ofHours(5));
    var c = flagged(CASE, 1, ResponseLevel.ENFORCE, "order-1", "creator-1", "agency-1", java.time.Instant.ofEpochMilli(t));
    c.getEvidence().setInvalidViews(750); // of 1,000 views
    harness.processElement(CaseInput.of(c), t);
    harness.processWatermark(t);
    assertThat(drain(harness)).singleElement().satisfies(v -> assertThat(v.invalidShare).isEqualTo(0.75));
  }

  @Test
  void reviewLevelWaitsForAConfirmingDecision() throws Exception {
    long t = ms(ofHours(5));
    version(1, ResponseLevel.REVIEW, t);
    harness.processWatermark(t + ofDays(3).toMillis());
    assertThat(drain(harness)).isEmpty();

    long decided = t + ofDays(3).toMillis() + 1;
    decide("d-1", ReviewOutcome.CONFIRM, decided);
    harness.processWatermark(decided);

    assertThat(drain(harness)).singleElement().satisfies(v -> {
      assertThat(v.causeId).isEqualTo(CASE);
      assertThat(v.eventTime).isEqualTo(decided);
      assertThat(v.evidence).contains("confirmed by reviewer reviewer-1 (decision d-1)");
    });
    assertThat(deadLetters(harness)).isEmpty();
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void dismissClosesTheCaseWithNoConsequence() throws Exception {
    long t = ms(ofHours(5));
    version(1, ResponseLevel.REVIEW, t);
    decide("d-1", ReviewOutcome.DISMISS, t + 1000);
    // A later, stronger version of a dismissed case does nothing either.
    version(2, ResponseLevel.ENFORCE, t + 2000);
    harness.processWatermark(t + 2000);

    assertThat(drain(harness)).isEmpty();
    assertThat(deadLetters(harness)).isEmpty();
    assertStateAndTimersGoneAtEndOfTime();
    assertThat(drain(harness)).isEmpty();
  }

  @Test
  void escalateKeepsTheCaseOpenForALaterDecision() throws Exception {
    long t = ms(ofHours(5));
    version(1, ResponseLevel.REVIEW, t);
    decide("d-1", ReviewOutcome.ESCALATE, t + 1000);
    harness.processWatermark(t + 1000);
    assertThat(drain(harness)).isEmpty();

    decide("d-2", ReviewOutcome.CONFIRM, t + 2000);
    harness.processWatermark(t + 2000);

    assertThat(drain(harness)).singleElement().satisfies(v -> assertThat(v.evidence).contains("decision d-2"));
    assertThat(deadLetters(harness)).isEmpty();
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void aSecondDecisionForAClosedCaseChangesNothingAndIsDeadLettered() throws Exception {
    long t = ms(ofHours(5));
    version(1, ResponseLevel.REVIEW, t);
    decide("d-1", ReviewOutcome.CONFIRM, t + 1000);
    decide("d-2", ReviewOutcome.CONFIRM, t + 2000);
    decide("d-3", ReviewOutcome.ESCALATE, t + 3000);
    harness.processWatermark(t + 3000);

    assertThat(drain(harness)).hasSize(1);
    List<DeadLetter> rejected = deadLetters(harness);
    assertThat(rejected).hasSize(2).allSatisfy(d -> {
      assertThat(d.getKind()).isEqualTo(DeadLetterKind.INVALID);
      assertThat(d.getTopic()).isEqualTo(TOPIC);
      assertThat(d.getValue()).isNotNull();
      assertThat(d.getReason()).contains("already closed (confirmed by decision d-1)");
    });
    assertThat(rejected.get(0).getReason()).startsWith("case-closed: decision d-2: ");
    assertThat(rejected.get(1).getReason()).startsWith("case-closed: decision d-3: ");
    assertThat(drain(harness, CaseReview.REVERSALS)).isEmpty();
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void aDismissalAfterTheCaseWasEnforcedReversesItsPenaltyOnceAndClosesTheCase() throws Exception {
    long t = ms(ofHours(5));
    version(1, ResponseLevel.REVIEW, t);
    decide("d-1", ReviewOutcome.CONFIRM, t + 1000);
    decide("d-2", ReviewOutcome.DISMISS, t + 2000);
    harness.processWatermark(t + 2000);

    assertThat(drain(harness)).hasSize(1);
    assertThat(drain(harness, CaseReview.REVERSALS)).singleElement().satisfies(r -> {
      assertThat(r.penaltyId).isEqualTo(StableIds.of("penalty", CASE, "creator-1"));
      assertThat(r.creatorId).isEqualTo("creator-1");
      assertThat(r.decision.getDecisionId()).isEqualTo("d-2");
      assertThat(r.eventTime).isEqualTo(t + 2000);
      assertThat(r.reverses()).isTrue();
    });
    assertThat(deadLetters(harness)).isEmpty();

    // The same dismissal again is the same fact; a confirmation or a second dismissal after it changes nothing.
    decide("d-2", ReviewOutcome.DISMISS, t + 2000);
    decide("d-3", ReviewOutcome.CONFIRM, t + 3000);
    decide("d-4", ReviewOutcome.DISMISS, t + 4000);
    version(2, ResponseLevel.ENFORCE, t + 5000);
    harness.processWatermark(t + 5000);
    assertThat(drain(harness)).isEmpty();
    assertThat(drain(harness, CaseReview.REVERSALS)).isEmpty();
    assertThat(deadLetters(harness)).extracting(DeadLetter::getReason).satisfiesExactly(
        r -> assertThat(r).startsWith("case-closed: decision d-3: ").contains("enforced, then dismissed by decision d-2"),
        r -> assertThat(r).startsWith("case-closed: decision d-4: "));
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void theSameDecisionDeliveredAgainIsTheSameFactNotASecondDecision() throws Exception {
    long t = ms(ofHours(5));
    decide("d-0", ReviewOutcome.CONFIRM, t - 1000);
    decide("d-0", ReviewOutcome.CONFIRM, t - 1000);
    version(1, ResponseLevel.REVIEW, t);
    decide("d-0", ReviewOutcome.CONFIRM, t + 1000);
    harness.processWatermark(t + ofDays(2).toMillis());

    assertThat(drain(harness)).hasSize(1);
    assertThat(deadLetters(harness)).isEmpty();
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void aConfirmationAfterAutomaticEnforcementIsDeadLetteredADismissalReversesIt() throws Exception {
    long t = ms(ofHours(5));
    version(1, ResponseLevel.ENFORCE, t);
    decide("d-1", ReviewOutcome.CONFIRM, t + 1000);
    decide("d-2", ReviewOutcome.DISMISS, t + 2000);
    harness.processWatermark(t + 2000);

    assertThat(drain(harness)).hasSize(1);
    assertThat(deadLetters(harness)).singleElement().satisfies(d -> {
      assertThat(d.getReason()).startsWith("case-closed: decision d-1: ");
      assertThat(d.getReason()).contains("enforced automatically at level ENFORCE");
    });
    assertThat(drain(harness, CaseReview.REVERSALS)).singleElement()
        .satisfies(r -> assertThat(r.decision.getDecisionId()).isEqualTo("d-2"));
  }

  @Test
  void aDismissalDecidedBeforeTheEnforcementDoesNotReverseItWhenItArrivesAfter() throws Exception {
    long t = ms(ofHours(5));
    // Decided before any version existed; the case then comes at ENFORCE: the reviewer never saw that evidence.
    decide("d-early", ReviewOutcome.DISMISS, t - 1000);
    version(1, ResponseLevel.ENFORCE, t);
    harness.processWatermark(t);

    assertThat(drain(harness)).hasSize(1);
    assertThat(drain(harness, CaseReview.REVERSALS)).isEmpty();
    assertThat(deadLetters(harness)).singleElement()
        .satisfies(d -> assertThat(d.getReason()).startsWith("case-closed: decision d-early: "));
  }

  @Test
  void anEnforcementFromBeforeADismissalTakenBehindTheWatermarkIsEnforcedThenReversedByIt() throws Exception {
    long t = ms(ofHours(5));
    version(1, ResponseLevel.REVIEW, t);
    decide("d-1", ReviewOutcome.DISMISS, t + 60_000);
    harness.processWatermark(t + 60_000);
    assertThat(drain(harness)).isEmpty();

    // In event-time order: ENFORCE at t + 30 s enforced the case, then the dismissal at t + 60 s reversed it.
    version(2, ResponseLevel.ENFORCE, t + 30_000);
    harness.processWatermark(t + 120_000);
    assertThat(drain(harness)).singleElement().satisfies(v -> assertThat(v.eventTime).isEqualTo(t + 30_000));
    assertThat(drain(harness, CaseReview.REVERSALS)).singleElement().satisfies(r -> {
      assertThat(r.decision.getDecisionId()).isEqualTo("d-1");
      assertThat(r.eventTime).isEqualTo(t + 60_000);
    });
    // Nothing from before the dismissal enforces the reversed case again.
    version(3, ResponseLevel.ENFORCE, t + 40_000);
    decide("d-0", ReviewOutcome.CONFIRM, t + 50_000);
    harness.processWatermark(t + 180_000);
    assertThat(drain(harness)).isEmpty();
    assertThat(drain(harness, CaseReview.REVERSALS)).isEmpty();
  }

  @Test
  void aDecisionForAnUnknownCaseWaitsThenGoesToDeadLetters() throws Exception {
    long decided = ms(ofHours(5));
    decide("d-1", ReviewOutcome.CONFIRM, decided);
    harness.processWatermark(decided + ofDays(1).toMillis() - 1);
    assertThat(deadLetters(harness)).isEmpty();

    harness.processWatermark(decided + ofDays(1).toMillis());

    assertThat(drain(harness)).isEmpty();
    assertThat(deadLetters(harness)).singleElement().satisfies(d -> {
      assertThat(d.getKind()).isEqualTo(DeadLetterKind.INVALID);
      assertThat(d.getReason()).startsWith("unknown-case: decision d-1: ").contains("unknown case case-1").contains("review.decision-wait");
      assertThat(d.getEventTime()).isEqualTo(java.time.Instant.ofEpochMilli(decided));
    });
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void aDecisionThatComesBeforeItsCaseIsAppliedWhenTheCaseArrives() throws Exception {
    long decided = ms(ofHours(5));
    long caseTime = decided + ofMinutes(30).toMillis();
    // The decision is read first and is earlier in event time.
    decide("d-1", ReviewOutcome.CONFIRM, decided);
    harness.processWatermark(decided + 1);
    assertThat(drain(harness)).isEmpty();

    version(1, ResponseLevel.REVIEW, caseTime);
    harness.processWatermark(caseTime);

    assertThat(drain(harness)).singleElement().satisfies(v -> {
      assertThat(v.eventTime).isEqualTo(caseTime);
      assertThat(v.evidence).contains("decision d-1");
    });
    harness.processWatermark(decided + ofDays(2).toMillis());
    assertThat(deadLetters(harness)).isEmpty();
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void theOutcomeDependsOnEventTimeNotOnTheOrderRecordsWereRead() throws Exception {
    long t = ms(ofHours(5));
    List<List<String>> runs = new ArrayList<>();
    for (boolean decisionsFirst : new boolean[] {true, false}) {
      harness.close();
      open();
      if (decisionsFirst) {
        decide("d-2", ReviewOutcome.CONFIRM, t + 2000);
        decide("d-1", ReviewOutcome.ESCALATE, t + 1000);
        version(1, ResponseLevel.REVIEW, t);
      } else {
        version(1, ResponseLevel.REVIEW, t);
        decide("d-1", ReviewOutcome.ESCALATE, t + 1000);
        decide("d-2", ReviewOutcome.CONFIRM, t + 2000);
      }
      harness.processWatermark(t + 2000);
      runs.add(drain(harness).stream().map(v -> v.causeId + "@" + v.eventTime + " " + v.evidence).toList());
    }
    assertThat(runs.get(0)).hasSize(1).isEqualTo(runs.get(1));
  }

  @Test
  void anOpenCaseNotWaitingForReviewIsForgottenUnreviewedAfterTheCaseRetention() throws Exception {
    long t = ms(ofHours(5));
    // Recorded only: no reviewer is asked, so no review deadline applies (a REVIEW case: see the deadline tests).
    version(1, ResponseLevel.RECORD_ONLY, t);
    harness.processWatermark(t);
    assertThat(harness.numKeyedStateEntries()).isPositive();

    harness.processWatermark(t + ofDays(180).toMillis());

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    // A decision after that finds no case.
    decide("d-1", ReviewOutcome.CONFIRM, t + ofDays(181).toMillis());
    harness.processWatermark(t + ofDays(183).toMillis());
    assertThat(drain(harness)).isEmpty();
    assertThat(deadLetters(harness)).singleElement().satisfies(d -> assertThat(d.getReason()).contains("unknown case"));
  }

  @Test
  void aCaseLeftAtReviewIsOverdueAfterTwoDaysAndClosedWithoutPenaltyAfterSeven() throws Exception {
    long t = ms(ofHours(5));
    version(1, ResponseLevel.RECORD_ONLY, t - 3_600_000);
    // The clock starts when the case goes to review, not at its first version.
    version(2, ResponseLevel.REVIEW, t);
    decide("d-escalate", ReviewOutcome.ESCALATE, t + ofHours(1).toMillis());
    harness.processWatermark(t + ofDays(2).toMillis() - 1);
    assertThat(drain(harness, CaseReview.DEADLINES)).isEmpty();

    harness.processWatermark(t + ofDays(2).toMillis());
    assertThat(drain(harness, CaseReview.DEADLINES)).singleElement().satisfies(d -> {
      assertThat(d.getDeadlineId()).isEqualTo(StableIds.of("review-deadline", CASE, DeadlineKind.OVERDUE, t));
      assertThat(d.getKind()).isEqualTo(DeadlineKind.OVERDUE);
      assertThat(d.getCaseId()).isEqualTo(CASE);
      assertThat(d.getOrderId()).isEqualTo("order-1");
      assertThat(d.getCreatorId()).isEqualTo("creator-1");
      assertThat(d.getLevel()).isEqualTo(ResponseLevel.REVIEW);
      assertThat(d.getReviewSince()).isEqualTo(java.time.Instant.ofEpochMilli(t));
      assertThat(d.getDeadline()).isEqualTo(java.time.Instant.ofEpochMilli(t + ofDays(2).toMillis()));
      // An escalation does not stop the clock; it is reported.
      assertThat(d.getEscalations()).isEqualTo(1);
    });

    harness.processWatermark(t + ofDays(7).toMillis());
    assertThat(drain(harness, CaseReview.DEADLINES)).singleElement().satisfies(d -> {
      assertThat(d.getKind()).isEqualTo(DeadlineKind.DEFAULT_APPLIED);
      assertThat(d.getEventTime()).isEqualTo(java.time.Instant.ofEpochMilli(t + ofDays(7).toMillis()));
    });
    assertThat(drain(harness)).as("the default: no penalty").isEmpty();
    // A decision after the default changes nothing and says why.
    decide("d-late", ReviewOutcome.CONFIRM, t + ofDays(8).toMillis());
    harness.processWatermark(t + ofDays(8).toMillis());
    assertThat(drain(harness)).isEmpty();
    assertThat(deadLetters(harness)).singleElement().satisfies(d ->
        assertThat(d.getReason()).startsWith("case-closed: decision d-late: ").contains("review.default-after"));
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void aDecisionBeforeTheDeadlineStopsTheClockAndOneAtItsInstantStillCounts() throws Exception {
    long t = ms(ofHours(5));
    version(1, ResponseLevel.REVIEW, t);
    decide("d-1", ReviewOutcome.CONFIRM, t + ofDays(2).toMillis());
    harness.processWatermark(t + ofDays(10).toMillis());

    assertThat(drain(harness)).hasSize(1);
    assertThat(drain(harness, CaseReview.DEADLINES)).isEmpty();

    // A confirmation from before the default, arriving after it (behind the watermark), enforces the case as in
    // event-time order; the DEFAULT_APPLIED record already sent stays.
    harness.processElement(CaseInput.of(flagged("case-2", 1, ResponseLevel.REVIEW, "order-2", "creator-1", null,
        java.time.Instant.ofEpochMilli(t + ofDays(10).toMillis()))), t + ofDays(10).toMillis());
    harness.processWatermark(t + ofDays(17).toMillis());
    assertThat(drain(harness, CaseReview.DEADLINES)).extracting(ReviewDeadline::getKind)
        .containsExactly(DeadlineKind.OVERDUE, DeadlineKind.DEFAULT_APPLIED);
    harness.processElement(CaseInput.of(decision("d-2", "case-2", ReviewOutcome.CONFIRM,
        java.time.Instant.ofEpochMilli(t + ofDays(17).toMillis()))), t + ofDays(17).toMillis());
    harness.processWatermark(t + ofDays(18).toMillis());
    assertThat(drain(harness)).singleElement().satisfies(v -> assertThat(v.causeId).isEqualTo("case-2"));
    assertThat(deadLetters(harness)).isEmpty();
  }

  @Test
  void aDismissedCaseWithAMateriallyStrongerVersionGoesBackToReviewAWeakerOneDoesNot() throws Exception {
    long t = ms(ofHours(5));
    harness.processElement(CaseInput.of(withSignals(1, ResponseLevel.REVIEW, t, "device-sharing")), t);
    decide("d-1", ReviewOutcome.DISMISS, t + 1000);
    // Same level, the same signal: the dismissal stands.
    harness.processElement(CaseInput.of(withSignals(2, ResponseLevel.REVIEW, t + 2000, "device-sharing")), t + 2000);
    harness.processWatermark(t + 2000);
    assertThat(drain(harness)).isEmpty();

    // A signal family that had not fired: back to review; at ENFORCE it still waits for a reviewer.
    harness.processElement(CaseInput.of(withSignals(3, ResponseLevel.ENFORCE, t + 3000, "device-sharing", "lockstep")), t + 3000);
    harness.processWatermark(t + 3000);
    assertThat(drain(harness)).as("a re-opened case is not enforced automatically").isEmpty();
    // The old dismissal delivered again is the same fact; a reviewer's confirmation now enforces the case.
    decide("d-1", ReviewOutcome.DISMISS, t + 1000);
    decide("d-2", ReviewOutcome.CONFIRM, t + 4000);
    harness.processWatermark(t + 4000);
    assertThat(drain(harness)).singleElement().satisfies(v -> assertThat(v.evidence).contains("d-2"));
    assertThat(deadLetters(harness)).isEmpty();
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void aConfirmationFromBeforeTheDismissalAReopenedCaseCameFromEnforcesItThenTheDismissalReversesIt() throws Exception {
    long t = ms(ofHours(5));
    harness.processElement(CaseInput.of(withSignals(1, ResponseLevel.REVIEW, t, "device-sharing")), t);
    decide("d-1", ReviewOutcome.DISMISS, t + ofHours(2).toMillis());
    harness.processElement(CaseInput.of(withSignals(2, ResponseLevel.REVIEW, t + ofHours(3).toMillis(), "device-sharing",
        "lockstep")), t + ofHours(3).toMillis());
    harness.processWatermark(t + ofHours(3).toMillis());
    assertThat(drain(harness)).isEmpty();

    // The confirmation of 1 h, 3 h late: in event-time order it enforced the case and the dismissal at 2 h reversed it,
    // and the version of 3 h never re-opened it.
    decide("d-0", ReviewOutcome.CONFIRM, t + ofHours(1).toMillis());
    harness.processWatermark(t + ofHours(4).toMillis());
    assertThat(drain(harness)).singleElement().satisfies(v -> {
      assertThat(v.eventTime).isEqualTo(t + ofHours(1).toMillis());
      assertThat(v.evidence).contains("d-0").contains("v1");
    });
    assertThat(drain(harness, CaseReview.REVERSALS)).singleElement()
        .satisfies(r -> assertThat(r.decision.getDecisionId()).isEqualTo("d-1"));
    // A decision from between the dismissal and the re-opening, and one after it, change nothing more.
    decide("d-between", ReviewOutcome.CONFIRM, t + ofHours(2).toMillis() + 1);
    decide("d-after", ReviewOutcome.CONFIRM, t + ofHours(5).toMillis());
    harness.processWatermark(t + ofHours(6).toMillis());
    assertThat(drain(harness)).isEmpty();
    assertThat(deadLetters(harness)).extracting(DeadLetter::getReason).allSatisfy(r -> assertThat(r).startsWith("case-closed: "))
        .hasSize(2);
    assertThat(drain(harness, CaseReview.DEADLINES)).isEmpty();
  }

  @Test
  void aReopenedCaseLeftAtReviewFollowsTheDeadlinesFromItsReopening() throws Exception {
    long t = ms(ofHours(5));
    version(1, ResponseLevel.RECORD_ONLY, t);
    decide("d-1", ReviewOutcome.DISMISS, t + 1000);
    version(2, ResponseLevel.REVIEW, t + ofDays(1).toMillis());
    harness.processWatermark(t + ofDays(3).toMillis());
    assertThat(drain(harness, CaseReview.DEADLINES)).singleElement().satisfies(d -> {
      assertThat(d.getKind()).isEqualTo(DeadlineKind.OVERDUE);
      assertThat(d.getReviewSince()).isEqualTo(java.time.Instant.ofEpochMilli(t + ofDays(1).toMillis()));
    });
  }

  private static FlaggedCase withSignals(int version, ResponseLevel level, long time, String... signals) {
    FlaggedCase c = flagged(CASE, version, level, "order-1", "creator-1", "agency-1", java.time.Instant.ofEpochMilli(time));
    List<SignalFiring> firings = new java.util.ArrayList<>();
    for (String s : signals) {
      firings.add(SignalFiring.newBuilder(c.getSignals().get(0)).setSignal(s).build());
    }
    return FlaggedCase.newBuilder(c).setSignals(firings).build();
  }

  @Test
  void anOlderVersionArrivingLateChangesNothing() throws Exception {
    long t = ms(ofHours(5));
    version(2, ResponseLevel.REVIEW, t);
    version(1, ResponseLevel.ENFORCE, t + 1000);
    harness.processWatermark(t + 1000);
    assertThat(drain(harness)).isEmpty();
    assertStateAndTimersGoneAtEndOfTime();
  }

  // ---- Records behind the watermark: taken at the next watermark, as of their own event time ----

  @Test
  void anEnforceVersionBehindTheWatermarkIsEnforcedAtItsTime() throws Exception {
    long t = ms(ofHours(5));
    harness.processWatermark(t + ofHours(2).toMillis());
    version(1, ResponseLevel.ENFORCE, t);
    harness.processWatermark(t + ofHours(2).toMillis() + 1);

    assertThat(drain(harness)).singleElement().satisfies(v -> assertThat(v.eventTime).isEqualTo(t));
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void anEnforceVersionOrAConfirmationFromBeforeTheDismissalStillEnforcesTheCaseWhenItComesLate() throws Exception {
    long t = ms(ofHours(5));
    long dismissed = t + ofHours(3).toMillis();
    for (boolean confirmation : new boolean[] {false, true}) {
      harness.close();
      open();
      version(1, ResponseLevel.REVIEW, t);
      decide("d-dismiss", ReviewOutcome.DISMISS, dismissed);
      harness.processWatermark(dismissed + ofHours(1).toMillis());
      assertThat(drain(harness)).isEmpty();

      // In event time the enforcement came first: version 2 at ENFORCE, or a reviewer's CONFIRM, an hour before the dismissal.
      if (confirmation) {
        decide("d-confirm", ReviewOutcome.CONFIRM, t + ofHours(2).toMillis());
      } else {
        version(2, ResponseLevel.ENFORCE, t + ofHours(2).toMillis());
      }
      harness.processWatermark(dismissed + ofHours(1).toMillis() + 1);

      assertThat(drain(harness)).as(confirmation ? "confirmation" : "version at ENFORCE").singleElement().satisfies(v -> {
        assertThat(v.causeId).isEqualTo(CASE);
        assertThat(v.eventTime).isEqualTo(t + ofHours(2).toMillis());
        assertThat(v.evidence).contains(confirmation ? "decision d-confirm" : "enforced automatically");
      });
      assertThat(deadLetters(harness)).isEmpty();
      // Enforced now: what comes later is turned away as for any enforced case.
      decide("d-late", ReviewOutcome.CONFIRM, t + ofHours(1).toMillis());
      harness.processWatermark(dismissed + ofHours(2).toMillis());
      assertThat(drain(harness)).isEmpty();
      assertThat(deadLetters(harness)).singleElement().satisfies(d -> assertThat(d.getReason()).startsWith("case-closed: decision d-late"));
      assertStateAndTimersGoneAtEndOfTime();
    }
  }

  @Test
  void anOlderVersionAtEnforceFromBeforeTheNewestOneEnforcesTheCaseWhenItComesLate() throws Exception {
    long t = ms(ofHours(5));
    version(2, ResponseLevel.REVIEW, t + 1000);
    harness.processWatermark(t + ofHours(1).toMillis());
    version(1, ResponseLevel.ENFORCE, t);
    harness.processWatermark(t + ofHours(1).toMillis() + 1);

    assertThat(drain(harness)).singleElement().satisfies(v -> assertThat(v.eventTime).isEqualTo(t));
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void aDismissalThatComesAfterTheEnforcementDoesNotUndoIt() throws Exception {
    long t = ms(ofHours(5));
    version(1, ResponseLevel.REVIEW, t);
    decide("d-confirm", ReviewOutcome.CONFIRM, t + ofHours(2).toMillis());
    harness.processWatermark(t + ofHours(3).toMillis());
    assertThat(drain(harness)).hasSize(1);

    // Earlier in event time than the confirmation, but the enforcement is a fact for the order system by now.
    decide("d-dismiss", ReviewOutcome.DISMISS, t + ofHours(1).toMillis());
    harness.processWatermark(t + ofHours(3).toMillis() + 1);
    assertThat(drain(harness)).isEmpty();
    assertThat(deadLetters(harness)).singleElement()
        .satisfies(d -> assertThat(d.getReason()).startsWith("case-closed: decision d-dismiss").contains("confirmed by decision d-confirm"));
    assertStateAndTimersGoneAtEndOfTime();
  }
}
