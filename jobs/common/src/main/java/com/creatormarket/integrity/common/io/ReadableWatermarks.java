package com.creatormarket.integrity.common.io;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded out-of-orderness over usable records only: an unreadable or rejected record carries no
 * event time it could be trusted with, and must never push a watermark ahead (a record dated 2100).
 */
final class ReadableWatermarks<T> implements WatermarkGenerator<SourceRecord<T>> {

  private final BoundedOutOfOrdernessWatermarks<SourceRecord<T>> delegate;

  ReadableWatermarks(Duration maxOutOfOrderness) {
    this.delegate = new BoundedOutOfOrdernessWatermarks<>(maxOutOfOrderness);
  }

  static <T> WatermarkStrategy<SourceRecord<T>> strategy(EventTime<T> eventTime, Duration maxOutOfOrderness, Duration idleness) {
    WatermarkStrategy<SourceRecord<T>> base = ctx -> new ReadableWatermarks<>(maxOutOfOrderness);
    return base
        .withTimestampAssigner(ctx -> (r, kafkaTimestamp) -> r.usable() ? eventTime.of(r.value) : Long.MIN_VALUE)
        .withIdleness(idleness);
  }

  @Override
  public void onEvent(SourceRecord<T> event, long eventTimestamp, WatermarkOutput output) {
    if (event.usable()) {
      delegate.onEvent(event, eventTimestamp, output);
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    delegate.onPeriodicEmit(output);
  }
}
