package com.creatormarket.integrity.enforcement.functions;

import static com.creatormarket.integrity.enforcement.Fixtures.T0;
import static com.creatormarket.integrity.enforcement.Fixtures.at;
import static com.creatormarket.integrity.enforcement.Fixtures.created;
import static com.creatormarket.integrity.enforcement.Fixtures.published;
import static com.creatormarket.integrity.enforcement.functions.Harnesses.deadLetters;
import static com.creatormarket.integrity.enforcement.functions.Harnesses.drain;
import static java.time.Duration.ofDays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.creatormarket.integrity.avro.CompensationBasis;
import com.creatormarket.integrity.avro.CreatorCompensation;
import com.creatormarket.integrity.avro.LiftReason;
import com.creatormarket.integrity.avro.Penalty;
import com.creatormarket.integrity.avro.Refund;
import com.creatormarket.integrity.avro.ReversalReason;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.avro.Sanction;
import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.enforcement.Fixtures;
import com.creatormarket.integrity.enforcement.model.ConfirmedViolation;
import com.creatormarket.integrity.enforcement.model.LedgerInput;
import com.creatormarket.integrity.enforcement.model.PenaltyReview;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ledger's side of reversals and lifted sanctions (issue #15): a dismissal after enforcement or
 * an upheld appeal gives the points back and recomputes the sanction from the penalties that stand;
 * money that moved stays moved and the creator is compensated by policy; a suspension that runs out
 * is announced once.
 */
class PenaltyReversalTest extends LedgerHarnessTest {

  private static PenaltyReview dismissal(String decisionId, String caseId, Duration at) {
    return PenaltyReview.ofDismissal(Fixtures.decision(decisionId, caseId, ReviewOutcome.DISMISS, at(at)), CREATOR, caseId);
  }

  private static PenaltyReview appeal(String decisionId, String causeId, ReviewOutcome outcome, Duration appealedAt, Duration decidedAt) {
    return PenaltyReview.ofAppeal(Fixtures.appeal(decisionId, CREATOR, causeId, outcome, at(appealedAt), at(decidedAt)));
  }

  private static String penaltyId(String causeId) {
    return StableIds.of("penalty", causeId, CREATOR);
  }

  @Test
  void aDismissalAfterEnforcementRestoresThePointsLiftsTheSuspensionAndLeavesTheMoneyMoved() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    orderInProgress("order-2", 25_000);
    send(fakeTraffic("case-1", "order-1", ofDays(5)));
    watermark(ofDays(5));
    assertThat(drain(harness)).singleElement().satisfies(p -> {
      assertThat(p.getScoreAfter()).isEqualTo(6);
      assertThat(p.getSanction()).isEqualTo(Sanction.ORDER_TAKING_SUSPENDED);
    });
    List<String> refundIds = drain(harness, CreditLedger.REFUNDS).stream().map(Refund::getRefundId).toList();
    assertThat(drain(harness, CreditLedger.TERMINATIONS)).hasSize(2);

    send(dismissal("d-1", "case-1", ofDays(8)));
    watermark(ofDays(8));

