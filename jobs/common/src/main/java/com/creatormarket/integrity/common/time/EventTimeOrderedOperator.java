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
 * They reach keyed state only when they wait across a checkpoint: each checkpoint writes the (key,
 * time) slots then waiting and removes those the last one wrote that are gone, in the same layout as
 * {@link EventTimeBuffer} ({@code MapState<time, List<record>>} under the same state name, so a
 * savepoint of either restores into the other). A record costs nothing but its place in the heap's
 * time order while it comes and goes between two checkpoints, and a write per checkpoint it waits
 * across; a checkpoint costs what waits, which is small where this operator is used (below). An
 * earlier version tracked the changed slots per record instead: two hash-map insertions and a removal
 * per record, a fifth of the lockstep stage's time on the benchmark (issue #16). On restore each
 * subtask reads back the waiting records of its own keys (keyed state: rescaling moves them with
 * their keys).
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
        persisted.add(new Slot(key, e.getKey()));
        for (IN record : e.getValue()) {
          hold(e.getKey(), record);
        }
      }
    }
    released = getMetricGroup().counter("releasedInEventTimeOrder");
    getMetricGroup().gauge("waitingForWatermark", () -> waitingCount);
  }

  @Override
  public void processElement(StreamRecord<IN> element) throws Exception {
    IN record = element.getValue();
    hold(order.eventTime(record), record);
  }

  private void hold(long time, IN record) {
    waiting.computeIfAbsent(time, t -> new ArrayList<>(2)).add(record);
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
    Map<Slot, List<IN>> slots = new HashMap<>();
    for (Map.Entry<Long, List<IN>> e : waiting.entrySet()) {
      for (IN record : e.getValue()) {
        slots.computeIfAbsent(new Slot(keyOf.getKey(record), e.getKey()), x -> new ArrayList<>(1)).add(record);
      }
    }
    for (Slot gone : persisted) {
      if (!slots.containsKey(gone)) {
        setCurrentKey(gone.key());
        state.remove(gone.time());
      }
    }
    for (Map.Entry<Slot, List<IN>> e : slots.entrySet()) {
      setCurrentKey(e.getKey().key());
      state.put(e.getKey().time(), e.getValue());
    }
    persisted = new HashSet<>(slots.keySet());
  }
}
