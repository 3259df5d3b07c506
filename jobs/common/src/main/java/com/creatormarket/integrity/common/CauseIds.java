package com.creatormarket.integrity.common;

import com.creatormarket.integrity.avro.LifecycleKind;

/**
 * The ids of causes and of what follows from them, in one place: the jobs that emit them and
 * whoever refers to them from outside (an appeal names a penalty; the simulator's creators appeal)
 * derive the same id from the same facts.
 */
public final class CauseIds {

  private CauseIds() {}

  /** A retention violation: one per order, video, instant of the removal and kind of removal. */
  public static String retentionViolation(String orderId, String videoId, long removedAtMillis, LifecycleKind removal) {
    return StableIds.of("retention-violation", orderId, videoId, removedAtMillis, removal);
  }

  /**
   * The end of a hiding that was an early-hiding violation (the video came back, or the duty ended
   * with it hidden): one per violation, named after it.
   */
  public static String hidingEnded(String violationId) {
    return StableIds.of("hiding-ended", violationId);
  }

  /** A fake-traffic case: one per order and video, across its versions. */
  public static String flaggedCase(String orderId, String videoId) {
    return StableIds.of("case", orderId, videoId);
  }

  /** The penalty a cause (violation, case or finding id) brings its creator. */
  public static String penalty(String causeId, String creatorId) {
    return StableIds.of("penalty", causeId, creatorId);
  }

  /** The reversal of a penalty: a penalty is reversed at most once. */
  public static String reversal(String penaltyId) {
    return StableIds.of("reversal", penaltyId);
  }
}
