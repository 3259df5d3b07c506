package com.creatormarket.integrity.enforcement.functions;

import static com.creatormarket.integrity.enforcement.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.Actor;
import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.FindingKind;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.RetentionOutcome;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.common.io.Rejection;
import com.creatormarket.integrity.enforcement.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What enforcement will not guess at goes to dead letters with a reason code and, in words, what is wrong. */
class InputChecksTest {

  private static final OrderEvent ORDER = Fixtures.created("o", "c", "a", "agency-1", 100, T0);
  private static final RetentionViolation VIOLATION = Fixtures.violation("v", RetentionOutcome.EARLY_DELETION, "o", "c", "agency-1", T0, T0);
  private static final FlaggedCase CASE = Fixtures.flagged("k", 1, ResponseLevel.REVIEW, "o", "c", "agency-1", T0);
  private static final ReviewDecision DECISION = Fixtures.decision("d", "k", ReviewOutcome.CONFIRM, T0);
  private static final ContentFinding FINDING = Fixtures.privateDeal("f", "c", T0);

  private static void assertRejected(Rejection r, String code, String... detailMentions) {
    assertThat(r).as("rejection").isNotNull();
    assertThat(r.code()).isEqualTo(code);
    assertThat(r.detail()).contains(detailMentions);
    assertThat(r.reason()).startsWith(code + ": ");
  }

  @Test
  void validFixturesPass() {
    assertThat(InputChecks.orders().problem(ORDER)).isNull();
    assertThat(InputChecks.orders().problem(Fixtures.created("o", "c", "a", null, 100, T0))).as("no agency").isNull();
    assertThat(InputChecks.orders().problem(Fixtures.published("o", "c", T0))).isNull();
    assertThat(InputChecks.orders().problem(Fixtures.completed("o", "c", T0))).isNull();
    assertThat(InputChecks.violations().problem(VIOLATION)).isNull();
    assertThat(InputChecks.cases().problem(CASE)).isNull();
    assertThat(InputChecks.decisions().problem(DECISION)).isNull();
    assertThat(InputChecks.findings().problem(FINDING)).isNull();
  }

  @Test
  void kindsUnknownToThisReaderAreRejected() {
    assertRejected(InputChecks.orders().problem(OrderEvent.newBuilder(ORDER).setKind(OrderEventKind.UNKNOWN).build()),
        "unknown-kind", "kind unknown");
    assertRejected(InputChecks.violations().problem(RetentionViolation.newBuilder(VIOLATION).setOutcome(RetentionOutcome.UNKNOWN).build()),
        "unknown-kind", "retention outcome UNKNOWN");
    assertRejected(InputChecks.violations().problem(RetentionViolation.newBuilder(VIOLATION).setRemovalKind(LifecycleKind.UNKNOWN).build()),
        "unknown-kind", "removalKind UNKNOWN");
    assertRejected(InputChecks.violations().problem(RetentionViolation.newBuilder(VIOLATION).setActor(Actor.UNKNOWN).build()),
        "unknown-actor", "whose fault");
    assertRejected(InputChecks.cases().problem(FlaggedCase.newBuilder(CASE).setLevel(ResponseLevel.UNKNOWN).build()),
        "unknown-kind", "response level UNKNOWN");
    assertRejected(InputChecks.decisions().problem(ReviewDecision.newBuilder(DECISION).setDecision(ReviewOutcome.UNKNOWN).build()),
        "unknown-kind", "review outcome UNKNOWN");
    assertRejected(InputChecks.findings().problem(ContentFinding.newBuilder(FINDING).setKind(FindingKind.UNKNOWN).build()),
        "unknown-kind", "finding kind UNKNOWN");
  }

  @Test
  void anAppealMustNameItsCreatorAndPenaltyAndWhenItWasFiledBeforeItWasDecided() {
    ReviewDecision appeal = Fixtures.appeal("a", "creator-1", "v-1", ReviewOutcome.UPHOLD_APPEAL, T0, T0.plusSeconds(60));
    assertThat(InputChecks.decisions().problem(appeal)).as("an appeal of a private deal has no order").isNull();
    assertThat(InputChecks.isAppeal(appeal)).isTrue();
    assertThat(InputChecks.isAppeal(DECISION)).isFalse();
    assertRejected(InputChecks.decisions().problem(ReviewDecision.newBuilder(appeal).setCreatorId(null).setPenaltyId(" ").build()),
        "blank-id", "appeal decision", "creatorId, penaltyId");
    assertRejected(InputChecks.decisions().problem(ReviewDecision.newBuilder(appeal).setAppealedAt(null).build()),
        "missing-field", "without appealedAt");
    assertRejected(InputChecks.decisions().problem(ReviewDecision.newBuilder(appeal).setAppealedAt(T0.plusSeconds(61)).build()),
        "out-of-range", "before the appeal was filed");
    assertRejected(InputChecks.decisions().problem(ReviewDecision.newBuilder(DECISION).setOrderId("").build()),
        "blank-id", "review decision", "orderId");
  }

