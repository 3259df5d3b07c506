package com.creatormarket.integrity.retention.functions;

import com.creatormarket.integrity.avro.Actor;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.RetentionOutcome;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.common.CauseIds;
import com.creatormarket.integrity.retention.model.OrderTerms;
import com.creatormarket.integrity.retention.model.OrderWatch;
import com.creatormarket.integrity.retention.model.RetentionPolicy;
import com.creatormarket.integrity.retention.model.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides whether a commissioned video came down before its retention ended, once for every order
 * of the video. Deleted: a violation at once. Hidden: a violation at the grace end unless restored
 * by then; beyond the tolerated hide/restore cycles, a violation at once. Removed by platform
 * moderation: a PLATFORM_REMOVAL, which tells the order system the video is gone and carries no
 * penalty cause. A creator's hiding that was a violation is closed by a HIDING_ENDED when it ends
 * (the video comes back or is deleted, or the order's duty ends with it hidden), so that its refund
 * can be for the days it was really hidden.
 *
 * <p>Keyed by video. Every point of the video's timeline (lifecycle events, grace ends, retention
 * ends) is judged in event-time order once the watermark is {@link RetentionPolicy#decisionDelayMillis()}
 * past it, so lifecycle events that arrive before their order's publication, or out of order, are
 * judged as if they had arrived in order. At equal instants: retention ends first (a video may
 * come down from 00:00 of the end day), then lifecycle events, then grace ends (a restore at the
 * grace end is in time).
 *
 * <p>State: the orders of the video until each one's duty is over; the current hiding while an
 * order is watched; lifecycle events until they are judged. One event-time timer, its time kept in
 * state. When the last order's duty is over and nothing is pending, state and timer are gone.
 */
public final class EarlyRemovalRule
    extends KeyedCoProcessFunction<String, OrderTerms, VideoLifecycleEvent, RetentionViolation> {

  private static final long serialVersionUID = 1L;

  /** State names: never change them, savepoints map state by name. */
  public static final String ORDERS = "orders";
  public static final String VISIBILITY = "visibility";
  public static final String PENDING = "pending-lifecycle";
  public static final String WAKE_UP = "wake-up";


  private final RetentionPolicy policy;

  private transient MapState<String, OrderWatch> orders;
  private transient ValueState<Visibility> visibility;
  private transient MapState<Long, List<VideoLifecycleEvent>> pending;
  private transient ValueState<Long> wakeUp;

  private transient Counter creatorViolations;
  private transient Counter platformRemovals;
  private transient Counter staleOrderFacts;
  private transient Counter lateLifecycleEvents;
  private transient Counter unwatchedLifecycleEvents;
  private transient Counter hidingsEnded;

  public EarlyRemovalRule(RetentionPolicy policy) {
    this.policy = policy;
  }

  @Override
  public void open(OpenContext openContext) {
    orders = getRuntimeContext().getMapState(SafetyNetTtl.on(
        new MapStateDescriptor<>(ORDERS, Types.STRING, TypeInformation.of(OrderWatch.class)), policy));
    visibility = getRuntimeContext().getState(SafetyNetTtl.on(
        new ValueStateDescriptor<>(VISIBILITY, TypeInformation.of(Visibility.class)), policy));
    pending = getRuntimeContext().getMapState(SafetyNetTtl.on(
        new MapStateDescriptor<>(PENDING, Types.LONG, new ListTypeInfo<>(new AvroTypeInfo<>(VideoLifecycleEvent.class))), policy));
    wakeUp = getRuntimeContext().getState(SafetyNetTtl.on(new ValueStateDescriptor<>(WAKE_UP, Types.LONG), policy));
    var metrics = getRuntimeContext().getMetricGroup();
    creatorViolations = metrics.counter("retentionViolations");
    platformRemovals = metrics.counter("platformRemovals");
    staleOrderFacts = metrics.counter("orderTermsAfterRetentionEnd");
    lateLifecycleEvents = metrics.counter("lifecycleEventsJudgedLate");
    unwatchedLifecycleEvents = metrics.counter("lifecycleEventsWithoutOrder");
    hidingsEnded = metrics.counter("hidingsEnded");
  }

  @Override
  public void processElement1(OrderTerms terms, Context ctx, Collector<RetentionViolation> out) throws Exception {
    if (!terms.published()) {
      return;
    }
    long horizon = policy.horizon(ctx.timerService().currentWatermark());
    OrderWatch watch = orders.get(terms.orderId);
    if (watch == null) {
      if (terms.closesAt(policy) <= horizon) {
        // The duty ended before the order reached this video (a replayed or very late snapshot).
        staleOrderFacts.inc();
        return;
      }
      watch = OrderWatch.of(terms);
    } else {
      watch.terms = watch.terms.merge(terms);
    }
    orders.put(terms.orderId, watch);
    settle(ctx.getCurrentKey(), horizon, ctx.timerService(), out);
  }

  @Override
  public void processElement2(VideoLifecycleEvent event, Context ctx, Collector<RetentionViolation> out) throws Exception {
    if (event.getKind() == LifecycleKind.PUBLISHED) {
      // The duty starts at the publication the order states; the platform's own PUBLISHED adds nothing.
      return;
    }
    long at = event.getEventTime().toEpochMilli();
    long horizon = policy.horizon(ctx.timerService().currentWatermark());
    if (at <= horizon) {
      // Cannot happen behind the input triage (the decision delay covers the allowed lateness); judged now if it does.
      lateLifecycleEvents.inc();
    }
    List<VideoLifecycleEvent> atInstant = pending.get(at);
    if (atInstant == null) {
      atInstant = new ArrayList<>(1);
    }
    atInstant.add(event);
    pending.put(at, atInstant);
    settle(ctx.getCurrentKey(), horizon, ctx.timerService(), out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RetentionViolation> out) throws Exception {
    wakeUp.clear();
    settle(ctx.getCurrentKey(), policy.horizon(ctx.timerService().currentWatermark()), ctx.timerService(), out);
  }

  /** Judges the timeline up to the horizon, writes the state back and sets the one timer for the next point. */
  private void settle(String videoId, long horizon, TimerService timers, Collector<RetentionViolation> out) throws Exception {
    Timeline timeline = new Timeline(videoId, out);
    timeline.judgeUpTo(horizon);
    long next = timeline.save();
    Long registered = wakeUp.value();
    long wake = next == Long.MAX_VALUE ? Long.MAX_VALUE : policy.decisionTime(next);
    if (registered != null && registered == wake) {
      return;
    }
    if (registered != null) {
      timers.deleteEventTimeTimer(registered);
    }
    if (next == Long.MAX_VALUE) {
      wakeUp.clear();
    } else {
      timers.registerEventTimeTimer(wake);
      wakeUp.update(wake);
    }
  }

  /** One video's state, loaded for a decision step and written back after it. */
  private final class Timeline {
    private final String videoId;
    private final Collector<RetentionViolation> out;
    private final TreeMap<String, OrderWatch> watches = new TreeMap<>();
    private final Set<String> changed = new HashSet<>();
    private final Set<String> closed = new HashSet<>();
    private final TreeSet<Long> pendingInstants = new TreeSet<>();
    private final List<Long> judgedInstants = new ArrayList<>();
    private Visibility vis;
    private boolean visChanged;

    Timeline(String videoId, Collector<RetentionViolation> out) throws Exception {
      this.videoId = videoId;
      this.out = out;
      for (Map.Entry<String, OrderWatch> e : orders.entries()) {
        watches.put(e.getKey(), e.getValue());
      }
      for (Long instant : pending.keys()) {
        pendingInstants.add(instant);
      }
      vis = visibility.value();
    }

    void judgeUpTo(long horizon) throws Exception {
      while (true) {
        String closing = null;
        long closeAt = Long.MAX_VALUE;
        for (Map.Entry<String, OrderWatch> e : watches.entrySet()) {
          long c = e.getValue().terms.closesAt(policy);
          if (c < closeAt) {
            closeAt = c;
            closing = e.getKey();
          }
        }
        long eventAt = pendingInstants.isEmpty() ? Long.MAX_VALUE : pendingInstants.first();
        long graceEnd = graceEnd();
        long next = Math.min(closeAt, Math.min(eventAt, graceEnd));
        if (next == Long.MAX_VALUE || next > horizon) {
          return;
        }
        if (closeAt == next) {
          endHiding(watches.get(closing), closeAt);
          watches.remove(closing);
          closed.add(closing);
        } else if (eventAt == next) {
          pendingInstants.pollFirst();
          judgedInstants.add(eventAt);
          for (VideoLifecycleEvent event : pending.get(eventAt)) {
            apply(event, eventAt);
          }
        } else {
          judgeGraceEnd(graceEnd);
        }
      }
    }

    private long graceEnd() {
      if (vis == null || vis.graceJudged) {
        return Long.MAX_VALUE;
      }
      long grace = policy.hideGraceMillis();
      return vis.hiddenAt > Long.MAX_VALUE - grace ? Long.MAX_VALUE : vis.hiddenAt + grace;
    }

    private List<OrderWatch> coveredAt(long instant) {
      List<OrderWatch> covered = new ArrayList<>();
      for (OrderWatch w : watches.values()) {
        if (w.terms.covers(instant, policy)) {
          covered.add(w);
        }
      }
      return covered;
    }

    private void apply(VideoLifecycleEvent event, long at) {
      List<OrderWatch> covered = coveredAt(at);
      switch (event.getKind()) {
        case DELETED -> {
          if (covered.isEmpty()) {
            unwatchedLifecycleEvents.inc();
          }
          for (OrderWatch w : covered) {
            endHiding(w, at);
            emit(w, LifecycleKind.DELETED, event.getActor(), reasonOf(event), at, at);
            watches.remove(w.terms.orderId);
            closed.add(w.terms.orderId);
          }
          setVisibility(null);
        }
        case HIDDEN -> {
          if (vis != null) {
            return; // already hidden: the first hiding's clock runs on
          }
          if (covered.isEmpty()) {
            unwatchedLifecycleEvents.inc();
            return;
          }
          setVisibility(Visibility.hidden(at, event.getActor(), reasonOf(event)));
          for (OrderWatch w : covered) {
            w.countHide(at, event.getActor());
            changed.add(w.terms.orderId);
            if (event.getActor() == Actor.CREATOR && w.creatorHideCount > policy.toleratedHideCycles()) {
              emit(w, LifecycleKind.HIDDEN, Actor.CREATOR, reasonOf(event), at, at);
              w.judgedHideAt = at;
            }
          }
        }
        case RESTORED -> {
          if (vis != null) {
            for (OrderWatch w : watches.values()) {
              endHiding(w, at);
            }
            setVisibility(null);
          }
        }
        default -> {
          // PUBLISHED never enters the timeline; UNKNOWN is stopped at the input triage.
        }
      }
    }

    private void judgeGraceEnd(long graceEnd) {
      for (OrderWatch w : watches.values()) {
        // Still watched at the grace end (retention ends come first at equal instants) and published by the hiding.
        if (w.terms.publishedAt > vis.hiddenAt || w.judged(vis.hiddenAt)) {
          continue;
        }
        // An order that reached the video after the hiding began counts it now.
        w.countHide(vis.hiddenAt, vis.hiddenBy);
        emit(w, LifecycleKind.HIDDEN, vis.hiddenBy, vis.reason, vis.hiddenAt, graceEnd);
        w.judgedHideAt = vis.hiddenAt;
        changed.add(w.terms.orderId);
      }
      vis.graceJudged = true;
      visChanged = true;
    }

    /** Closes the current hiding for an order for which it was a creator's violation. */
    private void endHiding(OrderWatch w, long endedAt) {
      if (vis == null || vis.hiddenBy == Actor.PLATFORM_MODERATION || !w.judged(vis.hiddenAt)) {
        return;
      }
      OrderTerms t = w.terms;
      int days = t.daysAt(endedAt, policy.defaultDays());
      String violationId = CauseIds.retentionViolation(t.orderId, videoId, vis.hiddenAt, LifecycleKind.HIDDEN);
      out.collect(RetentionViolation.newBuilder()
          .setViolationId(CauseIds.hidingEnded(violationId))
          .setOrderId(t.orderId)
          .setVideoId(videoId)
          .setCreatorId(t.creatorId)
          .setAdvertiserId(t.advertiserId)
          .setAgencyId(t.agencyId)
          .setOutcome(RetentionOutcome.HIDING_ENDED)
          .setRemovalKind(LifecycleKind.HIDDEN)
          .setActor(vis.hiddenBy)
          .setPublishedAt(Instant.ofEpochMilli(t.publishedAt))
          .setRetentionDays(days)
          .setRetentionEnd(Instant.ofEpochMilli(policy.calendar().end(t.publishedAt, days)))
          .setRemovedAt(Instant.ofEpochMilli(vis.hiddenAt))
          .setDecidedAt(Instant.ofEpochMilli(endedAt))
          .setHideCount(w.hideCount)
          .setHidingEndedAt(Instant.ofEpochMilli(endedAt))
          .setTimeZone(policy.calendar().zone().getId())
          .setRemovalReason(vis.reason)
          .build());
      hidingsEnded.inc();
    }

    private void setVisibility(Visibility v) {
      vis = v;
      visChanged = true;
    }

    private static String reasonOf(VideoLifecycleEvent event) {
      return event.getReason() == null ? null : event.getReason().toString();
    }

    private void emit(OrderWatch w, LifecycleKind kind, Actor actor, String reason, long removedAt, long decidedAt) {
      OrderTerms t = w.terms;
      boolean platform = actor == Actor.PLATFORM_MODERATION;
      RetentionOutcome outcome = platform ? RetentionOutcome.PLATFORM_REMOVAL
          : kind == LifecycleKind.DELETED ? RetentionOutcome.EARLY_DELETION : RetentionOutcome.EARLY_HIDING;
      int days = t.daysAt(decidedAt, policy.defaultDays());
      out.collect(RetentionViolation.newBuilder()
          .setViolationId(CauseIds.retentionViolation(t.orderId, videoId, removedAt, kind))
          .setOrderId(t.orderId)
          .setVideoId(videoId)
          .setCreatorId(t.creatorId)
          .setAdvertiserId(t.advertiserId)
          .setAgencyId(t.agencyId)
          .setOutcome(outcome)
          .setRemovalKind(kind)
          .setActor(actor)
          .setPublishedAt(Instant.ofEpochMilli(t.publishedAt))
          .setRetentionDays(days)
          .setRetentionEnd(Instant.ofEpochMilli(policy.calendar().end(t.publishedAt, days)))
          .setRemovedAt(Instant.ofEpochMilli(removedAt))
          .setDecidedAt(Instant.ofEpochMilli(decidedAt))
          .setHideCount(w.hideCount)
          .setTimeZone(policy.calendar().zone().getId())
          .setRemovalReason(reason)
          .build());
      (platform ? platformRemovals : creatorViolations).inc();
    }

    /** Writes the state back; returns the next point of the timeline, or Long.MAX_VALUE when nothing is left. */
    long save() throws Exception {
      for (String orderId : closed) {
        orders.remove(orderId);
      }
      for (String orderId : changed) {
        OrderWatch w = watches.get(orderId);
        if (w != null) {
          orders.put(orderId, w);
        }
      }
      for (Long instant : judgedInstants) {
        pending.remove(instant);
      }
      if (watches.isEmpty()) {
        // Nothing watched: the video's visibility no longer matters.
        vis = null;
        visChanged = true;
      }
      if (visChanged) {
        if (vis == null) {
          visibility.clear();
        } else {
          visibility.update(vis);
        }
      }
      long next = pendingInstants.isEmpty() ? Long.MAX_VALUE : pendingInstants.first();
      for (OrderWatch w : watches.values()) {
        next = Math.min(next, w.terms.closesAt(policy));
      }
      return Math.min(next, graceEnd());
    }
  }
}
