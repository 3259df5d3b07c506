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
 * delete per record; issue #16). Here a record waits on the heap until it is released or a
 * checkpoint comes, whichever is first. A checkpoint moves every record then waiting on the heap
 * into keyed state, in the same layout as {@link EventTimeBuffer} ({@code MapState<time,
 * List<record>>} under the same state name, so a savepoint of either restores into the other), and
 * the heap keeps only which (key, time) slots are there. So a record released before the next
 * checkpoint costs no state access at all, and one that waits across checkpoints costs one write
 * when it moves, one read and one delete when it is released, never a timer. A record arriving
 * while {@code maxOnHeap} records wait on the heap goes to keyed state at once, which bounds the
 * heap whatever the rate. On restore each subtask only lists the slots of its own keys (keyed
 * state: rescaling moves them with their keys).
 *
 * <p>Memory: at most {@code maxOnHeap} records, plus a slot entry (time and key) per record in keyed
 * state. What waits: at a stage fed straight from the sources, {@code source.max-out-of-orderness}
 * plus {@code source.allowed-lateness} of traffic; after a stage that already releases in
 * event-time order, only the skew between its subtasks' watermarks.
 */
public class EventTimeOrderedOperator<K, IN, OUT> extends KeyedProcessOperator<K, IN, OUT> {

  private static final long serialVersionUID = 1L;

  /** Records a subtask keeps on the heap before it sends new ones to keyed state at once: ~50 MB of small records. */
  public static final int DEFAULT_MAX_ON_HEAP = 100_000;

  /** What the operator needs to know of the function's records. */
  public interface InEventTimeOrder<IN> {
    long eventTime(IN record);

    /** A total order of records with one event time (their keys may differ): ties always go the same way. */
    Comparator<? super IN> sameTimeOrder();
  }

  private final MapStateDescriptor<Long, List<IN>> descriptor;
  private final InEventTimeOrder<IN> order;
  private final int maxOnHeap;

  /** Records waiting on the heap, by event time. */
  private transient TreeMap<Long, List<IN>> waiting;
  private transient int onHeap;
  /** The keys whose records of a time wait in keyed state, by time. */
  private transient TreeMap<Long, Set<Object>> inState;
  private transient long inStateCount;
  private transient MapState<Long, List<IN>> state;
  private transient KeySelector<IN, ?> keyOf;
  /** How far this operator has advanced its timers itself (below the watermark it was given). */
  private transient long timersAt;
  private transient Counter released;
  private transient Counter movedToState;

  /**
   * @param stateName the keyed state waiting records are checkpointed in; keep it when the function changes
   */
  public <F extends KeyedProcessFunction<K, IN, OUT> & InEventTimeOrder<IN>> EventTimeOrderedOperator(
      String stateName, F function, TypeInformation<IN> type) {
    this(stateName, function, type, DEFAULT_MAX_ON_HEAP);
  }

  /**
   * @param maxOnHeap records kept on the heap at most; beyond, new records wait in keyed state
   */
  public <F extends KeyedProcessFunction<K, IN, OUT> & InEventTimeOrder<IN>> EventTimeOrderedOperator(
      String stateName, F function, TypeInformation<IN> type, int maxOnHeap) {
    super(function);
    if (maxOnHeap < 0) {
      throw new IllegalArgumentException("maxOnHeap must be 0 or more, not " + maxOnHeap);
    }
    this.descriptor = EventTimeBuffer.descriptor(stateName, type);
    this.order = function;
    this.maxOnHeap = maxOnHeap;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open() throws Exception {
    super.open();
    waiting = new TreeMap<>();
    onHeap = 0;
    inState = new TreeMap<>();
    inStateCount = 0;
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
        inState.computeIfAbsent(e.getKey(), t -> new HashSet<>()).add(key);
        inStateCount += e.getValue().size();
      }
    }
    released = getMetricGroup().counter("releasedInEventTimeOrder");
    movedToState = getMetricGroup().counter("movedToStateWhileWaiting");
    getMetricGroup().gauge("waitingForWatermark", () -> onHeap + inStateCount);
  }

  @Override
  public void processElement(StreamRecord<IN> element) throws Exception {
    IN record = element.getValue();
    long time = order.eventTime(record);
    if (onHeap < maxOnHeap) {
      waiting.computeIfAbsent(time, t -> new ArrayList<>(2)).add(record);
      onHeap++;
    } else {
      // The current key is the record's (set by the task before this call).
      addToState(getCurrentKey(), time, List.of(record));
    }
  }

  /** Appends records of one key and time to keyed state; the key must be current. */
  private void addToState(Object key, long time, List<IN> records) throws Exception {
    Set<Object> keys = inState.computeIfAbsent(time, t -> new HashSet<>());
    List<IN> kept = keys.add(key) ? null : state.get(time);
    // A new list: a heap state backend keeps the list itself, which the heap may still change.
    List<IN> merged = new ArrayList<>((kept == null ? 0 : kept.size()) + records.size());
    if (kept != null) {
      merged.addAll(kept);
    }
    merged.addAll(records);
    state.put(time, merged);
    inStateCount += records.size();
    movedToState.inc(records.size());
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    long watermark = mark.getTimestamp();
    while (true) {
      long time = Math.min(waiting.isEmpty() ? Long.MAX_VALUE : waiting.firstKey(), inState.isEmpty() ? Long.MAX_VALUE : inState.firstKey());
      if (time > watermark || (waiting.isEmpty() && inState.isEmpty())) {
        break;
      }
      // Timers set for earlier times go first, as when each time had a timer of its own.
      if (time > Long.MIN_VALUE && time - 1 > timersAt && timeServiceManager != null) {
        timeServiceManager.advanceWatermark(new Watermark(time - 1));
        timersAt = time - 1;
      }
      List<IN> records = new ArrayList<>();
      List<IN> fromHeap = waiting.remove(time);
      if (fromHeap != null) {
        records.addAll(fromHeap);
        onHeap -= fromHeap.size();
      }
      Set<Object> keys = inState.remove(time);
      if (keys != null) {
        for (Object key : keys) {
          setCurrentKey(key);
          List<IN> kept = state.get(time);
          state.remove(time);
          records.addAll(kept);
          inStateCount -= kept.size();
        }
      }
      records.sort(order.sameTimeOrder());
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
    // Everything waiting on the heap goes to keyed state, so the checkpoint holds it.
    for (Map.Entry<Long, List<IN>> e : waiting.entrySet()) {
      Map<Object, List<IN>> byKey = new HashMap<>();
      for (IN record : e.getValue()) {
        byKey.computeIfAbsent(keyOf.getKey(record), k -> new ArrayList<>(1)).add(record);
      }
      for (Map.Entry<Object, List<IN>> slot : byKey.entrySet()) {
        setCurrentKey(slot.getKey());
        addToState(slot.getKey(), e.getKey(), slot.getValue());
      }
    }
    waiting.clear();
    onHeap = 0;
  }
}
