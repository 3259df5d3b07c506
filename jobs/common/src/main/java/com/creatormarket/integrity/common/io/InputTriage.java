package com.creatormarket.integrity.common.io;

import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.common.codec.AvroCodec;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides which input records go on: readable, valid and not later than the allowed lateness.
 * The rest go to dead letters with their reason and are counted. Lateness is judged here, right
 * after the source: a record on time here is on time at every later operator, whose watermark can
 * only be lower.
 */
final class InputTriage<T extends SpecificRecord> extends ProcessFunction<SourceRecord<T>, T> {

  private static final long serialVersionUID = 1L;

  private final String job;
  private final AvroCodec<T> codec;
  private final RecordCheck<T> check;
  private final long allowedLatenessMillis;

  private transient Counter unreadable;
  private transient Counter invalid;
  private transient Counter late;

  InputTriage(String job, AvroCodec<T> codec, RecordCheck<T> check, Duration allowedLateness) {
    this.job = job;
    this.codec = codec;
    this.check = check;
    this.allowedLatenessMillis = allowedLateness.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    unreadable = getRuntimeContext().getMetricGroup().counter("unreadableRecords");
    invalid = getRuntimeContext().getMetricGroup().counter("invalidRecords");
    late = getRuntimeContext().getMetricGroup().counter("lateRecords");
  }

  @Override
  public void processElement(SourceRecord<T> read, Context ctx, Collector<T> out) {
    if (!read.readable()) {
      unreadable.inc();
      ctx.output(DeadLetters.TAG, DeadLetters.of(job, read, DeadLetterKind.UNREADABLE, read.error, read.bytes, null));
      return;
    }
    String problem = check.problem(read.value);
    if (problem != null) {
      invalid.inc();
      ctx.output(DeadLetters.TAG, DeadLetters.of(job, read, DeadLetterKind.INVALID, problem, codec.encode(read.value), ctx.timestamp()));
      return;
    }
    long watermark = ctx.timerService().currentWatermark();
    if (watermark != Long.MIN_VALUE && ctx.timestamp() < watermark - allowedLatenessMillis) {
      late.inc();
      ctx.output(DeadLetters.TAG, DeadLetters.of(job, read, DeadLetterKind.LATE,
          "event time " + ctx.timestamp() + " is " + (watermark - ctx.timestamp()) + " ms behind the watermark "
              + watermark + "; allowed lateness is " + allowedLatenessMillis + " ms",
          codec.encode(read.value), ctx.timestamp()));
      return;
    }
    out.collect(read.value);
  }
}
