package com.creatormarket.integrity.common.time;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.TimerService;

/**
 * Holds a key's records until the watermark passes their event time, then hands them out in one
 * fixed order. The inputs of a stage come from several topics and partitions whose interleaving
 * changes from run to run; processing in event-time order (ties broken by a total order) makes a
 * replay or a restart after failure decide exactly what the first run decided.
 *
 * <p>Used by every stage whose decision depends on what came before (enforcement's review, ledger
 * and agency watch; fake-traffic's device, account and lockstep stages and order registry). Records are kept in a map keyed by event time, one timer per distinct time: the timer at
 * {@code t} releases the records of {@code t}. A record already behind the watermark is released at
 * the next watermark.
 */
public final class EventTimeBuffer<T> {

  private final MapState<Long, List<T>> pending;

  public EventTimeBuffer(MapState<Long, List<T>> pending) {
    this.pending = pending;
  }

  public static <T> MapStateDescriptor<Long, List<T>> descriptor(String name, TypeInformation<T> type) {
    return new MapStateDescriptor<>(name, Types.LONG, new ListTypeInfo<>(type));
  }

  /** Keeps a record until the watermark passes {@code time}. */
  public void add(long time, T record, TimerService timers) throws Exception {
    List<T> records = pending.get(time);
    if (records == null) {
      records = new ArrayList<>(1);
    }
    records.add(record);
    pending.put(time, records);
    timers.registerEventTimeTimer(time);
  }

  /**
   * Whether records wait for {@code time}. A stage that deletes a timer of its own (a cleanup it
   * moves) must not delete one at a time records wait for: Flink keeps one timer per key and time,
   * and those records would never be released.
   */
  public boolean holds(long time) throws Exception {
    return pending.contains(time);
  }

  /** The records of {@code time}, in the given order, removed from the buffer; empty when there are none. */
  public List<T> release(long time, Comparator<? super T> order) throws Exception {
    List<T> records = pending.get(time);
    if (records == null) {
      return List.of();
    }
    pending.remove(time);
    List<T> sorted = new ArrayList<>(records);
    sorted.sort(order);
    return sorted;
  }
}
