package com.creatormarket.integrity.enforcement.functions;

import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.FindingKind;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.RetentionOutcome;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.common.io.RecordCheck;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * Decides which decoded input records enforcement can act on. The others go to dead letters as
 * INVALID with the reason, at the input triage. An enum value this reader does not know (UNKNOWN,
 * written by a newer producer) is never guessed at: money and sanctions depend on it.
 */
public final class InputChecks {

  private InputChecks() {}

  public static RecordCheck<RetentionViolation> violations() {
    return v -> {
      if (blank(v.getViolationId()) || blank(v.getOrderId()) || blank(v.getCreatorId())) {
        return "retention violation without violationId, orderId or creatorId";
      }
      if (v.getOutcome() == RetentionOutcome.UNKNOWN) {
        return "retention outcome unknown to this reader";
      }
      if (v.getRetentionDays() < 0) {
        return "negative retentionDays " + v.getRetentionDays();
      }
      try {
        ZoneId.of(v.getTimeZone());
      } catch (DateTimeException e) {
        return "time zone '" + v.getTimeZone() + "' unknown: natural days cannot be counted";
      }
      return null;
    };
  }

  public static RecordCheck<FlaggedCase> cases() {
    return c -> {
      if (blank(c.getCaseId()) || blank(c.getOrderId()) || blank(c.getCreatorId())) {
        return "flagged case without caseId, orderId or creatorId";
      }
      if (c.getLevel() == ResponseLevel.UNKNOWN) {
        return "response level unknown to this reader";
      }
      if (c.getVersion() < 1) {
        return "case version " + c.getVersion() + " below 1";
      }
      return null;
    };
  }

  public static RecordCheck<ReviewDecision> decisions() {
    return d -> {
      if (blank(d.getDecisionId()) || blank(d.getCaseId())) {
        return "review decision without decisionId or caseId";
      }
      if (d.getDecision() == ReviewOutcome.UNKNOWN) {
        return "review outcome unknown to this reader";
      }
      return null;
    };
  }

  public static RecordCheck<ContentFinding> findings() {
    return f -> {
      if (blank(f.getFindingId()) || blank(f.getCreatorId())) {
        return "content finding without findingId or creatorId";
      }
      if (f.getKind() == FindingKind.UNKNOWN) {
        return "finding kind unknown to this reader";
      }
      return null;
    };
  }

  /** Order events: the ledger keys them by creator, and CREATED must carry the money facts. */
  public static RecordCheck<OrderEvent> orders() {
    return e -> {
      if (blank(e.getOrderId()) || blank(e.getCreatorId())) {
        return "order event without orderId or creatorId";
      }
      if (e.getKind() == OrderEventKind.UNKNOWN) {
        return "order event kind unknown to this reader";
      }
      if (e.getKind() == OrderEventKind.CREATED) {
        if (e.getPrepaidMinor() == null || e.getPrepaidMinor() < 0) {
          return "CREATED without a prepaidMinor of 0 or more";
        }
        if (blank(e.getCurrency())) {
          return "CREATED without currency";
        }
      }
      if (e.getRetentionDays() != null && e.getRetentionDays() < 0) {
        return "negative retentionDays " + e.getRetentionDays();
      }
      return null;
    };
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
