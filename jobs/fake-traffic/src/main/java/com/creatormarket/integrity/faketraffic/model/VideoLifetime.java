package com.creatormarket.integrity.faketraffic.model;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides how long the video stage keeps a video: until {@code order.state-grace} after its last
 * order ends, or {@code video.unregistered-ttl} after it was first seen while no order names it;
 * always at the end of an event-time hour, so one cleanup timer per video moves rarely.
 */
public final class VideoLifetime {

  /** Cleanup time of a video whose order never ends. */
  public static final long NEVER = Long.MAX_VALUE;

  private static final long HOUR = 3_600_000L;

  private final long stateGraceMillis;
  private final long unregisteredTtlMillis;

  public VideoLifetime(DetectionSettings s) {
    this.stateGraceMillis = s.stateGraceMillis;
    this.unregisteredTtlMillis = s.unregisteredTtlMillis;
  }

  /** When the video's state may go (the hour end after the grace or the TTL), or {@link #NEVER}. */
  public long cleanupAt(VideoState st) {
    long at;
    if (st.orders.length == 0) {
      at = st.firstSeen + unregisteredTtlMillis;
    } else {
      at = Long.MIN_VALUE;
      for (OrderSlot o : st.orders) {
        at = Math.max(at, o.endsAt == Long.MAX_VALUE ? Long.MAX_VALUE : o.endsAt + stateGraceMillis);
      }
    }
    if (at == Long.MAX_VALUE) {
      return NEVER;
    }
    return (Math.floorDiv(at, HOUR) + 1) * HOUR;
  }

  /** The orders still kept at {@code time}: those that never end or whose grace has not passed. */
  public OrderSlot[] keptAt(OrderSlot[] orders, long time) {
    List<OrderSlot> kept = new ArrayList<>();
    for (OrderSlot o : orders) {
      if (o.endsAt == Long.MAX_VALUE || o.endsAt + stateGraceMillis > time) {
        kept.add(o);
      }
    }
    return kept.toArray(new OrderSlot[0]);
  }
}
