package com.creatormarket.integrity.enforcement.functions;

import static com.creatormarket.integrity.common.checks.Fields.blank;

import com.creatormarket.integrity.avro.Actor;
import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.FindingKind;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.RetentionOutcome;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.enforcement.model.PenaltyReview;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.common.checks.OrderEventRules;
import com.creatormarket.integrity.common.io.RecordCheck;
import com.creatormarket.integrity.common.io.Rejection;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which decoded input records enforcement can act on. The others go to dead letters as
 * INVALID with a reason code, at the door (the Kafka source, before they could move a watermark).
 * An enum value this reader does not know (UNKNOWN, written by a newer producer) is never guessed
 * at: money and sanctions depend on it.
 *
 * <p>Reason codes are those of {@link OrderEventRules} where the meaning is the same
 * ({@code blank-id}, {@code unknown-kind}, {@code negative-retention}); {@code unknown-actor} is the
 * retention job's. Order events are checked by {@link OrderEventRules} plus what only enforcement needs.
 */
public final class InputChecks {

  private InputChecks() {}

  public static RecordCheck<RetentionViolation> violations() {
    return v -> {
      Rejection blank = blankIds("retention violation", "violationId", v.getViolationId(), "orderId", v.getOrderId(),
          "videoId", v.getVideoId(), "creatorId", v.getCreatorId(), "advertiserId", v.getAdvertiserId());
      if (blank != null) {
        return blank;
      }
      if (v.getAgencyId() != null && blank(v.getAgencyId())) {
        return blankAgency("retention violation");
      }
      if (v.getOutcome() == RetentionOutcome.UNKNOWN) {
        return Rejection.of("unknown-kind", "retention outcome UNKNOWN: an outcome this reader does not know");
      }
      if (v.getRemovalKind() == LifecycleKind.UNKNOWN) {
        return Rejection.of("unknown-kind", "removalKind UNKNOWN: a removal this reader does not know");
      }
      if (v.getOutcome() == RetentionOutcome.HIDING_ENDED
          && (v.getHidingEndedAt() == null || v.getHidingEndedAt().isBefore(v.getRemovedAt()))) {
        return Rejection.of("missing-field", "HIDING_ENDED without hidingEndedAt at or after the hiding (removedAt "
            + v.getRemovedAt() + ", hidingEndedAt " + v.getHidingEndedAt() + "): the days hidden cannot be counted");
      }
      if (v.getActor() == Actor.UNKNOWN) {
        return Rejection.of("unknown-actor", "actor UNKNOWN: cannot tell whose fault the removal is");
      }
      if (v.getRetentionDays() < 0) {
        return Rejection.of("negative-retention", "retentionDays " + v.getRetentionDays() + " is negative");
      }
      if (v.getHideCount() < 0) {
        return Rejection.of("negative-count", "hideCount " + v.getHideCount() + " is negative");
      }
      try {
        ZoneId.of(v.getTimeZone());
      } catch (DateTimeException e) {
        return Rejection.of("unknown-time-zone", "time zone '" + v.getTimeZone() + "' unknown: natural days cannot be counted");
      }
      return null;
    };
  }

  public static RecordCheck<FlaggedCase> cases() {
    return c -> {
      Rejection blank = blankIds("flagged case", "caseId", c.getCaseId(), "caseVersionId", c.getCaseVersionId(),
          "orderId", c.getOrderId(), "videoId", c.getVideoId(), "creatorId", c.getCreatorId(), "advertiserId", c.getAdvertiserId());
      if (blank != null) {
        return blank;
      }
      if (c.getAgencyId() != null && blank(c.getAgencyId())) {
        return blankAgency("flagged case");
      }
      if (c.getLevel() == ResponseLevel.UNKNOWN) {
        return Rejection.of("unknown-kind", "response level UNKNOWN: a level this reader does not know");
      }
      if (c.getVersion() < 1) {
        return Rejection.of("invalid-version", "case version " + c.getVersion() + " is below 1 (versions count from 1)");
      }
      // The schema documents the combined risk score as a number in [0, 1]; NaN fails both comparisons.
      double score = c.getRiskScore();
      if (!(score >= 0.0 && score <= 1.0)) {
        return Rejection.of("out-of-range", "riskScore " + score + " is not a number in [0, 1]");
      }
      return null;
    };
  }

  public static RecordCheck<ReviewDecision> decisions() {
    return d -> {
      if (d.getDecision() == ReviewOutcome.UNKNOWN) {
        return Rejection.of("unknown-kind", "review outcome UNKNOWN: a decision this reader does not know");
      }
      if (!isAppeal(d)) {
        return blankIds("review decision", "decisionId", d.getDecisionId(), "caseId", d.getCaseId(),
            "orderId", d.getOrderId(), "reviewerId", d.getReviewerId());
      }
      // An appeal goes to the creator's ledger and names the penalty; a penalty without an order (a private deal) has none.
      Rejection blank = blankIds("appeal decision", "decisionId", d.getDecisionId(), "caseId", d.getCaseId(),
          "reviewerId", d.getReviewerId(), "creatorId", d.getCreatorId(), "penaltyId", d.getPenaltyId());
      if (blank != null) {
        return blank;
      }
      if (d.getAppealedAt() == null) {
        return Rejection.of("missing-field", "appeal decision " + d.getDecisionId() + " without appealedAt: the appeal window cannot be checked");
      }
      if (d.getAppealedAt().isAfter(d.getDecidedAt())) {
        return Rejection.of("out-of-range", "appeal decision " + d.getDecisionId() + " decided at " + d.getDecidedAt()
            + ", before the appeal was filed (" + d.getAppealedAt() + ")");
      }
      return null;
    };
  }

  /** Whether a decision is on a creator's appeal (for the ledger) rather than on a case: {@link PenaltyReview#isAppeal(ReviewDecision)}. */
  public static boolean isAppeal(ReviewDecision d) {
    return PenaltyReview.isAppeal(d);
  }

  public static RecordCheck<ContentFinding> findings() {
    return f -> {
      Rejection blank = blankIds("content finding", "findingId", f.getFindingId(), "creatorId", f.getCreatorId());
      if (blank != null) {
        return blank;
      }
      if (f.getKind() == FindingKind.UNKNOWN) {
        return Rejection.of("unknown-kind", "finding kind UNKNOWN: a finding this reader does not know");
      }
      if (blank(f.getSource())) {
        return Rejection.of("missing-field", "content finding without the source system that made it");
      }
      return null;
    };
  }

  /**
   * Order events: the rules every reader of order-events applies ({@link OrderEventRules}: ids, kind,
   * amounts, ISO 4217 currency, the facts each kind must carry), then enforcement's own: an agency,
   * when named, is an id (it keys the agency watch and goes into every penalty).
   */
  public static RecordCheck<OrderEvent> orders() {
    return OrderEventRules.all().and(e -> e.getAgencyId() != null && blank(e.getAgencyId()) ? blankAgency("order event") : null);
  }

  /** A blank-id rejection naming every required id that is blank, or null when none is. */
  private static Rejection blankIds(String what, String... namesAndValues) {
    List<String> blanks = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (blank(namesAndValues[i + 1])) {
        blanks.add(namesAndValues[i]);
      }
    }
    return blanks.isEmpty() ? null
        : Rejection.of("blank-id", what + " with blank " + String.join(", ", blanks));
  }

  private static Rejection blankAgency(String what) {
    return Rejection.of("blank-id", what + " with a blank agencyId (an agency is named by an id or not at all)");
  }
}
