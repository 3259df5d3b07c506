package com.creatormarket.integrity.common.io;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.common.codec.AvroCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides which input records go on: those the door checks passed ({@link DoorChecks}) and not
 * later than the allowed lateness. The rest go to dead letters with their reason and are counted,
 * in total ({@code unreadableRecords}, {@code invalidRecords}, {@code lateRecords}) and per reason
 * code ({@code rejected.<code>}). Lateness is judged here, right after the source: a record on time
 * here is on time at every later operator, whose watermark can only be lower. With
 * {@link LateRecords#GO_ON} a late record is counted ({@code lateRecords}) and passed on; the job's
 * stages then decide how to take it.
 */
final class InputTriage<T extends SpecificRecord> extends ProcessFunction<SourceRecord<T>, T> {

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

  InputTriage(String job, AvroCodec<T> codec, EventTime<T> eventTime, Duration allowedLateness) {
    this(job, codec, eventTime, allowedLateness, LateRecords.DEAD_LETTER);
  }

  InputTriage(String job, AvroCodec<T> codec, EventTime<T> eventTime, Duration allowedLateness, LateRecords lateRecords) {
    this.job = job;
    this.codec = codec;
    this.eventTime = eventTime;
    this.allowedLatenessMillis = allowedLateness.toMillis();
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
  public void processElement(SourceRecord<T> read, Context ctx, Collector<T> out) {
    if (read.heartbeat) {
      heartbeats.inc(); // it has moved the watermark at the source; nothing to pass on
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
    long watermark = ctx.timerService().currentWatermark();
    if (watermark != Long.MIN_VALUE && ctx.timestamp() < watermark - allowedLatenessMillis) {
      late.inc();
      if (lateGoesOn) {
        out.collect(read.value);
        return;
      }
      count("late");
      ctx.output(DeadLetters.TAG, DeadLetters.of(job, read, DeadLetterKind.LATE,
          "late: event time " + ctx.timestamp() + " is " + (watermark - ctx.timestamp()) + " ms behind the watermark "
              + watermark + "; allowed lateness is " + allowedLatenessMillis + " ms",
          codec.encode(read.value), ctx.timestamp()));
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
