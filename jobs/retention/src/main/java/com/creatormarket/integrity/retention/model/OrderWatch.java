package com.creatormarket.integrity.retention.model;

import com.creatormarket.integrity.avro.Actor;

/**
 * One order watched on its video: the order's terms and the hidings seen within its retention.
 * A Flink POJO kept in MapState under the order id.
 */
public class OrderWatch {

  public OrderTerms terms;
  /** Hidings of the video within this order's retention so far, by anyone. */
  public int hideCount;
  /** Hidings by the creator: the ones the tolerated hide/restore cycles are counted against. */
  public int creatorHideCount;
  /** Instant of the last hiding counted, so a hiding is counted once. */
  public Long lastHideAt;
  /** Instant of the last hiding already judged for this order, so a hiding is judged once. */
  public Long judgedHideAt;

  public OrderWatch() {}

  public static OrderWatch of(OrderTerms terms) {
    OrderWatch w = new OrderWatch();
    w.terms = terms;
    return w;
  }

  /** Counts a hiding once; returns whether it was new. */
  public boolean countHide(long hiddenAt, Actor actor) {
    if (lastHideAt != null && lastHideAt == hiddenAt) {
      return false;
    }
    lastHideAt = hiddenAt;
    hideCount++;
    if (actor == Actor.CREATOR) {
      creatorHideCount++;
    }
    return true;
  }

  public boolean judged(long hiddenAt) {
    return judgedHideAt != null && judgedHideAt == hiddenAt;
  }
}