  @Test
  void blankIdsAreRejectedNamingTheField() {
    assertRejected(InputChecks.orders().problem(OrderEvent.newBuilder(ORDER).setCreatorId(" ").build()), "blank-id", "creatorId");
    assertRejected(InputChecks.orders().problem(OrderEvent.newBuilder(ORDER).setAgencyId("").build()), "blank-id", "agencyId");
    assertRejected(InputChecks.violations().problem(RetentionViolation.newBuilder(VIOLATION).setCreatorId("").build()),
        "blank-id", "retention violation", "creatorId");
    assertRejected(InputChecks.violations().problem(RetentionViolation.newBuilder(VIOLATION).setOrderId(" ").setVideoId("").build()),
        "blank-id", "orderId, videoId");
    assertRejected(InputChecks.violations().problem(RetentionViolation.newBuilder(VIOLATION).setAgencyId(" ").build()), "blank-id", "agencyId");
    assertRejected(InputChecks.cases().problem(FlaggedCase.newBuilder(CASE).setOrderId("").build()), "blank-id", "flagged case", "orderId");
    assertRejected(InputChecks.cases().problem(FlaggedCase.newBuilder(CASE).setAgencyId("").build()), "blank-id", "agencyId");
    assertRejected(InputChecks.decisions().problem(ReviewDecision.newBuilder(DECISION).setCaseId("\t").build()),
        "blank-id", "review decision", "caseId");
    assertRejected(InputChecks.findings().problem(ContentFinding.newBuilder(FINDING).setCreatorId("").build()),
        "blank-id", "content finding", "creatorId");
    assertRejected(InputChecks.findings().problem(ContentFinding.newBuilder(FINDING).setSource(" ").build()), "missing-field", "source");
  }

  @Test
  void ordersWithANegativePriceOrACurrencyOutsideIso4217AreRejected() {
    assertRejected(InputChecks.orders().problem(OrderEvent.newBuilder(ORDER).setPriceMinor(-1L).setPrepaidMinor(0L).build()),
        "negative-amount", "priceMinor -1");
    assertRejected(InputChecks.orders().problem(OrderEvent.newBuilder(ORDER).setPrepaidMinor(-5L).build()),
        "negative-amount", "prepaidMinor -5");
    assertRejected(InputChecks.orders().problem(OrderEvent.newBuilder(ORDER).setCurrency("XXXX-not-iso").build()),
        "unknown-currency", "XXXX-not-iso", "ISO 4217");
  }

  @Test
  void moneyFactsAndTimeZonesMustBeThere() {
    assertRejected(InputChecks.orders().problem(OrderEvent.newBuilder(ORDER).setPrepaidMinor(null).build()), "missing-field", "prepaidMinor");
    assertRejected(InputChecks.orders().problem(OrderEvent.newBuilder(ORDER).setCurrency(null).build()), "missing-field", "currency");
    assertRejected(InputChecks.violations().problem(RetentionViolation.newBuilder(VIOLATION).setTimeZone("Mars/Olympus").build()),
        "unknown-time-zone", "Mars/Olympus");
    assertRejected(InputChecks.violations().problem(RetentionViolation.newBuilder(VIOLATION).setRetentionDays(-1).build()),
        "negative-retention", "retentionDays -1");
    assertRejected(InputChecks.violations().problem(RetentionViolation.newBuilder(VIOLATION).setHideCount(-2).build()),
        "negative-count", "hideCount -2");
    RetentionViolation end = RetentionViolation.newBuilder(VIOLATION).setOutcome(RetentionOutcome.HIDING_ENDED).build();
    assertRejected(InputChecks.violations().problem(end), "missing-field", "HIDING_ENDED without hidingEndedAt");
    assertRejected(InputChecks.violations().problem(RetentionViolation.newBuilder(end)
        .setHidingEndedAt(VIOLATION.getRemovedAt().minusSeconds(1)).build()), "missing-field", "HIDING_ENDED without hidingEndedAt");
    assertThat(InputChecks.violations().problem(RetentionViolation.newBuilder(end)
        .setHidingEndedAt(VIOLATION.getRemovedAt().plusSeconds(3600)).build())).isNull();
  }

  @ParameterizedTest(name = "riskScore {0}")
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.01, 1.0001, 7})
  void aRiskScoreOutsideZeroToOneIsRejected(double score) {
    assertRejected(InputChecks.cases().problem(FlaggedCase.newBuilder(CASE).setRiskScore(score).build()),
        "out-of-range", "riskScore " + score, "[0, 1]");
  }

  @ParameterizedTest(name = "riskScore {0}")
  @ValueSource(doubles = {0.0, 0.5, 1.0})
  void aRiskScoreWithinZeroToOnePasses(double score) {
    assertThat(InputChecks.cases().problem(FlaggedCase.newBuilder(CASE).setRiskScore(score).build())).isNull();
  }

  @Test
  void caseVersionsCountFromOne() {
    assertRejected(InputChecks.cases().problem(FlaggedCase.newBuilder(CASE).setVersion(0).build()), "invalid-version", "version 0");
  }
}
