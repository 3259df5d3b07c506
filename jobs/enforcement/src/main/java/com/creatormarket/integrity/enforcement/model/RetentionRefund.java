package com.creatormarket.integrity.enforcement.model;

/** How much of an advertiser's prepayment comes back when a creator takes a video down early. */
public enum RetentionRefund {
  /** Whatever of the prepayment has not been refunded yet. */
  FULL,
  /** The prepayment times the natural days missing over the retention days, rounded down. */
  PRO_RATA,
  /** Nothing: the penalty is the only consequence. */
  NONE
}
