package com.creatormarket.integrity.common.time;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs a keyed process function on its records in event-time order: a record waits until the
 * watermark passes its event time, then the function sees the due records oldest first, records of
 * one time in the function's {@link InEventTimeOrder#sameTimeOrder()}, and its own timers in between
 * (a timer at {@code t} fires after the records of {@code t}, before those of any later time).
 * A key's decisions therefore depend on its records and their event times only, never on how the
 * partitions interleaved (issue #12), exactly as with {@link EventTimeBuffer}.
 *
 * <p>Why not {@link EventTimeBuffer}: that reads and writes a key's waiting list in keyed state per
 * record and keeps a timer per key and time (with RocksDB: two reads, two writes, a timer insert and
 * delete per record; issue #16). Here waiting records are on the heap, released at each watermark.
 * They reach keyed state only when they wait across a checkpoint: at a checkpoint, the (key, time)
 * slots that changed since the last one are written or removed, in the same layout as
 * {@link EventTimeBuffer} ({@code MapState<time, List<record>>} under the same state name, so a
 * savepoint of either restores into the other). A record costs at most one write when a checkpoint
 * finds it waiting and one delete when a later one finds it gone, and nothing when it comes and goes
 * between two checkpoints; a checkpoint costs what changed, not what waits. On restore each subtask
 * reads back the waiting records of its own keys (keyed state: rescaling moves them with their keys).
 *
 * <p>Memory: the records between the watermark and the newest event. At a stage fed straight from
 * the sources that is {@code source.max-out-of-orderness} plus {@code source.allowed-lateness} of
 * traffic; after a stage that already releases in event-time order, only the skew between its
 * subtasks' watermarks.
 */
public final class EventTimeOrderedOperator<K, IN, OUT> extends KeyedProcessOperator<K, IN, OUT> {

  private static final long serialVersionUID = 1L;

  /** What the operator needs to know of the function's records. */
  public interface InEventTimeOrder<IN> {
    long eventTime(IN record);

    /** A total order of records with one event time (their keys may differ): ties always go the same way. */
    Comparator<? super IN> sameTimeOrder();
  }

  /** The records of one key waiting for one event time. */
  private record Slot(Object key, long time) {}

  private final MapStateDescriptor<Long, List<IN>> descriptor;
  private final InEventTimeOrder<IN> order;

  private transient TreeMap<Long, List<IN>> waiting;
  private transient Map<Slot, List<IN>> slots;
  /**
   * Slots changed since the last checkpoint: emptied by each checkpoint, so it holds one checkpoint
   * interval of changes (without checkpoints it would only grow; every job here checkpoints, its
   * sinks are exactly-once, and a bounded backtest ends).
   */
  private transient Set<Slot> changed;
  /** Slots the last checkpoint wrote to keyed state. */
  private transient Set<Slot> persisted;
  private transient int waitingCount;
  private transient MapState<Long, List<IN>> state;
  private transient KeySelector<IN, ?> keyOf;
  /** How far this operator has advanced its timers itself (below the watermark it was given). */
  private transient long timersAt;
  private transient Counter released;

  /**
   * @param stateName the keyed state waiting records are checkpointed in; keep it when the function changes
   */
  public <F extends KeyedProcessFunction<K, IN, OUT> & InEventTimeOrder<IN>> EventTimeOrderedOperator(
      String stateName, F function, TypeInformation<IN> type) {
    super(function);
    this.descriptor = EventTimeBuffer.descriptor(stateName, type);
    this.order = function;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open() throws Exception {
    super.open();
    waiting = new TreeMap<>();
    slots = new HashMap<>();
    changed = new HashSet<>();
    persisted = new HashSet<>();
    waitingCount = 0;
    timersAt = Long.MIN_VALUE;
    keyOf = (KeySelector<IN, ?>) getStateKeySelector1();
    state = getPartitionedState(descriptor);
    List<Object> keys;
    try (Stream<Object> restored = getKeyedStateBackend().getKeys(descriptor.getName(), VoidNamespace.INSTANCE)) {
      keys = restored.toList();
    }
    for (Object key : keys) {
      setCurrentKey(key);
      for (Map.Entry<Long, List<IN>> e : state.entries()) {
        Slot slot = new Slot(key, e.getKey());
        persisted.add(slot);
        for (IN record : e.getValue()) {
          hold(slot, record);
        }
      }
    }
    released = getMetricGroup().counter("releasedInEventTimeOrder");
    getMetricGroup().gauge("waitingForWatermark", () -> waitingCount);
  }

  @Override
  public void processElement(StreamRecord<IN> element) throws Exception {
    IN record = element.getValue();
    long time = order.eventTime(record);
    Slot slot = new Slot(keyOf.getKey(record), time);
    hold(slot, record);
    changed.add(slot);
  }

  private void hold(Slot slot, IN record) {
    waiting.computeIfAbsent(slot.time(), t -> new ArrayList<>(2)).add(record);
    slots.computeIfAbsent(slot, x -> new ArrayList<>(1)).add(record);
    waitingCount++;
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    long watermark = mark.getTimestamp();
    while (!waiting.isEmpty() && waiting.firstKey() <= watermark) {
      Map.Entry<Long, List<IN>> due = waiting.pollFirstEntry();
      long time = due.getKey();
      // Timers set for earlier times go first, as when each time had a timer of its own.
      if (time > Long.MIN_VALUE && time - 1 > timersAt && timeServiceManager != null) {
        timeServiceManager.advanceWatermark(new Watermark(time - 1));
        timersAt = time - 1;
      }
      List<IN> records = due.getValue();
      records.sort(order.sameTimeOrder());
      waitingCount -= records.size();
      for (IN record : records) {
        Slot slot = new Slot(keyOf.getKey(record), time);
        if (slots.remove(slot) != null) {
          changed.add(slot);
        }
        StreamRecord<IN> element = new StreamRecord<>(record, time);
        setKeyContextElement1(element);
        super.processElement(element);
        released.inc();
      }
    }
    timersAt = Math.max(timersAt, watermark);
    super.processWatermark(mark);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    for (Slot slot : changed) {
      List<IN> records = slots.get(slot);
      if (records != null) {
        setCurrentKey(slot.key());
        state.put(slot.time(), records);
        persisted.add(slot);
      } else if (persisted.remove(slot)) {
        setCurrentKey(slot.key());
        state.remove(slot.time());
      }
    }
    changed.clear();
  }
}
