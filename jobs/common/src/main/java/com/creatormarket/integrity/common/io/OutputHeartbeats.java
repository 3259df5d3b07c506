package com.creatormarket.integrity.common.io;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Puts a job's event time into the topic it writes for another job: records pass through, and each
 * time the watermark has moved on by {@code every}, every partition of the topic gets a heartbeat at
 * the watermark minus {@code delay}, written by the same exactly-once sink, in the same transaction
 * as the records before it. {@code delay} is how far behind the watermark the job may still emit an
 * output's event time (its decision delay); the reading job then has time moving on its partitions
 * without any idleness timeout. Runs as a single subtask (see {@link KafkaIo#sinkWithHeartbeats}).
 * Nothing is kept in state: after a restart the next watermark sends the heartbeats again.
 */
final class OutputHeartbeats<T> extends AbstractStreamOperator<Outgoing<T>> implements OneInputStreamOperator<T, Outgoing<T>> {

  private static final long serialVersionUID = 1L;

  private final int partitions;
  private final long everyMillis;
  private final long delayMillis;
  private transient long next;

  OutputHeartbeats(int partitions, long everyMillis, long delayMillis) {
    this.partitions = partitions;
    this.everyMillis = everyMillis;
    this.delayMillis = delayMillis;
  }

  @Override
  public void open() throws Exception {
    super.open();
    next = Long.MIN_VALUE;
  }

  @Override
  public void processElement(StreamRecord<T> element) {
    output.collect(element.replace(Outgoing.record(element.getValue())));
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    long wm = mark.getTimestamp();
    // The end of bounded input (Long.MAX_VALUE) is no time a reader could wait for.
    if (wm != Long.MAX_VALUE && wm != Long.MIN_VALUE) {
      long at = wm - delayMillis;
      if (at >= next) {
        for (int p = 0; p < partitions; p++) {
          output.collect(new StreamRecord<>(Outgoing.heartbeat(p, at), at));
        }
        next = Math.floorDiv(at, everyMillis) * everyMillis + everyMillis;
      }
    }
    super.processWatermark(mark);
  }
}
