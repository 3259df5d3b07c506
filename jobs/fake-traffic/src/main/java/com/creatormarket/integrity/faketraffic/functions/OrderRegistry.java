package com.creatormarket.integrity.faketraffic.functions;

import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.common.time.EventTimeBuffer;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.OrderNotice;
import com.creatormarket.integrity.faketraffic.model.VideoNotice;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides which video each order commissions and for how long it is watched (keyed by order):
 * from publication until the retention end (publication + retention days, default 60; agreed
 * changes move it), or until cancellation, or until {@code order.watch-after-completion} after
 * completion, whichever comes first. Emits the order's current terms to its video on every change;
 * the state ends {@code order.state-grace} after the order does.
 *
 * <p>Idempotent: an order event sent twice (a producer retry: same {@code eventId}) changes nothing
 * the second time, whenever the copy comes (right behind its original, or after later events of the
 * order: applied again, a CREATED would put back the retention a RETENTION_CHANGED replaced, and any
 * copy would emit a notice dated back to it). The order keeps the ids of the events it applied
 * (a handful per order, for the order's life); a known id is dropped and counted ({@code duplicateEvents}).
 *
 * <p>An order's events are applied in event-time order, at the watermark (ties by event id), not as
 * they arrive: a producer's records may be a little out of order within their partition, and a
 * retention change applied before the creation it amends would be undone by it.
 */
public final class OrderRegistry extends KeyedProcessFunction<String, OrderEvent, VideoNotice> {

  private static final long serialVersionUID = 1L;
  private static final long DAY = 86_400_000L;

  static final ValueStateDescriptor<OrderNotice> ORDER = new ValueStateDescriptor<>("order-terms", OrderNotice.class);
  static final ValueStateDescriptor<OrderTerms> TERMS = new ValueStateDescriptor<>("order-lifetime", OrderTerms.class);
  static final MapStateDescriptor<Long, List<OrderEvent>> PENDING =
      EventTimeBuffer.descriptor("order-events-pending", TypeInformation.of(OrderEvent.class));
  /** Events of one order and millisecond: by id (copies of one event are alike), then kind. */
  static final Comparator<OrderEvent> EVENT_ORDER = Comparator.comparing((OrderEvent e) -> e.getEventId().toString())
      .thenComparing(e -> e.getKind().name());

  /** How the order's end is derived. A Flink POJO. */
  public static class OrderTerms {
    public int retentionDays;
    public long completedAt;
    public long cancelledAt;
    public long cleanupAt;
    /** Ids of the order events applied, oldest first (null in state written before they were kept: none). */
    public String[] appliedEventIds;

    public OrderTerms() {}
  }

  private final DetectionSettings settings;
  private transient ValueState<OrderNotice> order;
  private transient ValueState<OrderTerms> terms;
  private transient EventTimeBuffer<OrderEvent> pending;
  private transient Counter unknownKinds;
  private transient Counter duplicateEvents;

  public OrderRegistry(DetectionSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext openContext) {
    order = getRuntimeContext().getState(ORDER);
    terms = getRuntimeContext().getState(TERMS);
    pending = new EventTimeBuffer<>(getRuntimeContext().getMapState(PENDING));
    unknownKinds = getRuntimeContext().getMetricGroup().counter("unknownOrderEvents");
    duplicateEvents = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
  }

  @Override
  public void processElement(OrderEvent e, Context ctx, Collector<VideoNotice> out) throws Exception {
    pending.add(e.getEventTime().toEpochMilli(), e, ctx.timerService());
  }

  private void apply(OrderEvent e, TimerService timers, Collector<VideoNotice> out) throws Exception {
    OrderNotice o = order.value();
    OrderTerms t = terms.value();
    if (t == null) {
      t = new OrderTerms();
      t.retentionDays = settings.defaultRetentionDays;
    }
    if (applied(t, e.getEventId())) {
      duplicateEvents.inc();
      return;
    }
    if (o == null) {
      o = new OrderNotice();
      o.orderId = e.getOrderId();
    }
    o.creatorId = e.getCreatorId();
    o.advertiserId = e.getAdvertiserId();
    if (e.getAgencyId() != null) {
      o.agencyId = e.getAgencyId();
    }
    long at = e.getEventTime().toEpochMilli();
    switch (e.getKind()) {
      case CREATED -> {
        if (e.getRetentionDays() != null) {
          t.retentionDays = e.getRetentionDays();
        }
      }
      case VIDEO_PUBLISHED -> {
        o.videoId = e.getVideoId();
        o.publishedAt = e.getPublishedAt() != null ? e.getPublishedAt().toEpochMilli() : at;
      }
      case RETENTION_CHANGED -> {
        if (e.getRetentionDays() != null) {
          t.retentionDays = e.getRetentionDays();
        }
      }
      case COMPLETED -> t.completedAt = at;
      case CANCELLED -> t.cancelledAt = at;
      default -> {
        unknownKinds.inc();
        return;
      }
    }
    if (o.videoId == null && e.getVideoId() != null) {
      o.videoId = e.getVideoId();
      o.publishedAt = e.getPublishedAt() != null ? e.getPublishedAt().toEpochMilli() : at;
    }
    o.endsAt = endOf(o, t);
    o.eventTime = at;

    // An order never published is forgotten after its would-be retention period; a cancelled one after the grace.
    long cleanupAt = o.videoId != null ? o.endsAt + settings.stateGraceMillis
        : t.cancelledAt != 0 ? at + settings.stateGraceMillis
        : at + t.retentionDays * DAY + settings.stateGraceMillis;
    if (cleanupAt != t.cleanupAt) {
      if (t.cleanupAt != 0 && !pending.holds(t.cleanupAt)) {
        timers.deleteEventTimeTimer(t.cleanupAt);
      }
      timers.registerEventTimeTimer(cleanupAt);
      t.cleanupAt = cleanupAt;
    }
    t.appliedEventIds = withId(t.appliedEventIds, e.getEventId());
    o.revision = t.appliedEventIds.length;
    order.update(o);
    terms.update(t);
    if (o.videoId != null) {
      out.collect(VideoNotice.of(copy(o)));
    }
  }

  private static boolean applied(OrderTerms t, String eventId) {
    if (t.appliedEventIds != null) {
      for (String id : t.appliedEventIds) {
        if (id.equals(eventId)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String[] withId(String[] ids, String eventId) {
    String[] out = ids == null ? new String[1] : Arrays.copyOf(ids, ids.length + 1);
    out[out.length - 1] = eventId;
    return out;
  }

  private long endOf(OrderNotice o, OrderTerms t) {
    if (o.videoId == null) {
      return t.cancelledAt != 0 ? t.cancelledAt : Long.MAX_VALUE;
    }
    long end = o.publishedAt + t.retentionDays * DAY;
    if (t.completedAt != 0) {
      end = Math.min(end, t.completedAt + settings.watchAfterCompletionMillis);
    }
    if (t.cancelledAt != 0) {
      end = Math.min(end, t.cancelledAt);
    }
    return end;
  }

  private static OrderNotice copy(OrderNotice o) {
    OrderNotice c = new OrderNotice();
    c.orderId = o.orderId;
    c.videoId = o.videoId;
    c.creatorId = o.creatorId;
    c.advertiserId = o.advertiserId;
    c.agencyId = o.agencyId;
    c.publishedAt = o.publishedAt;
    c.endsAt = o.endsAt;
    c.eventTime = o.eventTime;
    c.revision = o.revision;
    return c;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<VideoNotice> out) throws Exception {
    for (OrderEvent e : pending.release(timestamp, EVENT_ORDER)) {
      apply(e, ctx.timerService(), out);
    }
    OrderTerms t = terms.value();
    if (t != null && t.cleanupAt <= timestamp) {
      order.clear();
      terms.clear();
    }
  }
}
