package com.creatormarket.integrity.enforcement.model;

/**
 * What the creator is paid, when a penalty is reversed, for an order its cause terminated unpaid.
 * The advertiser keeps the refund (no claw-back), so the platform pays.
 */
public enum ReversalCompensation {
  /** The order price, when the video was published before the termination (the work was delivered); else nothing. */
  FULL,
  /** The order price times the natural days the video stayed up before the termination over its retention days, rounded down. */
  PRO_RATA,
  /** Nothing: the reversal restores points and sanctions only. */
  NONE
}
