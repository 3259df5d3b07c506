package com.creatormarket.integrity.enforcement.functions;

import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.enforcement.model.ConfirmedViolation;
import org.apache.flink.api.common.functions.MapFunction;

/** A content finding of a private deal is a violation of the creator, with no order and no refund. */
public final class PrivateDealCause implements MapFunction<ContentFinding, ConfirmedViolation> {

  private static final long serialVersionUID = 1L;

  @Override
  public ConfirmedViolation map(ContentFinding f) {
    ConfirmedViolation c = new ConfirmedViolation();
    c.kind = ViolationKind.PRIVATE_DEAL;
    c.causeId = f.getFindingId();
    c.creatorId = f.getCreatorId();
    c.evidence = Evidence.of(f);
    c.eventTime = f.getFoundAt().toEpochMilli();
    return c;
  }
}
