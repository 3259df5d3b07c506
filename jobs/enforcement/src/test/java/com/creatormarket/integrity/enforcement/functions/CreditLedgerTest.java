package com.creatormarket.integrity.enforcement.functions;

import static com.creatormarket.integrity.enforcement.Fixtures.T0;
import static com.creatormarket.integrity.enforcement.Fixtures.at;
import static com.creatormarket.integrity.enforcement.Fixtures.cancelled;
import static com.creatormarket.integrity.enforcement.Fixtures.completed;
import static com.creatormarket.integrity.enforcement.Fixtures.created;
import static com.creatormarket.integrity.enforcement.Fixtures.privateDeal;
import static com.creatormarket.integrity.enforcement.Fixtures.published;
import static com.creatormarket.integrity.enforcement.Fixtures.retentionChanged;
import static com.creatormarket.integrity.enforcement.functions.Harnesses.deadLetters;
import static com.creatormarket.integrity.enforcement.functions.Harnesses.drain;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.avro.OrderTermination;
import com.creatormarket.integrity.avro.Penalty;
import com.creatormarket.integrity.avro.Refund;
import com.creatormarket.integrity.avro.RefundBasis;
import com.creatormarket.integrity.avro.RetentionOutcome;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.Sanction;
import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.enforcement.Fixtures;
import com.creatormarket.integrity.enforcement.model.ConfirmedViolation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule of the policy table and its consequences, one creator at a time. */
class CreditLedgerTest extends LedgerHarnessTest {

  private static ConfirmedViolation of(ViolationKind kind, String causeId, Duration at) {
    return switch (kind) {
      case EARLY_DELETION -> deletion(causeId, "order-1", at);
      case EARLY_HIDING -> hiding(causeId, at);
      case FAKE_TRAFFIC -> fakeTraffic(causeId, "order-1", at);
      case PRIVATE_DEAL -> new PrivateDealCause().map(privateDeal(causeId, CREATOR, at(at)));
      default -> throw new IllegalArgumentException(kind.name());
    };
  }

  private void assertStateAndTimersGoneAtEndOfTime() throws Exception {
    harness.processWatermark(Long.MAX_VALUE);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @ParameterizedTest(name = "{0} costs {1} points")
  @CsvSource({"EARLY_DELETION, 4", "EARLY_HIDING, 2", "FAKE_TRAFFIC, 6", "PRIVATE_DEAL, 3"})
  void eachViolationKindCostsThePointsOfThePolicyTable(ViolationKind kind, int points) throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    send(of(kind, "cause-1", ofDays(10)));
    watermark(ofDays(10));

    assertThat(drain(harness)).singleElement().satisfies(p -> {
      assertThat(p.getPenaltyId()).isEqualTo(StableIds.of("penalty", "cause-1", CREATOR));
      assertThat(p.getCause()).isEqualTo(kind);
      assertThat(p.getCauseId()).isEqualTo("cause-1");
      assertThat(p.getPointsDeducted()).isEqualTo(points);
      assertThat(p.getScoreBefore()).isEqualTo(12);
      assertThat(p.getScoreAfter()).isEqualTo(12 - points);
      assertThat(p.getAgencyId()).isEqualTo(AGENCY);
      assertThat(p.getPolicyVersion()).isEqualTo("2026-11-v1");
      assertThat(p.getEvidence()).isNotBlank();
      assertThat(p.getEventTime()).isEqualTo(at(ofDays(10)));
    });
  }

  @Test
  void pointsAndVersionComeFromConfiguration() throws Exception {
    open(Map.of("policy.points.early-hiding", "5", "policy.version", "2027-01-strict"));
    orderInProgress("order-1", 10_000);
    send(of(ViolationKind.EARLY_HIDING, "hide-1", ofDays(3)));
    watermark(ofDays(3));

    assertThat(drain(harness)).singleElement().satisfies(p -> {
      assertThat(p.getPointsDeducted()).isEqualTo(5);
      assertThat(p.getPolicyVersion()).isEqualTo("2027-01-strict");
    });
  }

  @Test
  void theSameCauseNeverDeductsTwiceWhateverArrivesAgain() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    send(deletion("v-1", "order-1", ofDays(10)));
    send(deletion("v-1", "order-1", ofDays(10)));
    watermark(ofDays(10));
    send(deletion("v-1", "order-1", ofDays(20)));
    watermark(ofDays(20));

