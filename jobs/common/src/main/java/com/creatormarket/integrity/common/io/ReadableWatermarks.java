package com.creatormarket.integrity.common.io;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Bounded out-of-orderness and idleness over usable records only. An unreadable or rejected record
 * carries no event time it could be trusted with: it must never push a watermark ahead (a record
 * dated 2100), nor count as the partition's activity. Flink's own {@code withIdleness} counts every
 * record as activity, so a bad record landing in a partition that had gone idle would make it hold
 * back the job's watermark again (or, if every other partition was idle, release its own older
 * watermark and turn good records late); here only a usable record wakes a partition. An idleness
 * of zero (the default) never declares a partition idle: a quiet partition's time moves on by its
 * producer's heartbeats, so no record's fate depends on the wall clock.
 */
final class ReadableWatermarks<T> implements WatermarkGenerator<SourceRecord<T>> {

  private final BoundedOutOfOrdernessWatermarks<SourceRecord<T>> delegate;
  private final RelativeClock clock;
  private final long idleAfterMillis;
  private long lastActivity;
  private boolean idle;

  ReadableWatermarks(Duration maxOutOfOrderness, RelativeClock clock, Duration idleness) {
    this.delegate = new BoundedOutOfOrdernessWatermarks<>(maxOutOfOrderness);
    this.clock = clock;
    this.idleAfterMillis = idleness.toMillis();
    this.lastActivity = clock.relativeTimeMillis();
  }

  static <T> WatermarkStrategy<SourceRecord<T>> strategy(Duration maxOutOfOrderness, Duration idleness) {
    WatermarkStrategy<SourceRecord<T>> base = ctx -> new ReadableWatermarks<>(maxOutOfOrderness, ctx.getInputActivityClock(), idleness);
    return base.withTimestampAssigner(ctx -> (r, kafkaTimestamp) -> r.usable() ? r.eventTime : Long.MIN_VALUE);
  }

  @Override
  public void onEvent(SourceRecord<T> event, long eventTimestamp, WatermarkOutput output) {
    if (event.usable()) {
      lastActivity = clock.relativeTimeMillis();
      idle = false;
      delegate.onEvent(event, eventTimestamp, output);
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (idleAfterMillis > 0 && (idle || clock.relativeTimeMillis() - lastActivity >= idleAfterMillis)) {
      idle = true;
      output.markIdle();
    } else {
      delegate.onPeriodicEmit(output);
    }
  }
}
