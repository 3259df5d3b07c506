package com.creatormarket.integrity.faketraffic.model;

import java.util.HashMap;
import java.util.Map;

/**
 * What the candidate rule set (shadow mode) remembers of a video apart from the live judgement: its
 * own signal peaks and its own case per order. Everything else (windows, baselines, sketches,
 * totals) is the video's one state, which the candidate reads and never changes. Kept only while a
 * candidate is tried; a new candidate (another epoch) starts afresh. A Flink POJO.
 */
public class ShadowState {
  /** The candidate's first rule version: a state of an older candidate is dropped. */
  public long epoch;
  public int[] firedAt;
  public float[] peak;
  public float[] peakStrength;
  public float[] peakThreshold;
  public int[] peakWindow;
  /** The candidate's case per order (only the case fields count; the terms come from the live orders). */
  public OrderSlot[] orders;

  public ShadowState() {}

  public static ShadowState create(long epoch, int signalCount) {
    ShadowState s = new ShadowState();
    s.epoch = epoch;
    s.firedAt = new int[signalCount];
    s.peak = new float[signalCount];
    s.peakStrength = new float[signalCount];
    s.peakThreshold = new float[signalCount];
    s.peakWindow = new int[signalCount];
    s.orders = new OrderSlot[0];
    return s;
  }

  /** The video's live orders (their terms as they are now) with the candidate's case of each. */
  public OrderSlot[] ordersLike(OrderSlot[] live) {
    Map<String, OrderSlot> mine = new HashMap<>();
    for (OrderSlot o : orders) {
      mine.put(o.orderId, o);
    }
    OrderSlot[] out = new OrderSlot[live.length];
    for (int i = 0; i < live.length; i++) {
      OrderSlot l = live[i];
      OrderSlot o = new OrderSlot();
      o.orderId = l.orderId;
      o.creatorId = l.creatorId;
      o.advertiserId = l.advertiserId;
      o.agencyId = l.agencyId;
      o.publishedAt = l.publishedAt;
      o.endsAt = l.endsAt;
      OrderSlot m = mine.get(l.orderId);
      if (m != null) {
        o.version = m.version;
        o.level = m.level;
        o.firstFlaggedAt = m.firstFlaggedAt;
        o.lastCaseEvents = m.lastCaseEvents;
        o.lastCaseSignals = m.lastCaseSignals;
        o.maxScore = m.maxScore;
      }
      out[i] = o;
    }
    return out;
  }
}