    assertThat(drain(harness)).hasSize(1);
    assertThat(drain(harness, CreditLedger.REFUNDS)).hasSize(1);
  }

  @Test
  void thresholdsBringWarningThenSuspensionThenEndOfAccessAndTheScoreStopsAtZero() throws Exception {
    // The score bands alone; repeat offences' extra points: see aRepeatOffenceCostsExtraPoints.
    open(Map.of("policy.repeat-extra-points", "0"));
    for (int i = 1; i <= 4; i++) {
      orderInProgress("order-" + i, 10_000);
      send(deletion("v-" + i, "order-" + i, ofDays(10 * i)));
    }
    watermark(ofDays(40));

    List<Penalty> out = drain(harness);
    assertThat(out).extracting(Penalty::getScoreBefore, Penalty::getPointsDeducted, Penalty::getScoreAfter, Penalty::getSanction)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(12, 4, 8, Sanction.WARNING),
            org.assertj.core.groups.Tuple.tuple(8, 4, 4, Sanction.ORDER_TAKING_SUSPENDED),
            org.assertj.core.groups.Tuple.tuple(4, 4, 0, Sanction.ACCESS_ENDED),
            org.assertj.core.groups.Tuple.tuple(0, 0, 0, Sanction.ACCESS_ENDED));
    assertThat(out.get(0).getSuspendedUntil()).isNull();
    assertThat(out.get(1).getSuspendedUntil()).isEqualTo(at(ofDays(20 + 30)));
    assertThat(out.get(2).getSuspendedUntil()).isNull();

    // Access ended is for good: the standing and the penalties behind it (a reversal replays them) outlive every other
    // lifetime; everything else goes.
    harness.processWatermark(Long.MAX_VALUE);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aSuspensionEndsAndTheWarningStays() throws Exception {
    open(Map.of("policy.repeat-extra-points", "0"));
    orderInProgress("order-1", 10_000);
    send(of(ViolationKind.EARLY_DELETION, "v-1", ofDays(1)));
    send(of(ViolationKind.EARLY_DELETION, "v-2", ofDays(2)));
    send(of(ViolationKind.PRIVATE_DEAL, "f-1", ofDays(100)));
    watermark(ofDays(100));

    assertThat(drain(harness)).extracting(Penalty::getScoreAfter, Penalty::getSanction).containsExactly(
        org.assertj.core.groups.Tuple.tuple(8, Sanction.WARNING),
        org.assertj.core.groups.Tuple.tuple(4, Sanction.ORDER_TAKING_SUSPENDED),
        // 1 is below the suspension band again: a new suspension from day 100.
        org.assertj.core.groups.Tuple.tuple(1, Sanction.ORDER_TAKING_SUSPENDED));
  }

  @Test
  void confirmedFakeTrafficSuspendsOrderTakingWhateverTheScore() throws Exception {
    open(Map.of("policy.points.fake-traffic", "1"));
    orderInProgress("order-1", 10_000);
    send(fakeTraffic("case-1", "order-1", ofDays(5)));
    watermark(ofDays(5));

    assertThat(drain(harness)).singleElement().satisfies(p -> {
      assertThat(p.getScoreAfter()).isEqualTo(11);
      assertThat(p.getSanction()).isEqualTo(Sanction.ORDER_TAKING_SUSPENDED);
      assertThat(p.getSuspendedUntil()).isEqualTo(at(ofDays(5 + 30)));
    });
  }

  @Test
  void confirmedFakeTrafficEndsEveryOrderInProgressUnpaidAndRefundsEachInFull() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    orderInProgress("order-2", 25_000);
    orderInProgress("order-3", 7_000);
    send(completed("order-3", CREATOR, at(ofDays(2))));
    orderInProgress("order-4", 9_000);
    send(cancelled("order-4", CREATOR, at(ofDays(2))));
    send(fakeTraffic("case-1", "order-1", ofDays(5)));
    watermark(ofDays(5));

    assertThat(drain(harness)).hasSize(1);
    List<OrderTermination> ended = drain(harness, CreditLedger.TERMINATIONS);
    assertThat(ended).extracting(OrderTermination::getOrderId).containsExactly("order-1", "order-2");
    assertThat(ended).allSatisfy(t -> {
      assertThat(t.getTerminationId()).isEqualTo(StableIds.of("termination", t.getOrderId(), "case-1"));
      assertThat(t.getStatusBefore()).isEqualTo("IN_PROGRESS");
      assertThat(t.getStatusAfter()).isEqualTo("TERMINATED");
      assertThat(t.getCreatorPaid()).isFalse();
      assertThat(t.getCause()).isEqualTo(ViolationKind.FAKE_TRAFFIC);
      assertThat(t.getCauseId()).isEqualTo("case-1");
      assertThat(t.getAdvertiserId()).isEqualTo("adv-" + t.getOrderId());
    });
    List<Refund> refunds = drain(harness, CreditLedger.REFUNDS);
    assertThat(refunds).extracting(Refund::getOrderId, Refund::getAmountMinor, Refund::getPrepaidMinor, Refund::getBasis)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("order-1", 10_000L, 10_000L, RefundBasis.FULL),
            org.assertj.core.groups.Tuple.tuple("order-2", 25_000L, 25_000L, RefundBasis.FULL));
    assertThat(refunds).allSatisfy(r -> {
      assertThat(r.getRefundId()).isEqualTo(StableIds.of("refund", r.getOrderId(), "case-1"));
      assertThat(r.getCurrency()).isEqualTo("CNY");
      assertThat(r.getAdvertiserId()).isEqualTo("adv-" + r.getOrderId());
    });
    assertThat(deadLetters(harness)).isEmpty();

    // A second case ends nothing more: those orders are no longer in progress.
    send(fakeTraffic("case-2", "order-2", ofDays(6)));
    watermark(ofDays(6));
    assertThat(drain(harness)).singleElement().satisfies(p -> {
      assertThat(p.getScoreAfter()).isZero();
      assertThat(p.getSanction()).isEqualTo(Sanction.ACCESS_ENDED);
    });
    assertThat(drain(harness, CreditLedger.TERMINATIONS)).isEmpty();
    assertThat(drain(harness, CreditLedger.REFUNDS)).isEmpty();
    // Orders and causes leave; only the standing of a creator whose access ended, and its penalties, stay.
    harness.processWatermark(Long.MAX_VALUE);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aCompletedFlaggedOrderIsRefundedInFullWithoutTermination() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    send(completed("order-1", CREATOR, at(ofDays(2))));
    send(fakeTraffic("case-1", "order-1", ofDays(5)));
    watermark(ofDays(5));

    assertThat(drain(harness, CreditLedger.TERMINATIONS)).isEmpty();
    assertThat(drain(harness, CreditLedger.REFUNDS)).singleElement().satisfies(r -> {
      assertThat(r.getAmountMinor()).isEqualTo(10_000L);
      assertThat(r.getBasis()).isEqualTo(RefundBasis.FULL);
    });
  }

  @ParameterizedTest(name = "policy.retention-refund={0}: {1}")
  @CsvSource({"full, 10000, FULL", "pro_rata, 2500, PRO_RATA", "none, 0, NONE"})
  void anEarlyDeletionRefundsByThePolicyKnob(String knob, long amount, RefundBasis basis) throws Exception {
    open(Map.of("policy.retention-refund", knob));
    orderInProgress("order-1", 10_000);
    // Published 2 March: retention ends 1 May 00:00; deleted on 16 April: 15 of 60 natural days missing.
    send(deletion("v-1", "order-1", ofDays(46).plus(ofHours(10))));
    watermark(ofDays(47));

    assertThat(drain(harness)).hasSize(1);
    assertThat(drain(harness, CreditLedger.TERMINATIONS)).as("the order goes on").isEmpty();
    assertThat(drain(harness, CreditLedger.REFUNDS)).singleElement().satisfies(r -> {
      assertThat(r.getRefundId()).isEqualTo(StableIds.of("refund", "order-1", "v-1"));
      assertThat(r.getAmountMinor()).isEqualTo(amount);
      assertThat(r.getBasis()).isEqualTo(basis);
      assertThat(r.getPrepaidMinor()).isEqualTo(10_000L);
      assertThat(r.getCause()).isEqualTo(ViolationKind.EARLY_DELETION);
    });
  }

  @Test
  void refundsOfOneOrderNeverAddUpToMoreThanItsPrepayment() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    send(deletion("v-1", "order-1", ofDays(46).plus(ofHours(10))));
    send(fakeTraffic("case-1", "order-1", ofDays(50)));
    watermark(ofDays(50));

    assertThat(drain(harness, CreditLedger.REFUNDS)).extracting(Refund::getAmountMinor, Refund::getBasis)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2_500L, RefundBasis.PRO_RATA),
            org.assertj.core.groups.Tuple.tuple(7_500L, RefundBasis.FULL));
  }

  @Test
  void anOrderCreatedJustBeforeAViolationCountsEvenWhenItIsReadAfterIt() throws Exception {
    open(Map.of());
    send(fakeTraffic("case-1", "order-9", ofDays(5)));
    send(created("order-late", CREATOR, "adv-x", AGENCY, 4_000, at(ofDays(5).minusSeconds(1))));
    send(created("order-9", CREATOR, "adv-9", AGENCY, 3_000, at(ofDays(5))));
    watermark(ofDays(5));

    assertThat(drain(harness, CreditLedger.TERMINATIONS)).extracting(OrderTermination::getOrderId)
        .containsExactly("order-9", "order-late");
  }

  @Test
  void aRetentionViolationForAnOrderKnownButNoLongerTrackedIsPenalisedAndItsRefundDeadLettered() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    send(cancelled("order-1", CREATOR, at(ofDays(2))));
    send(deletion("v-1", "order-1", ofDays(10)));
    watermark(ofDays(10));

    assertThat(drain(harness)).hasSize(1);
    assertThat(drain(harness, CreditLedger.REFUNDS)).isEmpty();
    assertThat(deadLetters(harness)).singleElement().satisfies(d -> {
      assertThat(d.getTopic()).isEqualTo("retention-violations");
      assertThat(d.getReason()).startsWith("refund-undecided: ").contains("v-1").contains("order-1").contains("no refund decided");
    });
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void aPenaltyCarriesTheCreatorsAgencyEvenWhenItsCauseDoesNotNameIt() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    send(of(ViolationKind.PRIVATE_DEAL, "f-1", ofDays(3)));
    watermark(ofDays(3));

    assertThat(drain(harness)).singleElement().satisfies(p -> {
      assertThat(p.getAgencyId()).isEqualTo(AGENCY);
      assertThat(p.getOrderId()).isNull();
    });
    assertThat(drain(harness, CreditLedger.REFUNDS)).isEmpty();
  }

  @Test
  void aYearWithoutViolationRestoresTheScore() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    send(of(ViolationKind.EARLY_DELETION, "v-1", ofDays(1)));
    send(of(ViolationKind.EARLY_DELETION, "v-2", ofDays(1 + 366)));
    watermark(ofDays(1 + 366));

    assertThat(drain(harness)).extracting(Penalty::getScoreBefore).containsExactly(12, 12);
  }

  @Test
  void aCompletedOrderStaysForLateRetentionViolationsThenLeaves() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 6_000);
    orderInProgress("order-2", 6_000);
    send(completed("order-1", CREATOR, at(ofDays(2))));
    send(completed("order-2", CREATOR, at(ofDays(2))));
    send(deletion("v-1", "order-1", ofDays(40)));
    // Retention ended around day 62; with 7 days of grace the order is gone by day 70.
    send(deletion("v-2", "order-2", ofDays(71)));
    watermark(ofDays(71));

    assertThat(drain(harness, CreditLedger.REFUNDS)).extracting(Refund::getOrderId).containsExactly("order-1");
    assertThat(deadLetters(harness)).singleElement().satisfies(d -> assertThat(d.getReason()).contains("order-2"));
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void aRetentionExtendedAfterCompletionKeepsTheOrderForItsNewEnd() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 6_000);
    send(completed("order-1", CREATOR, at(ofDays(2))));
    // Agreed after completion: 120 days instead of 60. A deletion on day 100 is early, and its refund is decided.
    send(retentionChanged("order-1", CREATOR, 120, at(ofDays(5))));
    send(deletion("v-1", "order-1", ofDays(100)));
    watermark(ofDays(100));

    assertThat(drain(harness)).singleElement().satisfies(p -> assertThat(p.getOrderId()).isEqualTo("order-1"));
    assertThat(drain(harness, CreditLedger.REFUNDS)).singleElement().satisfies(r -> assertThat(r.getOrderId()).isEqualTo("order-1"));
    assertThat(deadLetters(harness)).isEmpty();
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void oneFakeTrafficCampaignOnAVideoCoveringThreeOrdersCostsPointsOnceAndEndsAndRefundsEachOrder() throws Exception {
    open(Map.of("policy.points.fake-traffic", "2"));
    orderInProgress("order-1", 10_000);
    orderInProgress("order-2", 20_000);
    orderInProgress("order-3", 30_000);
    send(completed("order-3", CREATOR, at(ofDays(3))));
    // One campaign of bought views on one video that three orders commissioned: a case per order.
    for (int i = 1; i <= 3; i++) {
      ConfirmedViolation v = fakeTraffic("case-" + i, "order-" + i, ofDays(5).plusMinutes(i));
      v.videoId = "video-shared";
      send(v);
    }
    watermark(ofDays(6));

    assertThat(drain(harness)).singleElement().satisfies(p -> {
      assertThat(p.getCauseId()).isEqualTo("case-1");
      assertThat(p.getPointsDeducted()).isEqualTo(2);
      assertThat(p.getScoreAfter()).isEqualTo(10);
    });
    assertThat(drain(harness, CreditLedger.TERMINATIONS)).extracting(OrderTermination::getOrderId).containsExactly("order-1", "order-2");
    // Each advertiser still gets its money back: the completed order-3 under its own case.
    assertThat(drain(harness, CreditLedger.REFUNDS)).extracting(Refund::getOrderId, Refund::getCauseId)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("order-1", "case-1"),
            org.assertj.core.groups.Tuple.tuple("order-2", "case-1"), org.assertj.core.groups.Tuple.tuple("order-3", "case-3"));

    // Another video, or the same video after policy.campaign-window (30 days), is another act.
    orderInProgress("order-4", 10_000);
    ConfirmedViolation other = fakeTraffic("case-4", "order-4", ofDays(7));
    other.videoId = "video-other";
    send(other);
    orderInProgress("order-5", 10_000);
    ConfirmedViolation later = fakeTraffic("case-5", "order-5", ofDays(40));
    later.videoId = "video-shared";
    send(later);
    watermark(ofDays(40));
    assertThat(drain(harness)).extracting(Penalty::getCauseId, Penalty::getPointsDeducted)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("case-4", 4), org.assertj.core.groups.Tuple.tuple("case-5", 4));
  }

  @Test
  void aRestoredHidingIsRefundedForTheDaysItWasReallyHiddenWhenItEnds() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 60_000);
    // Hidden on day 10, judged at once, back two days later: 2 of 60 days, 1,000 a day.
    send(namedHiding(ofDays(10)));
    watermark(ofDays(11));
    assertThat(drain(harness)).as("the penalty comes at the hiding").hasSize(1);
    assertThat(drain(harness, CreditLedger.REFUNDS)).as("the refund waits for the hiding's end").isEmpty();

    send(hidingEnd(ofDays(10), ofDays(12)));
    send(hidingEnd(ofDays(10), ofDays(12))); // re-delivered: nothing more
    watermark(ofDays(12));
    assertThat(drain(harness)).as("the end is no new violation").isEmpty();
    assertThat(drain(harness, CreditLedger.REFUNDS)).singleElement().satisfies(r -> {
      assertThat(r.getRefundId()).isEqualTo(StableIds.of("refund", "order-1", hidingId(ofDays(10))));
      assertThat(r.getAmountMinor()).isEqualTo(2_000L);
      assertThat(r.getBasis()).isEqualTo(RefundBasis.PRO_RATA);
      assertThat(r.getCause()).isEqualTo(ViolationKind.EARLY_HIDING);
      assertThat(r.getCauseId()).isEqualTo(hidingId(ofDays(10)));
    });
  }

  @Test
  void anEndOfAHidingTakenBeforeItsHidingWaitsForIt() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 60_000);
    // Both behind the watermark, read in the other order: the end first, then its hiding.
    watermark(ofDays(13));
    send(hidingEnd(ofDays(10), ofDays(12)));
    send(namedHiding(ofDays(10)));
    watermark(ofDays(14));
    assertThat(drain(harness)).hasSize(1);
    assertThat(drain(harness, CreditLedger.REFUNDS)).singleElement().satisfies(r -> {
      assertThat(r.getRefundId()).isEqualTo(StableIds.of("refund", "order-1", hidingId(ofDays(10))));
      assertThat(r.getAmountMinor()).isEqualTo(2_000L);
    });
    assertThat(deadLetters(harness)).isEmpty();
  }

  @Test
  void anEndOfAHidingThatNeverComesLeavesItsRefundToAHuman() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 60_000);
    send(hidingEnd(ofDays(10), ofDays(12)));
    watermark(ofDays(12).plus(ofHours(23)));
    assertThat(deadLetters(harness)).as("within the wait").isEmpty();
    watermark(ofDays(13));
    assertThat(drain(harness, CreditLedger.REFUNDS)).isEmpty();
    assertThat(deadLetters(harness)).singleElement().satisfies(d ->
        assertThat(d.getReason()).startsWith("refund-undecided: end of early hiding " + hidingId(ofDays(10))));
  }

  @Test
  void threeShortHidingsRefundTheirDaysNotTheWholePrepayment() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 60_000);
    for (int day : new int[] {10, 20, 30}) {
      send(namedHiding(ofDays(day)));
      send(hidingEnd(ofDays(day), ofDays(day + 2)));
    }
    watermark(ofDays(40));
    // Until issue #15 each was refunded from its start to the retention end: 50 + 40 + 30 days, the whole 60,000.
    assertThat(drain(harness, CreditLedger.REFUNDS)).extracting(Refund::getAmountMinor)
        .containsExactly(2_000L, 2_000L, 2_000L);
  }

  @Test
  void aHidingThatLastsToTheRetentionEndIsRefundedToTheEnd() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 60_000);
    send(namedHiding(ofDays(46).plus(ofHours(10))));
    // The retention job closes it at the retention end (1 May 00:00): 15 days, as a deletion then would be.
    send(hidingEnd(ofDays(46).plus(ofHours(10)), ofDays(61)));
    watermark(ofDays(61));
    assertThat(drain(harness, CreditLedger.REFUNDS)).extracting(Refund::getAmountMinor).containsExactly(15_000L);
  }

  @Test
  void aFullRefundOfAHidingIsPaidAtTheHidingAndItsEndAddsNothing() throws Exception {
    open(Map.of("policy.retention-refund", "full"));
    orderInProgress("order-1", 60_000);
    send(namedHiding(ofDays(10)));
    send(hidingEnd(ofDays(10), ofDays(12)));
    watermark(ofDays(12));
    assertThat(drain(harness, CreditLedger.REFUNDS)).extracting(Refund::getAmountMinor, Refund::getBasis)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(60_000L, RefundBasis.FULL));
  }

  @Test
  void anOrderTheOrderSystemTerminatedIsNotEndedAgainAndAVideoDeletedAfterCostsNothing() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    send(Fixtures.terminated("order-1", CREATOR, at(ofDays(5))));
    send(deletion("v-1", "order-1", ofDays(8)));
    send(fakeTraffic("case-1", "order-1", ofDays(9)));
    watermark(ofDays(9));

    assertThat(drain(harness)).extracting(Penalty::getCauseId).containsExactly("case-1");
    assertThat(drain(harness, CreditLedger.TERMINATIONS)).as("ended once, by the order system").isEmpty();
    assertThat(deadLetters(harness)).singleElement().satisfies(d ->
        assertThat(d.getReason()).startsWith("order-terminated: retention violation v-1: order order-1 was terminated at "
            + at(ofDays(5))));
  }

  @Test
  void aVideoDeletedAfterThePlatformTerminatedItsOrderCostsNothingMore() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    orderInProgress("order-2", 10_000);
    // Removed while its order ran, decided after the termination: still the creator's violation.
    send(deletion("v-2", "order-2", ofDays(4)));
    send(fakeTraffic("case-1", "order-1", ofDays(5)));
    // Deleted after the platform ended (and fully refunded) the order: no retention was owed.
    send(deletion("v-1", "order-1", ofDays(8)));
    watermark(ofDays(8));

    assertThat(drain(harness)).extracting(Penalty::getCauseId).containsExactly("v-2", "case-1");
    assertThat(drain(harness, CreditLedger.REFUNDS)).extracting(Refund::getRefundId)
        .containsExactlyInAnyOrder(StableIds.of("refund", "order-2", "v-2"), StableIds.of("refund", "order-1", "case-1"),
            StableIds.of("refund", "order-2", "case-1"));
    assertThat(deadLetters(harness)).singleElement().satisfies(d -> {
      assertThat(d.getTopic()).isEqualTo("retention-violations");
      assertThat(d.getReason()).startsWith("order-terminated: retention violation v-1: order order-1 was terminated at "
          + at(ofDays(5)));
    });
  }

  @Test
  void aRepeatOffenceCostsExtraPointsAndAFirstOffenceTheTablesPoints() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    send(deletion("v-1", "order-1", ofDays(10)));
    send(of(ViolationKind.PRIVATE_DEAL, "f-1", ofDays(99)));
    send(of(ViolationKind.PRIVATE_DEAL, "f-2", ofDays(300)));
    watermark(ofDays(300));
    // f-1 on day 99 is 89 days after v-1: a repeat (policy.repeat-window 90d). f-2 on day 300 is a first offence again.
    assertThat(drain(harness)).extracting(Penalty::getCauseId, Penalty::getPointsDeducted, Penalty::getRepeatExtraPoints,
            Penalty::getScoreAfter)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("v-1", 4, 0, 8), org.assertj.core.groups.Tuple.tuple("f-1", 5, 2, 3),
            org.assertj.core.groups.Tuple.tuple("f-2", 3, 0, 0));
  }

  @ParameterizedTest(name = "{0}: {1} points")
  @CsvSource({"confirmed by a reviewer, 4", "enforced at level ENFORCE, 6"})
  void fakeTrafficCostsByHowTheCaseWasDecidedWhenThePolicySaysSo(String how, int points) throws Exception {
    open(Map.of("policy.points.fake-traffic-confirmed", "4"));
    orderInProgress("order-1", 10_000);
    ConfirmedViolation v = fakeTraffic("case-1", "order-1", ofDays(5));
    v.confirmedByReviewer = how.startsWith("confirmed");
    send(v);
    watermark(ofDays(5));
    assertThat(drain(harness)).singleElement().satisfies(p -> assertThat(p.getPointsDeducted()).isEqualTo(points));
  }

  @ParameterizedTest(name = "deleted with {0} of 60 days missing: {1} points")
  @CsvSource({"59, 4", "7, 4", "6, 2", "1, 2"})
  void aLateRemovalIsALesserViolationWhenThePolicySaysSo(int missingDays, int points) throws Exception {
    // At most 10% of the retention missed: half the points, rounded up.
    open(Map.of("policy.late-removal-share", "0.1"));
    orderInProgress("order-1", 10_000);
    ConfirmedViolation v = deletion("v-1", "order-1", ofDays(10));
    v.missingDays = missingDays;
    send(v);
    watermark(ofDays(10));
    assertThat(drain(harness)).singleElement().satisfies(p -> assertThat(p.getPointsDeducted()).isEqualTo(points));
  }

  @Test
  void theDefaultsLeaveAFirstOffenceAsTheTableSays() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    ConfirmedViolation late = deletion("v-1", "order-1", ofDays(10));
    late.missingDays = 1;
    send(late);
    watermark(ofDays(10));
    assertThat(drain(harness)).singleElement().satisfies(p -> assertThat(p.getPointsDeducted()).isEqualTo(4));
  }

  @Test
  void oneRemovalOfAVideoCoveringThreeOrdersCostsPointsOnceAndRefundsEachOrder() throws Exception {
    open(Map.of());
    for (int i = 1; i <= 3; i++) {
      orderInProgress("order-" + i, 10_000);
    }
    orderInProgress("order-4", 10_000);
    // One deletion of one video that three orders commissioned: three violations, one act.
    for (int i = 1; i <= 3; i++) {
      send(RetentionCause.toViolation(RetentionViolation.newBuilder(Fixtures.violation("v-" + i, RetentionOutcome.EARLY_DELETION,
          "order-" + i, CREATOR, AGENCY, at(ofDays(1)), at(ofDays(10)))).setVideoId("video-shared").build()));
    }
    // Another video deleted at the same instant is another act.
    send(deletion("v-4", "order-4", ofDays(10)));
    watermark(ofDays(10));

    List<Penalty> penalties = drain(harness);
    assertThat(penalties).hasSize(2);
    // The second act, at the same instant, is a repeat offence: 4 points and 2 more.
    assertThat(penalties).extracting(Penalty::getOrderId, Penalty::getPointsDeducted, Penalty::getRepeatExtraPoints)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("order-1", 4, 0), org.assertj.core.groups.Tuple.tuple("order-4", 6, 2));
    assertThat(drain(harness, CreditLedger.REFUNDS)).extracting(Refund::getOrderId)
        .containsExactlyInAnyOrder("order-1", "order-2", "order-3", "order-4");
    assertThat(deadLetters(harness)).isEmpty();
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void everyLifetimeEndsAndTheStateWithIt() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    orderInProgress("order-2", 10_000);
    send(completed("order-2", CREATOR, at(ofDays(3))));
    send(deletion("v-1", "order-1", ofDays(10)));
    send(of(ViolationKind.PRIVATE_DEAL, "f-1", ofDays(11)));
    watermark(ofDays(11));
    assertThat(drain(harness)).hasSize(2);
    assertThat(harness.numKeyedStateEntries()).isPositive();

    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void ordersOfOneCreatorNeverMixWithAnothers() throws Exception {
    open(Map.of());
    send(created("order-a", "creator-2", "adv-a", null, 5_000, T0));
    orderInProgress("order-1", 10_000);
    send(fakeTraffic("case-1", "order-1", ofDays(2)));
    watermark(ofDays(2));

    assertThat(drain(harness, CreditLedger.TERMINATIONS)).extracting(OrderTermination::getOrderId).containsExactly("order-1");
  }

  // ---- Facts about parties the ledger never saw are held, not enforced ----

  @Test
  void aPrivateDealOfACreatorNeverSeenIsHeldThenDeadLetteredNotPenalised() throws Exception {
    open(Map.of());
    send(of(ViolationKind.PRIVATE_DEAL, "f-1", ofDays(3)));
    // The same finding delivered again while it waits is the same fact.
    send(of(ViolationKind.PRIVATE_DEAL, "f-1", ofDays(3).plusMinutes(10)));
    watermark(ofDays(4).minusMillis(1));
    assertThat(drain(harness)).as("no penalty while the creator is unknown").isEmpty();
    assertThat(deadLetters(harness)).as("still waiting").isEmpty();

    watermark(ofDays(4));
    assertThat(drain(harness)).as("no penalty for a creator that never appeared").isEmpty();
    assertThat(deadLetters(harness)).singleElement().satisfies(d -> {
      assertThat(d.getKind()).isEqualTo(DeadLetterKind.INVALID);
      assertThat(d.getTopic()).isEqualTo("content-findings");
      assertThat(new String(d.getKey().array(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(CREATOR);
      assertThat(d.getReason()).startsWith("unknown-creator: private-deal finding f-1: creator " + CREATOR)
          .contains("1d (ledger.unknown-party-wait)");
      assertThat(d.getEventTime()).isEqualTo(at(ofDays(3)));
    });
    assertStateAndTimersGoneAtEndOfTime();
    assertThat(drain(harness)).isEmpty();
  }

  @Test
  void aRetentionViolationOrFakeTrafficCaseForAnOrderNeverSeenPenalisesNothingEndsNothingRefundsNothing() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    send(deletion("v-1", "order-ghost", ofDays(10)));
    send(fakeTraffic("case-1", "order-ghost-2", ofDays(10)));
    watermark(ofDays(12));

    assertThat(drain(harness)).isEmpty();
    assertThat(drain(harness, CreditLedger.TERMINATIONS)).as("order-1 goes on").isEmpty();
    assertThat(drain(harness, CreditLedger.REFUNDS)).isEmpty();
    assertThat(deadLetters(harness)).satisfiesExactly(
        d -> {
          assertThat(d.getTopic()).isEqualTo("retention-violations");
          assertThat(d.getReason()).startsWith("unknown-order: retention violation v-1 (EARLY_DELETION): order order-ghost of creator "
              + CREATOR).contains("ledger.unknown-party-wait");
        },
        d -> {
          assertThat(d.getTopic()).isEqualTo("flagged-cases");
          assertThat(d.getReason()).startsWith("unknown-order: fake-traffic case case-1: order order-ghost-2");
        });
    // The creator's standing is untouched: a later violation starts from 12.
    send(deletion("v-2", "order-1", ofDays(20)));
    watermark(ofDays(20));
    assertThat(drain(harness)).singleElement().satisfies(p -> assertThat(p.getScoreBefore()).isEqualTo(12));
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void causesThatComeBeforeTheOrderEventIntroducingTheirPartyAreAppliedThenAsIfInOrder() throws Exception {
    // In order: the creator's order exists when the finding comes, order-2 when its deletion comes.
    open(Map.of());
    send(created("order-1", CREATOR, "adv-order-1", AGENCY, 10_000, at(ofDays(3))));
    send(of(ViolationKind.PRIVATE_DEAL, "f-1", ofDays(3).plusHours(1)));
    send(created("order-2", CREATOR, "adv-order-2", AGENCY, 10_000, at(ofDays(46))));
    send(deletion("v-1", "order-2", ofDays(46).plus(ofHours(10))));
    watermark(ofDays(47));
    List<Penalty> inOrder = drain(harness);
    List<Refund> refundsInOrder = drain(harness, CreditLedger.REFUNDS);
    assertThat(inOrder).hasSize(2);
    harness.close();

    // Out of order in event time: the finding 2 h before the creator's first order event, the deletion of order-2
    // 5 h before order-2's CREATED; both within the wait (1d), and read in an order of their own.
    open(Map.of());
    send(deletion("v-1", "order-2", ofDays(46).plus(ofHours(10))));
    send(of(ViolationKind.PRIVATE_DEAL, "f-1", ofDays(3).plusHours(1)));
    send(created("order-1", CREATOR, "adv-order-1", AGENCY, 10_000, at(ofDays(3).plusHours(3))));
    send(created("order-2", CREATOR, "adv-order-2", AGENCY, 10_000, at(ofDays(46).plus(ofHours(15)))));
    watermark(ofDays(47));
    List<Penalty> outOfOrder = drain(harness);
    List<Refund> refunds = drain(harness, CreditLedger.REFUNDS);

    assertThat(deadLetters(harness)).isEmpty();
    assertThat(outOfOrder).extracting(Penalty::getPenaltyId, Penalty::getCause, Penalty::getPointsDeducted, Penalty::getScoreBefore,
            Penalty::getScoreAfter, Penalty::getSanction, Penalty::getAgencyId, Penalty::getEvidence, Penalty::getPolicyVersion)
        .containsExactlyElementsOf(inOrder.stream().map(p -> org.assertj.core.groups.Tuple.tuple(p.getPenaltyId(), p.getCause(),
            p.getPointsDeducted(), p.getScoreBefore(), p.getScoreAfter(), p.getSanction(), p.getAgencyId(), p.getEvidence(),
            p.getPolicyVersion())).toList());
    // Decided when both facts exist: at the order event that introduced the party (so a suspension runs from then).
    assertThat(outOfOrder).extracting(Penalty::getEventTime)
        .containsExactly(at(ofDays(3).plusHours(3)), at(ofDays(46).plus(ofHours(15))));
    assertThat(outOfOrder.get(1).getSuspendedUntil()).isEqualTo(at(ofDays(46 + 30).plus(ofHours(15))));
    assertThat(refunds).singleElement().satisfies(r -> {
      assertThat(r.getOrderId()).isEqualTo("order-2");
      assertThat(r.getAmountMinor()).isEqualTo(refundsInOrder.get(0).getAmountMinor()).isEqualTo(2_500L);
      assertThat(r.getBasis()).isEqualTo(RefundBasis.PRO_RATA);
    });
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void waitingCausesAreAppliedByTheirEventTimeThenIdAndAnOrderEventAtTheEndOfTheWaitStillCounts() throws Exception {
    open(Map.of("policy.repeat-extra-points", "0"));
    send(of(ViolationKind.PRIVATE_DEAL, "f-b", ofDays(3).plusHours(2)));
    send(of(ViolationKind.PRIVATE_DEAL, "f-c", ofDays(3).plusHours(1)));
    send(of(ViolationKind.PRIVATE_DEAL, "f-a", ofDays(3).plusHours(2)));
    // Exactly one wait (1d) after the earliest finding.
    send(published("order-1", CREATOR, at(ofDays(4).plusHours(1))));
    watermark(ofDays(5));

    assertThat(drain(harness)).extracting(Penalty::getCauseId, Penalty::getScoreAfter)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("f-c", 9), org.assertj.core.groups.Tuple.tuple("f-a", 6),
            org.assertj.core.groups.Tuple.tuple("f-b", 3));
    assertThat(deadLetters(harness)).isEmpty();
    assertStateAndTimersGoneAtEndOfTime();
  }

  @Test
  void withNoWaitACauseAboutAnUnknownPartyGoesToDeadLettersAtOnce() throws Exception {
    open(Map.of("ledger.unknown-party-wait", "0s"));
    send(of(ViolationKind.PRIVATE_DEAL, "f-1", ofDays(3)));
    // At the same instant an order event still comes first: that creator is known.
    send(created("order-2", "creator-2", "adv-2", null, 5_000, at(ofDays(3))));
    send(new PrivateDealCause().map(privateDeal("f-2", "creator-2", at(ofDays(3)))));
    watermark(ofDays(3));

    assertThat(drain(harness)).extracting(Penalty::getCreatorId).containsExactly("creator-2");
    assertThat(deadLetters(harness)).singleElement().satisfies(d -> assertThat(d.getReason())
        .startsWith("unknown-creator: private-deal finding f-1").contains("0s (ledger.unknown-party-wait)"));
  }

  @Test
  void aCreatorAndItsOrdersStayKnownForTheSeenCauseRetentionAfterTheirLastOrderEvent() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    send(completed("order-1", CREATOR, at(ofDays(2))));
    // The order leaves the ledger around day 70 (retention end + grace); its memory stays until day 402.
    send(of(ViolationKind.PRIVATE_DEAL, "f-1", ofDays(401)));
    send(deletion("v-1", "order-1", ofDays(401)));
    watermark(ofDays(401));
    assertThat(drain(harness)).extracting(Penalty::getCauseId).containsExactly("v-1", "f-1");
    assertThat(deadLetters(harness)).singleElement()
        .satisfies(d -> assertThat(d.getReason()).startsWith("refund-undecided: retention violation v-1"));

    // Once that memory and the standing (reset after a year) are gone, a cause about them is one about a party never seen.
    send(of(ViolationKind.PRIVATE_DEAL, "f-2", ofDays(900)));
    send(deletion("v-9", "order-1", ofDays(900)));
    watermark(ofDays(902));
    assertThat(drain(harness)).isEmpty();
    assertThat(deadLetters(harness)).extracting(d -> d.getReason().substring(0, d.getReason().indexOf(':')))
        .containsExactly("unknown-creator", "unknown-creator");
    assertStateAndTimersGoneAtEndOfTime();
  }
}
