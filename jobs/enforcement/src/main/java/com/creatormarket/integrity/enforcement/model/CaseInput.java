package com.creatormarket.integrity.enforcement.model;

import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.ReviewDecision;

/** One record for the case review: a version of a flagged case or a reviewer's decision. Exactly one field is set. */
public class CaseInput {
  public FlaggedCase flagged;
  public ReviewDecision decision;

  public CaseInput() {}

  public static CaseInput of(FlaggedCase flagged) {
    CaseInput in = new CaseInput();
    in.flagged = flagged;
    return in;
  }

  public static CaseInput of(ReviewDecision decision) {
    CaseInput in = new CaseInput();
    in.decision = decision;
    return in;
  }

  public String caseId() {
    return flagged != null ? flagged.getCaseId() : decision.getCaseId();
  }

  public long eventTime() {
    return flagged != null ? flagged.getLastEventTime().toEpochMilli() : decision.getDecidedAt().toEpochMilli();
  }
}
