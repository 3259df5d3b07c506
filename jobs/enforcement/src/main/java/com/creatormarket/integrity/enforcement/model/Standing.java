package com.creatormarket.integrity.enforcement.model;

import com.creatormarket.integrity.avro.Sanction;

/** A creator's credit standing: score and sanctions. A Flink POJO; absent state means 12 points, no sanction. */
public class Standing {
  public int score;
  public boolean accessEnded;
  /** End of an order-taking suspension; null when never suspended. */
  public Long suspendedUntil;
  /** The creator's agency as last known from a cause or an order; null when unknown or none. */
  public String agencyId;
  public long lastViolationAt;
  /** How many penalties the ledger has decided in this standing: the order a reversal replays them in. */
  public long penaltiesDecided;
  /** The suspension end whose lift was announced (sanction-lifts), so it is announced once. */
  public Long liftAnnouncedFor;
  /** Event time at which the standing returns to a clean 12 points (never once access ended). */
  public long resetAt;
  /**
   * Event time the recovery of points (policy.recovery-points) counts from: the last penalty, moved on
   * by each whole period already won back. {@link #score} is the score at that instant.
   */
  public long recoveryFrom;

  public Standing() {}

  /** The sanction in force at {@code time}. */
  public Sanction sanctionAt(long time, int warningBelow) {
    if (accessEnded) {
      return Sanction.ACCESS_ENDED;
    }
    if (suspendedUntil != null && suspendedUntil > time) {
      return Sanction.ORDER_TAKING_SUSPENDED;
    }
    return score < warningBelow ? Sanction.WARNING : Sanction.NONE;
  }
}
