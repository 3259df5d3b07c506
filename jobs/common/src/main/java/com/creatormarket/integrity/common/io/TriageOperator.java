package com.creatormarket.integrity.common.io;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * Runs {@link InputTriage} and carries the watermark across a restart. Flink does not checkpoint
 * watermarks: a restored source holds its watermark at the minimum until every one of its
 * partitions has carried a new record. A partition whose producer had sent its last heartbeat
 * before the checkpoint never does, so decisions due at event times the first run had reached
 * would wait for input newer than the scenario. The triage's partition clocks are checkpointed,
 * though, and with the source's assignment notices they give the watermark this subtask's
 * partitions stand for ({@link InputTriage#partitionsWatermark}); this operator emits it
 * periodically, and forwards the source's own watermark when that is higher (an idle partition, the
 * end of bounded input). It is the source's own bound, so no record on time is behind it, and a
 * restart changes when outputs appear, not what they are.
 */
final class TriageOperator<T extends SpecificRecord> extends ProcessOperator<SourceRecord<T>, T> {

  private static final long serialVersionUID = 1L;
  /** How often the partitions' watermark is emitted, as Flink's default auto-watermark interval. */
  private static final long EMIT_EVERY_MILLIS = 200;

  private final InputTriage<T> triage;
  /** The highest watermark emitted: a lower one from the restarted source is not forwarded. */
  private transient long emitted;

  TriageOperator(InputTriage<T> triage) {
    super(triage);
    this.triage = triage;
  }

  @Override
  public void open() throws Exception {
    super.open();
    emitted = Long.MIN_VALUE;
    scheduleEmit();
  }

  private void scheduleEmit() {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    getProcessingTimeService().registerTimer(now + EMIT_EVERY_MILLIS, time -> {
      processWatermark(new Watermark(triage.partitionsWatermark()));
      scheduleEmit();
    });
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    if (mark.getTimestamp() <= emitted) {
      return;
    }
    emitted = mark.getTimestamp();
    super.processWatermark(mark);
  }
}
