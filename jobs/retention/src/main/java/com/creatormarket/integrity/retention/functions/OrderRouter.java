package com.creatormarket.integrity.retention.functions;

import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.retention.model.OrderTerms;
import com.creatormarket.integrity.retention.model.RetentionPolicy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides which video an order's facts belong to. Keyed by order: CREATED carries the retention
 * days and the agency but no video, so the order's facts are joined here and, from the order's
 * VIDEO_PUBLISHED on, forwarded as one {@link OrderTerms} snapshot per event to be keyed by video.
 * CANCELLED and TERMINATED end the duty; COMPLETED does not (the video must stay up after payment
 * too) and is not forwarded.
 *
 * <p>State lives until the order's duty is over plus the decision delay (published orders), or
 * {@code retention.unpublished-order-ttl} after the last event (orders never published).
 */
public final class OrderRouter extends KeyedProcessFunction<String, OrderEvent, OrderTerms> {

  private static final long serialVersionUID = 1L;

  /** State names: never change them, savepoints map state by name. */
  public static final String TERMS = "order-terms";
  public static final String CLEANUP_AT = "cleanup-at";

  private final RetentionPolicy policy;

  private transient ValueState<OrderTerms> terms;
  private transient ValueState<Long> cleanupAt;
  private transient Counter notForwarded;
  private transient Counter conflictingVideos;

  public OrderRouter(RetentionPolicy policy) {
    this.policy = policy;
  }

  @Override
  public void open(OpenContext openContext) {
    terms = getRuntimeContext().getState(SafetyNetTtl.on(
        new ValueStateDescriptor<>(TERMS, TypeInformation.of(OrderTerms.class)), policy));
    cleanupAt = getRuntimeContext().getState(SafetyNetTtl.on(new ValueStateDescriptor<>(CLEANUP_AT, Types.LONG), policy));
    notForwarded = getRuntimeContext().getMetricGroup().counter("orderEventsNotBearingOnRetention");
    conflictingVideos = getRuntimeContext().getMetricGroup().counter("orderEventsNamingAnotherVideo");
  }

  @Override
  public void processElement(OrderEvent event, Context ctx, Collector<OrderTerms> out) throws Exception {
    OrderTerms fact = OrderTerms.from(event);
    if (fact == null) {
      notForwarded.inc();
      return;
    }
    OrderTerms known = terms.value();
    if (known != null && known.videoId != null && fact.videoId != null && !known.videoId.equals(fact.videoId)) {
      // The first video named stays the order's video; a second one would split the duty over two keys.
      conflictingVideos.inc();
      return;
    }
    OrderTerms merged = known == null ? fact : known.merge(fact);
    if (!merged.equals(known)) {
      terms.update(merged);
      if (merged.published()) {
        out.collect(merged);
      }
    }
    Long previous = cleanupAt.value();
    long cleanup;
    if (merged.published()) {
      cleanup = policy.decisionTime(merged.closesAt(policy));
    } else {
      // Never published yet: forget the order a fixed wait after its latest event.
      long ttl = policy.unpublishedOrderTtlMillis();
      long at = event.getEventTime().toEpochMilli();
      cleanup = Math.max(previous == null ? Long.MIN_VALUE : previous, at > Long.MAX_VALUE - ttl ? Long.MAX_VALUE : at + ttl);
    }
    if (previous == null || previous != cleanup) {
      if (previous != null) {
        ctx.timerService().deleteEventTimeTimer(previous);
      }
      ctx.timerService().registerEventTimeTimer(cleanup);
      cleanupAt.update(cleanup);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<OrderTerms> out) throws Exception {
    terms.clear();
    cleanupAt.clear();
  }
}
