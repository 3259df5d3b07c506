package com.creatormarket.integrity.enforcement.model;

import com.creatormarket.integrity.avro.OrderEvent;

/**
 * One record for the credit ledger: either an order event (the creator's orders in progress) or a
 * confirmed violation. Exactly one field is set. One type lets one keyed operator order both by
 * event time.
 */
public class LedgerInput {
  public OrderEvent order;
  public ConfirmedViolation violation;

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

  public String creatorId() {
    return order != null ? order.getCreatorId() : violation.creatorId;
  }

  public long eventTime() {
    return order != null ? order.getEventTime().toEpochMilli() : violation.eventTime;
  }
}
