package com.creatormarket.integrity.enforcement.model;

import com.creatormarket.integrity.avro.OrderEvent;

/**
 * One record for the credit ledger: an order event (the creator's orders in progress), a
 * confirmed violation, or a reviewer's decision about a penalty. Exactly one field is set. One
 * type lets one keyed operator order them all by event time.
 */
public class LedgerInput {
  public OrderEvent order;
  public ConfirmedViolation violation;
  public PenaltyReview review;

  public LedgerInput() {}

  public static LedgerInput of(OrderEvent order) {
    LedgerInput in = new LedgerInput();
    in.order = order;
    return in;
  }

  public static LedgerInput of(ConfirmedViolation violation) {
    LedgerInput in = new LedgerInput();
    in.violation = violation;
    return in;
  }

  public static LedgerInput of(PenaltyReview review) {
    LedgerInput in = new LedgerInput();
    in.review = review;
    return in;
  }

  public String creatorId() {
    return order != null ? order.getCreatorId() : violation != null ? violation.creatorId : review.creatorId;
  }

  public long eventTime() {
    return order != null ? order.getEventTime().toEpochMilli() : violation != null ? violation.eventTime : review.eventTime;
  }
}