    String reversalId = StableIds.of("reversal", penaltyId("case-1"));
    assertThat(drain(harness, CreditLedger.REVERSALS)).singleElement().satisfies(r -> {
      assertThat(r.getReversalId()).isEqualTo(reversalId);
      assertThat(r.getPenaltyId()).isEqualTo(penaltyId("case-1"));
      assertThat(r.getReason()).isEqualTo(ReversalReason.DISMISSED_AFTER_ENFORCEMENT);
      assertThat(r.getDecisionId()).isEqualTo("d-1");
      assertThat(r.getReviewerId()).isEqualTo("reviewer-1");
      assertThat(r.getCause()).isEqualTo(ViolationKind.FAKE_TRAFFIC);
      assertThat(r.getCauseId()).isEqualTo("case-1");
      assertThat(r.getAgencyId()).isEqualTo(AGENCY);
      assertThat(r.getPointsRestored()).isEqualTo(6);
      assertThat(r.getScoreBefore()).isEqualTo(6);
      assertThat(r.getScoreAfter()).isEqualTo(12);
      assertThat(r.getSanction()).isEqualTo(Sanction.NONE);
      assertThat(r.getSuspendedUntil()).isNull();
      // Money that moved stays moved: the orders stay terminated, the advertisers keep their refunds ...
      assertThat(r.getOrdersStayTerminated()).containsExactly("order-1", "order-2");
      assertThat(r.getRefundsNotClawedBack()).containsExactlyElementsOf(refundIds).hasSize(2);
      // ... and the creator is paid the price of the delivered work (policy.reversal-compensation: full).
      assertThat(r.getCompensations())
          .extracting(CreatorCompensation::getOrderId, CreatorCompensation::getAdvertiserId, CreatorCompensation::getAmountMinor,
              CreatorCompensation::getCurrency, CreatorCompensation::getBasis)
          .containsExactly(tuple("order-1", "adv-order-1", 10_000L, "CNY", CompensationBasis.FULL),
              tuple("order-2", "adv-order-2", 25_000L, "CNY", CompensationBasis.FULL));
      assertThat(r.getCompensations()).extracting(CreatorCompensation::getCompensationId)
          .containsExactly(StableIds.of("compensation", "order-1", reversalId), StableIds.of("compensation", "order-2", reversalId));
      assertThat(r.getEventTime()).isEqualTo(at(ofDays(8)));
    });
    assertThat(drain(harness, CreditLedger.LIFTS)).singleElement().satisfies(l -> {
      assertThat(l.getLiftId()).isEqualTo(StableIds.of("sanction-lifted", CREATOR, reversalId));
      assertThat(l.getLifted()).isEqualTo(Sanction.ORDER_TAKING_SUSPENDED);
      assertThat(l.getSanction()).isEqualTo(Sanction.NONE);
      assertThat(l.getReason()).isEqualTo(LiftReason.REVERSAL);
      assertThat(l.getReversalId()).isEqualTo(reversalId);
      assertThat(l.getScore()).isEqualTo(12);
      assertThat(l.getEventTime()).isEqualTo(at(ofDays(8)));
    });
    // No new termination or refund, and no second lift when the old suspension's end passes.
    watermark(ofDays(40));
    assertThat(drain(harness, CreditLedger.TERMINATIONS)).isEmpty();
    assertThat(drain(harness, CreditLedger.REFUNDS)).isEmpty();
    assertThat(drain(harness, CreditLedger.LIFTS)).isEmpty();
    assertThat(deadLetters(harness)).isEmpty();
  }

  @Test
  void pointsRecoverOverTimeWhenThePolicySaysSoAndTheWarningIsLiftedOnce() throws Exception {
    open(Map.of("policy.recovery-points", "2", "policy.recovery-period", "30d", "policy.repeat-extra-points", "0"));
    orderInProgress("order-1", 10_000);
    send(deletion("v-1", "order-1", ofDays(2)));
    watermark(ofDays(31));
    assertThat(drain(harness)).extracting(Penalty::getScoreAfter, Penalty::getSanction).containsExactly(tuple(8, Sanction.WARNING));
    assertThat(drain(harness, CreditLedger.LIFTS)).as("10 after one period: still a warning").isEmpty();

    watermark(ofDays(62));
    assertThat(drain(harness, CreditLedger.LIFTS)).singleElement().satisfies(l -> {
      assertThat(l.getLiftId()).isEqualTo(StableIds.of("sanction-lifted", CREATOR, "score-recovered",
          Long.toString(at(ofDays(62)).toEpochMilli())));
      assertThat(l.getReason()).isEqualTo(LiftReason.SCORE_RECOVERED);
      assertThat(l.getLifted()).isEqualTo(Sanction.WARNING);
      assertThat(l.getSanction()).isEqualTo(Sanction.NONE);
      assertThat(l.getScore()).isEqualTo(12);
      assertThat(l.getEventTime()).isEqualTo(at(ofDays(62)));
    });
    // The next penalty starts from the recovered score.
    send(deletion("v-2", "order-1", ofDays(70)));
    watermark(ofDays(200));
    assertThat(drain(harness)).extracting(Penalty::getScoreBefore, Penalty::getScoreAfter).containsExactly(tuple(12, 8));
    assertThat(drain(harness, CreditLedger.LIFTS)).hasSize(1);
  }

  @Test
  void withoutRecoveryPointsComeBackOnlyAtTheReset() throws Exception {
    open(Map.of("policy.repeat-extra-points", "0"));
    orderInProgress("order-1", 10_000);
    send(deletion("v-1", "order-1", ofDays(2)));
    send(deletion("v-2", "order-1", ofDays(70)));
    watermark(ofDays(200));
    assertThat(drain(harness)).extracting(Penalty::getScoreBefore, Penalty::getScoreAfter).containsExactly(tuple(12, 8), tuple(8, 4));
    // Only the second penalty's suspension ends; the score stays at 4 (a warning).
    assertThat(drain(harness, CreditLedger.LIFTS)).extracting(l -> l.getReason(), l -> l.getScore(), l -> l.getSanction())
        .containsExactly(tuple(LiftReason.SUSPENSION_ENDED, 4, Sanction.WARNING));
  }

  @Test
  void aReversalReplaysTheRecoveryBetweenPenalties() throws Exception {
    open(Map.of("policy.recovery-points", "2", "policy.recovery-period", "30d", "policy.repeat-extra-points", "0"));
    orderInProgress("order-1", 10_000);
    send(deletion("v-1", "order-1", ofDays(2)));
    // 8 + 2 (one period) - 4 = 6.
    send(deletion("v-2", "order-1", ofDays(40)));
    send(appeal("a-2", "v-2", ReviewOutcome.UPHOLD_APPEAL, ofDays(41), ofDays(42)));
    watermark(ofDays(42));
    assertThat(drain(harness)).extracting(Penalty::getScoreAfter).containsExactly(8, 6);
    // Without the second penalty the creator stands at 8 plus one period by day 42: 10.
    assertThat(drain(harness, CreditLedger.REVERSALS)).singleElement().satisfies(r -> {
      assertThat(r.getScoreBefore()).isEqualTo(6);
      assertThat(r.getScoreAfter()).isEqualTo(10);
      assertThat(r.getPointsRestored()).isEqualTo(4);
    });
  }

  @Test
  void aSuspensionThatRunsOutIsAnnouncedOnceAtItsEnd() throws Exception {
    open(Map.of("policy.points.fake-traffic", "1"));
    orderInProgress("order-1", 10_000);
    orderInProgress("order-2", 10_000);
    send(fakeTraffic("case-1", "order-1", ofDays(5)));
    // A second suspension before the first ends: one suspension, to day 40, one lift.
    send(fakeTraffic("case-2", "order-2", ofDays(10)));
    watermark(ofDays(39));
    assertThat(drain(harness)).extracting(Penalty::getSuspendedUntil).containsExactly(at(ofDays(35)), at(ofDays(40)));
    assertThat(drain(harness, CreditLedger.LIFTS)).isEmpty();

    watermark(ofDays(40));
    assertThat(drain(harness, CreditLedger.LIFTS)).singleElement().satisfies(l -> {
      assertThat(l.getLiftId()).isEqualTo(StableIds.of("sanction-lifted", CREATOR, "suspension-ended",
          Long.toString(at(ofDays(40)).toEpochMilli())));
      assertThat(l.getLifted()).isEqualTo(Sanction.ORDER_TAKING_SUSPENDED);
      assertThat(l.getSanction()).isEqualTo(Sanction.WARNING);
      assertThat(l.getReason()).isEqualTo(LiftReason.SUSPENSION_ENDED);
      assertThat(l.getReversalId()).isNull();
      // 1 point, then 1 and a repeat's 2.
      assertThat(l.getScore()).isEqualTo(8);
      assertThat(l.getAgencyId()).isEqualTo(AGENCY);
      assertThat(l.getEventTime()).isEqualTo(at(ofDays(40)));
    });
    harness.processWatermark(Long.MAX_VALUE);
    assertThat(drain(harness, CreditLedger.LIFTS)).isEmpty();
  }

  @Test
  void anUpheldAppealReversesOnlyItsPenaltyAndTheStandingIsRecomputedFromTheOthers() throws Exception {
    // The replay with the table's points alone; with a repeat's extra points: the next test.
    open(Map.of("policy.repeat-extra-points", "0"));
    for (int i = 1; i <= 3; i++) {
      orderInProgress("order-" + i, 10_000);
      send(deletion("v-" + i, "order-" + i, ofDays(10 * i)));
    }
    watermark(ofDays(30));
    // 12 -> 8 (warning) -> 4 (suspended to day 50) -> 0 (access ended).
    assertThat(drain(harness)).extracting(Penalty::getScoreAfter, Penalty::getSanction).containsExactly(
        tuple(8, Sanction.WARNING), tuple(4, Sanction.ORDER_TAKING_SUSPENDED), tuple(0, Sanction.ACCESS_ENDED));

    send(appeal("a-2", "v-2", ReviewOutcome.UPHOLD_APPEAL, ofDays(21), ofDays(31)));
    watermark(ofDays(31));

    // Without v-2: 12 -> 8 -> 4, below the suspension band at day 30: suspended to day 60; access is back.
    assertThat(drain(harness, CreditLedger.REVERSALS)).singleElement().satisfies(r -> {
      assertThat(r.getPenaltyId()).isEqualTo(penaltyId("v-2"));
      assertThat(r.getReason()).isEqualTo(ReversalReason.APPEAL_UPHELD);
      assertThat(r.getDecisionId()).isEqualTo("a-2");
      assertThat(r.getReviewerId()).isEqualTo("reviewer-2");
      assertThat(r.getScoreBefore()).isZero();
      assertThat(r.getScoreAfter()).isEqualTo(4);
      assertThat(r.getPointsRestored()).isEqualTo(4);
      assertThat(r.getSanction()).isEqualTo(Sanction.ORDER_TAKING_SUSPENDED);
      assertThat(r.getSuspendedUntil()).isEqualTo(at(ofDays(60)));
      // A retention penalty terminated nothing: nothing to compensate; its refund stays with the advertiser.
      assertThat(r.getOrdersStayTerminated()).isEmpty();
      assertThat(r.getCompensations()).isEmpty();
      assertThat(r.getRefundsNotClawedBack()).containsExactly(StableIds.of("refund", "order-2", "v-2"));
    });
    assertThat(drain(harness, CreditLedger.LIFTS)).singleElement().satisfies(l -> {
      assertThat(l.getLifted()).isEqualTo(Sanction.ACCESS_ENDED);
      assertThat(l.getSanction()).isEqualTo(Sanction.ORDER_TAKING_SUSPENDED);
      assertThat(l.getSuspendedUntil()).isEqualTo(at(ofDays(60)));
      assertThat(l.getReason()).isEqualTo(LiftReason.REVERSAL);
    });

    // The recomputed suspension ends in its time; the standing counts the restored points from now on.
    watermark(ofDays(60));
    assertThat(drain(harness, CreditLedger.LIFTS)).singleElement().satisfies(l -> {
      assertThat(l.getReason()).isEqualTo(LiftReason.SUSPENSION_ENDED);
      assertThat(l.getSanction()).isEqualTo(Sanction.WARNING);
      assertThat(l.getScore()).isEqualTo(4);
    });
    send(new PrivateDealCause().map(Fixtures.privateDeal("f-1", CREATOR, at(ofDays(70)))));
    watermark(ofDays(70));
    assertThat(drain(harness)).singleElement().satisfies(p -> {
      assertThat(p.getScoreBefore()).isEqualTo(4);
      assertThat(p.getScoreAfter()).isEqualTo(1);
    });
  }

  @Test
  void reversingAFirstOffenceAlsoTakesBackTheRepeatsExtraOfTheOneAfterIt() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    orderInProgress("order-2", 10_000);
    send(deletion("v-1", "order-1", ofDays(10)));
    send(deletion("v-2", "order-2", ofDays(20)));
    watermark(ofDays(20));
    assertThat(drain(harness)).extracting(Penalty::getPointsDeducted, Penalty::getRepeatExtraPoints, Penalty::getScoreAfter)
        .containsExactly(tuple(4, 0, 8), tuple(6, 2, 2));

    send(appeal("a-1", "v-1", ReviewOutcome.UPHOLD_APPEAL, ofDays(11), ofDays(21)));
    watermark(ofDays(21));
    // Without v-1, v-2 is a first offence: 4 points, score 8; the suspension of day 20 goes with it.
    assertThat(drain(harness, CreditLedger.REVERSALS)).singleElement().satisfies(r -> {
      assertThat(r.getPointsRestored()).isEqualTo(6);
      assertThat(r.getScoreAfter()).isEqualTo(8);
      assertThat(r.getSanction()).isEqualTo(Sanction.WARNING);
    });
    assertThat(drain(harness, CreditLedger.LIFTS)).singleElement()
        .satisfies(l -> assertThat(l.getLifted()).isEqualTo(Sanction.ORDER_TAKING_SUSPENDED));
  }

  @Test
  void aReversalLongAfterAccessEndedStillCountsThePenaltiesBeforeIt() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    orderInProgress("order-2", 10_000);
    ConfirmedViolation first = fakeTraffic("case-1", "order-1", ofDays(0).plusHours(30));
    first.videoId = "video-1";
    ConfirmedViolation second = fakeTraffic("case-2", "order-2", ofDays(2));
    second.videoId = "video-2";
    send(first);
    send(second);
    watermark(ofDays(2));
    assertThat(drain(harness)).extracting(Penalty::getScoreAfter).containsExactly(6, 0);
    // Past ledger.seen-cause-retention (400 d): the penalties that ended access still weigh and stay.
    send(new PrivateDealCause().map(Fixtures.privateDeal("f-1", CREATOR, at(ofDays(420)))));
    watermark(ofDays(420));
    assertThat(drain(harness)).singleElement().satisfies(p -> assertThat(p.getPointsDeducted()).isZero());
    send(appeal("a-1", "f-1", ReviewOutcome.UPHOLD_APPEAL, ofDays(421), ofDays(421)));
    watermark(ofDays(421));
    assertThat(drain(harness, CreditLedger.REVERSALS)).singleElement().satisfies(r -> {
      assertThat(r.getPointsRestored()).isZero();
      assertThat(r.getScoreAfter()).isZero();
      assertThat(r.getSanction()).isEqualTo(Sanction.ACCESS_ENDED);
    });
    assertThat(drain(harness, CreditLedger.LIFTS)).isEmpty();
  }

  @Test
  void aReversalAtTheVeryEndOfASuspensionStillAnnouncesTheEnd() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    send(fakeTraffic("case-1", "order-1", ofDays(5)));
    send(dismissal("d-1", "case-1", ofDays(35)));
    watermark(ofDays(35));
    assertThat(drain(harness, CreditLedger.REVERSALS)).hasSize(1);
    assertThat(drain(harness, CreditLedger.LIFTS)).singleElement().satisfies(l -> {
      assertThat(l.getReason()).isEqualTo(LiftReason.SUSPENSION_ENDED);
      assertThat(l.getEventTime()).isEqualTo(at(ofDays(35)));
    });
    harness.processWatermark(Long.MAX_VALUE);
    assertThat(drain(harness, CreditLedger.LIFTS)).isEmpty();
  }

  @Test
  void aReversalMovesTheScoreResetBackToTheLastPenaltyThatStands() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    orderInProgress("order-2", 10_000);
    send(deletion("v-1", "order-1", ofDays(2)));
    send(deletion("v-2", "order-2", ofDays(300)));
    send(appeal("a-2", "v-2", ReviewOutcome.UPHOLD_APPEAL, ofDays(301), ofDays(302)));
    // A year after v-1 (no longer after v-2), the score is back at 12: the next deduction starts from there.
    send(new PrivateDealCause().map(Fixtures.privateDeal("f-1", CREATOR, at(ofDays(368)))));
    watermark(ofDays(368));
    assertThat(drain(harness)).extracting(Penalty::getCauseId, Penalty::getScoreBefore, Penalty::getScoreAfter)
        .containsExactly(tuple("v-1", 12, 8), tuple("v-2", 8, 4), tuple("f-1", 12, 9));
  }

  @Test
  void repeatsExtraPointsAddUpToTheSameTotalWhateverOrderThePenaltiesCameIn() throws Exception {
    int inOrder = finalScore(false);
    int late = finalScore(true);
    // Hidings on days 0, 90 and 90 d 1 h: 2 + (2 + 2) + (2 + 2) = 10 points in all, in either order.
    assertThat(inOrder).isEqualTo(2);
    assertThat(late).isEqualTo(inOrder);
  }

  private int finalScore(boolean secondLate) throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    ConfirmedViolation h1 = hiding("h-1", Duration.ofDays(2));
    ConfirmedViolation h2 = hiding("h-2", Duration.ofDays(92));
    ConfirmedViolation h3 = hiding("h-3", Duration.ofDays(92).plusHours(1));
    send(h1);
    if (!secondLate) {
      send(h2);
    }
    send(h3);
    watermark(ofDays(93));
    if (secondLate) {
      send(h2);
      watermark(ofDays(94));
    }
    List<Penalty> penalties = drain(harness);
    assertThat(penalties).hasSize(3);
    int score = 12 - penalties.stream().mapToInt(Penalty::getPointsDeducted).sum();
    harness.close();
    harness = null;
    return score;
  }


  @Test
  void oneCampaignIsOnePenaltyWhateverOrderItsCasesCameIn() throws Exception {
    assertThat(campaignPenalties(false)).isEqualTo(1);
    assertThat(campaignPenalties(true)).isEqualTo(1);
  }

  /** Cases of one video at day 5, 2 h later and 30 days 1 h after the first: one chain of cases within 30 days. */
  private long campaignPenalties(boolean firstLate) throws Exception {
    open(Map.of());
    for (int i = 1; i <= 3; i++) {
      orderInProgress("order-" + i, 10_000);
    }
    ConfirmedViolation a = fakeTraffic("case-a", "order-1", ofDays(5));
    ConfirmedViolation b = fakeTraffic("case-b", "order-2", ofDays(5).plusHours(2));
    ConfirmedViolation c = fakeTraffic("case-c", "order-3", ofDays(35).plusHours(1));
    for (ConfirmedViolation v : List.of(a, b, c)) {
      v.videoId = "video-shared";
    }
    if (!firstLate) {
      send(a);
    }
    send(b);
    send(c);
    watermark(ofDays(36));
    if (firstLate) {
      send(a);
      watermark(ofDays(37));
    }
    long penalties = drain(harness).size();
    harness.close();
    harness = null;
    return penalties;
  }

  @Test
  void appealsOutsideTheWindowRejectedOrRepeatedLeaveThePenaltyAsItIs() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    send(deletion("v-1", "order-1", ofDays(10)));
    watermark(ofDays(10));
    assertThat(drain(harness)).hasSize(1);

    // Filed 8 days after the penalty: past the 7-day window.
    send(appeal("a-late", "v-1", ReviewOutcome.UPHOLD_APPEAL, ofDays(18), ofDays(19)));
    // Rejected: the penalty stands, nothing is emitted.
    send(appeal("a-rejected", "v-1", ReviewOutcome.REJECT_APPEAL, ofDays(11), ofDays(19)));
    watermark(ofDays(19));
    assertThat(drain(harness, CreditLedger.REVERSALS)).isEmpty();
    assertThat(deadLetters(harness)).singleElement().satisfies(d -> {
      assertThat(d.getTopic()).isEqualTo("review-decisions");
      assertThat(d.getReason()).startsWith("appeal-out-of-window: decision a-late: appeal filed at " + at(ofDays(18)))
          .contains("7d (policy.appeal-window)").contains("the penalty stands");
    });

    send(appeal("a-upheld", "v-1", ReviewOutcome.UPHOLD_APPEAL, ofDays(12), ofDays(20)));
    watermark(ofDays(20));
    assertThat(drain(harness, CreditLedger.REVERSALS)).hasSize(1);
    // The same decision delivered again is the same fact; another decision on a reversed penalty changes nothing.
    send(appeal("a-upheld", "v-1", ReviewOutcome.UPHOLD_APPEAL, ofDays(12), ofDays(20)));
    send(appeal("a-again", "v-1", ReviewOutcome.UPHOLD_APPEAL, ofDays(13), ofDays(21)));
    watermark(ofDays(21));
    assertThat(drain(harness, CreditLedger.REVERSALS)).isEmpty();
    assertThat(deadLetters(harness)).singleElement().satisfies(d ->
        assertThat(d.getReason()).startsWith("already-reversed: decision a-again: penalty " + penaltyId("v-1") + " was already reversed"));
  }

  @Test
  void aDecisionBeforeItsPenaltyWaitsForItAndOneForAPenaltyThatNeverComesIsDeadLettered() throws Exception {
    open(Map.of());
    orderInProgress("order-1", 10_000);
    // The dismissal is taken first (the case came behind the watermark); the penalty follows, then its reversal.
    send(dismissal("d-1", "case-1", ofDays(6)));
    send(dismissal("d-ghost", "case-never-enforced", ofDays(6)));
    watermark(ofDays(6));
    assertThat(drain(harness, CreditLedger.REVERSALS)).isEmpty();
    send(fakeTraffic("case-1", "order-1", ofDays(5)));
    watermark(ofDays(6).plusHours(1));
    assertThat(drain(harness)).hasSize(1);
    assertThat(drain(harness, CreditLedger.REVERSALS)).singleElement().satisfies(r -> {
      assertThat(r.getPenaltyId()).isEqualTo(penaltyId("case-1"));
      assertThat(r.getEventTime()).isEqualTo(at(ofDays(6)));
      assertThat(r.getScoreAfter()).isEqualTo(12);
    });
    assertThat(deadLetters(harness)).isEmpty();

    watermark(ofDays(7));
    assertThat(deadLetters(harness)).singleElement().satisfies(d ->
        assertThat(d.getReason()).startsWith("unknown-penalty: decision d-ghost: no penalty " + penaltyId("case-never-enforced")));
    harness.processWatermark(Long.MAX_VALUE);
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @ParameterizedTest(name = "policy.reversal-compensation={0}: {1} for order-1 (video up 4 of 60 days), 0 for an unpublished order")
  @CsvSource({"full, 60000, FULL", "pro_rata, 4000, PRO_RATA", "none, 0, NONE"})
  void theCreatorsCompensationFollowsThePolicyKnob(String knob, long amount, CompensationBasis basis) throws Exception {
    open(Map.of("policy.reversal-compensation", knob));
    orderInProgress("order-1", 60_000);
    send(created("order-2", CREATOR, "adv-order-2", AGENCY, 30_000, T0));
    send(fakeTraffic("case-1", "order-1", ofDays(5)));
    send(dismissal("d-1", "case-1", ofDays(6)));
    watermark(ofDays(6));

    assertThat(drain(harness, CreditLedger.REVERSALS)).singleElement().satisfies(r -> assertThat(r.getCompensations())
        .extracting(CreatorCompensation::getOrderId, CreatorCompensation::getAmountMinor, CreatorCompensation::getBasis)
        .containsExactly(tuple("order-1", amount, basis), tuple("order-2", 0L, basis)));
  }

  @Test
  void reversalsAndLiftsAreTheSameWhateverOrderTheRecordsOfAnInstantArriveIn() throws Exception {
    List<String> first = replay(false);
    List<String> second = replay(true);
    assertThat(second).isEqualTo(first).isNotEmpty();
  }

  private List<String> replay(boolean reversed) throws Exception {
    open(Map.of());
    List<LedgerInput> inputs = new java.util.ArrayList<>(List.of(
        LedgerInput.of(created("order-1", CREATOR, "adv-1", AGENCY, 10_000, T0)),
        LedgerInput.of(published("order-1", CREATOR, at(ofDays(1)))),
        LedgerInput.of(created("order-2", CREATOR, "adv-2", AGENCY, 10_000, T0)),
        LedgerInput.of(fakeTraffic("case-1", "order-1", ofDays(5))),
        LedgerInput.of(deletion("v-2", "order-2", ofDays(5))),
        LedgerInput.of(dismissal("d-1", "case-1", ofDays(5))),
        LedgerInput.of(appeal("a-2", "v-2", ReviewOutcome.UPHOLD_APPEAL, ofDays(5), ofDays(5)))));
    if (reversed) {
      java.util.Collections.reverse(inputs);
    }
    for (LedgerInput in : inputs) {
      harness.processElement(in, in.eventTime());
    }
    harness.processWatermark(Long.MAX_VALUE);
    List<String> out = new java.util.ArrayList<>();
    drain(harness).forEach(p -> out.add(p.toString()));
    drain(harness, CreditLedger.REVERSALS).forEach(r -> out.add(r.toString()));
    drain(harness, CreditLedger.LIFTS).forEach(l -> out.add(l.toString()));
    drain(harness, CreditLedger.REFUNDS).forEach(r -> out.add(r.toString()));
    harness.close();
    harness = null;
    return out;
  }
}
