package com.creatormarket.integrity.common.io;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded out-of-orderness over readable records only: an unreadable record's Kafka timestamp is
 * wall-clock time and would otherwise push a replay's watermark far ahead of its events.
 */
final class ReadableWatermarks<T> implements WatermarkGenerator<SourceRecord<T>> {

  private final BoundedOutOfOrdernessWatermarks<SourceRecord<T>> delegate;

  private ReadableWatermarks(Duration maxOutOfOrderness) {
    this.delegate = new BoundedOutOfOrdernessWatermarks<>(maxOutOfOrderness);
  }

  static <T> WatermarkStrategy<SourceRecord<T>> strategy(EventTime<T> eventTime, Duration maxOutOfOrderness, Duration idleness) {
    WatermarkStrategy<SourceRecord<T>> base = ctx -> new ReadableWatermarks<>(maxOutOfOrderness);
    return base
        .withTimestampAssigner(ctx -> (r, kafkaTimestamp) -> r.readable() ? eventTime.of(r.value) : Long.MIN_VALUE)
        .withIdleness(idleness);
  }

  @Override
  public void onEvent(SourceRecord<T> event, long eventTimestamp, WatermarkOutput output) {
    if (event.readable()) {
      delegate.onEvent(event, eventTimestamp, output);
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    delegate.onPeriodicEmit(output);
  }
}
