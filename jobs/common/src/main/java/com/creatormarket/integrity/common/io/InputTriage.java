package com.creatormarket.integrity.common.io;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.common.codec.AvroCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides which input records go on: those the door checks passed ({@link DoorChecks}) and not
 * late. The rest go to dead letters with their reason and are counted, in total
 * ({@code unreadableRecords}, {@code invalidRecords}, {@code lateRecords}) and per reason code
 * ({@code rejected.<code>}). Lateness is judged here, right after the source, per partition
 * ({@link PartitionClocks}): a record more than out-of-orderness plus allowed lateness behind the
 * newest earlier record of its own partition is late, on every run alike; a record on time is ahead
 * of its partition's watermark, so (with no idleness) of every watermark of the job. With
 * {@link LateRecords#GO_ON} a late record is counted ({@code lateRecords}) and passed on; the job's
 * stages then decide how to take it.
 */
final class InputTriage<T extends SpecificRecord> extends ProcessFunction<SourceRecord<T>, T> implements CheckpointedFunction {

  private static final ListStateDescriptor<Tuple3<String, Integer, Long>> CLOCKS =
      new ListStateDescriptor<>("partition-clocks", Types.TUPLE(Types.STRING, Types.INT, Types.LONG));

  private static final long serialVersionUID = 1L;

  private final String job;
  private final AvroCodec<T> codec;
  private final EventTime<T> eventTime;
  private final long allowedLatenessMillis;
  /** {@link LateRecords#GO_ON}: a late record is counted and passed on instead of set aside. */
  private final boolean lateGoesOn;

  private transient Counter unreadable;
  private transient Counter invalid;
  private transient Counter late;
  private transient Counter heartbeats;
  private transient MetricGroup byCode;
  private transient Map<String, Counter> codeCounters;
  private transient PartitionClocks clocks;
  /** Partitions the source subtask before this one reads, by topic, from its assignment notices. */
  private transient Map<String, SortedSet<Integer>> assigned;
  private transient ListState<Tuple3<String, Integer, Long>> clockState;

  /** {@code lateness}: out-of-orderness plus allowed lateness, the watermark's own bound. */
  InputTriage(String job, AvroCodec<T> codec, EventTime<T> eventTime, Duration lateness) {
    this(job, codec, eventTime, lateness, LateRecords.DEAD_LETTER);
  }

  InputTriage(String job, AvroCodec<T> codec, EventTime<T> eventTime, Duration lateness, LateRecords lateRecords) {
    this.job = job;
    this.codec = codec;
    this.eventTime = eventTime;
    this.allowedLatenessMillis = lateness.toMillis();
    this.lateGoesOn = lateRecords == LateRecords.GO_ON;
  }

  @Override
  public void open(OpenContext openContext) {
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    unreadable = metrics.counter("unreadableRecords");
    invalid = metrics.counter("invalidRecords");
    late = metrics.counter("lateRecords");
    heartbeats = metrics.counter("heartbeats");
    byCode = metrics.addGroup("rejected");
    codeCounters = new HashMap<>();
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    // Union: after rescaling, every subtask gets every partition's clock (a handful of entries).
    clockState = context.getOperatorStateStore().getUnionListState(CLOCKS);
    clocks = new PartitionClocks(allowedLatenessMillis);
    clocks.restore(clockState.get());
    assigned = new HashMap<>();
  }

  /**
   * The watermark this subtask's partitions stand for ({@link PartitionClocks#watermark}): after a
   * restore it is known from the checkpointed clocks as soon as the source has said which
   * partitions it reads, before any of them carries a new record.
   */
  long partitionsWatermark() {
    return clocks.watermark(assigned);
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    clockState.update(clocks.entries());
  }

  @Override
  public void processElement(SourceRecord<T> read, Context ctx, Collector<T> out) {
    if (read.assigned) {
      assigned.computeIfAbsent(read.topic, t -> new TreeSet<>()).add(read.partition);
      return;
    }
    if (read.heartbeat) {
      heartbeats.inc(); // it has moved the watermark at the source; nothing to pass on
      clocks.behindThenSee(read.topic, read.partition, read.eventTime);
      return;
    }
    if (!read.decoded()) {
      unreadable.inc();
      count(read.errorCode);
      ctx.output(DeadLetters.TAG, DeadLetters.of(job, read, DeadLetterKind.UNREADABLE, read.error, read.bytes, null));
      return;
    }
    if (!read.usable()) {
      invalid.inc();
      count(read.errorCode);
      ctx.output(DeadLetters.TAG, DeadLetters.of(job, read, DeadLetterKind.INVALID, read.error, codec.encode(read.value),
          eventTimeOrNull(read.value)));
      return;
    }
    long behind = clocks.behindThenSee(read.topic, read.partition, read.eventTime);
    if (clocks.late(behind)) {
      late.inc();
      if (lateGoesOn) {
        out.collect(read.value);
        return;
      }
      count("late");
      ctx.output(DeadLetters.TAG, DeadLetters.of(job, read, DeadLetterKind.LATE,
          "late: event time " + read.eventTime + " is " + behind + " ms behind an earlier record of partition "
              + read.partition + "; out-of-orderness plus allowed lateness is " + allowedLatenessMillis + " ms",
          codec.encode(read.value), read.eventTime));
      return;
    }
    out.collect(read.value);
  }

  private void count(String code) {
    codeCounters.computeIfAbsent(code == null ? "other" : code, byCode::counter).inc();
  }

  private Long eventTimeOrNull(T value) {
    try {
      return eventTime.of(value);
    } catch (RuntimeException e) {
      return null; // a rejected record may lack the very field its event time comes from
    }
  }
}
