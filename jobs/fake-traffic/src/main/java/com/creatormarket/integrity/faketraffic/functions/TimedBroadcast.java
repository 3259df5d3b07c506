package com.creatormarket.integrity.faketraffic.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * Broadcast state keyed by event time (the population norm of each hour, the reach of each ten
 * minutes): kept while a record behind the watermark may still ask for it, and looked up by time
 * rather than by arrival, so that what a record reads depends on its event time only (issue #12).
 */
final class TimedBroadcast {

  private TimedBroadcast() {}

  /** Puts {@code value} at {@code time} and drops every entry before {@code oldestKept}. */
  static <T> void putAndForgetBefore(BroadcastState<Long, T> state, long time, T value, long oldestKept) throws Exception {
    state.put(time, value);
    List<Long> old = new ArrayList<>();
    for (Map.Entry<Long, T> e : state.entries()) {
      if (e.getKey() < oldestKept) {
        old.add(e.getKey());
      }
    }
    for (Long k : old) {
      state.remove(k);
    }
  }

  /** The entry at {@code time}, or at the nearest of the {@code lookback - 1} steps before it that has one; null when none. */
  static <T> T latest(ReadOnlyBroadcastState<Long, T> state, long time, long step, int lookback) throws Exception {
    for (int k = 0; k < lookback; k++) {
      T value = state.get(time - k * step);
      if (value != null) {
        return value;
      }
    }
    return null;
  }
}
