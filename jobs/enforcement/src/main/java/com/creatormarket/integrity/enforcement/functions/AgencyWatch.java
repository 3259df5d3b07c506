package com.creatormarket.integrity.enforcement.functions;

import com.creatormarket.integrity.avro.AgencyAlert;
import com.creatormarket.integrity.avro.AgencyAlertLevel;
import com.creatormarket.integrity.avro.CountedViolation;
import com.creatormarket.integrity.avro.Penalty;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.enforcement.model.Policy;
import com.creatormarket.integrity.common.time.EventTimeBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides when an MCN agency is reported: when the violations (penalties) of the creators it
 * signed, within the trailing {@code policy.agency-alert-window}, reach
 * {@code policy.agency-alert-threshold}. At most one report per agency per window; the report
 * lists every violation counted. Keyed by agencyId; penalties are taken in event-time order
 * (ties by penalty id) because they come from many creators' ledgers at once.
 */
public final class AgencyWatch extends KeyedProcessFunction<String, Penalty, AgencyAlert> {

  private static final long serialVersionUID = 1L;

  static final String BUFFER = "agency-penalties";
  static final String COUNTED = "counted-violations";
  static final String LAST_ALERT = "last-alert";
  static final String NEXT_CLEANUP = "next-cleanup";

  private final Policy policy;

  private transient EventTimeBuffer<Penalty> buffer;
  private transient MapState<String, CountedViolation> counted;
  private transient ValueState<Long> lastAlert;
  private transient ValueState<Long> nextCleanup;
  private transient Counter alerts;

  public AgencyWatch(Policy policy) {
    this.policy = policy;
  }

  @Override
  public void open(OpenContext openContext) {
    buffer = new EventTimeBuffer<>(getRuntimeContext().getMapState(
        EventTimeBuffer.descriptor(BUFFER, TypeInformation.of(Penalty.class))));
    counted = getRuntimeContext().getMapState(new MapStateDescriptor<>(COUNTED, Types.STRING, TypeInformation.of(CountedViolation.class)));
    lastAlert = getRuntimeContext().getState(new ValueStateDescriptor<>(LAST_ALERT, Types.LONG));
    nextCleanup = getRuntimeContext().getState(new ValueStateDescriptor<>(NEXT_CLEANUP, Types.LONG));
    alerts = getRuntimeContext().getMetricGroup().counter("agencyAlerts");
  }

  @Override
  public void processElement(Penalty p, Context ctx, Collector<AgencyAlert> out) throws Exception {
    buffer.add(p.getEventTime().toEpochMilli(), p, ctx.timerService());
  }

  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<AgencyAlert> out) throws Exception {
    for (Penalty p : buffer.release(time, Comparator.comparing(Penalty::getPenaltyId))) {
      onPenalty(p, time, ctx, out);
    }
    Long due = nextCleanup.value();
    if (due != null && due <= time) {
      cleanUp(time, ctx);
    }
  }

  private void onPenalty(Penalty p, long time, Context ctx, Collector<AgencyAlert> out) throws Exception {
    if (counted.contains(p.getPenaltyId())) {
      return;
    }
    counted.put(p.getPenaltyId(), CountedViolation.newBuilder()
        .setPenaltyId(p.getPenaltyId())
        .setCreatorId(p.getCreatorId())
        .setCause(p.getCause())
        .setCauseId(p.getCauseId())
        .setEventTime(p.getEventTime())
        .build());
    schedule(time + policy.agencyAlertWindowMillis, ctx);

    long windowStart = time - policy.agencyAlertWindowMillis;
    List<CountedViolation> inWindow = new ArrayList<>();
    for (CountedViolation c : counted.values()) {
      if (c.getEventTime().toEpochMilli() > windowStart) {
        inWindow.add(c);
      }
    }
    Long last = lastAlert.value();
    if (inWindow.size() < policy.agencyAlertThreshold || (last != null && time - last < policy.agencyAlertWindowMillis)) {
      return;
    }
    inWindow.sort(Comparator.comparing(CountedViolation::getEventTime).thenComparing(CountedViolation::getPenaltyId));
    String agency = ctx.getCurrentKey();
    alerts.inc();
    out.collect(AgencyAlert.newBuilder()
        .setAlertId(StableIds.of("agency-alert", agency, p.getPenaltyId()))
        .setAgencyId(agency)
        .setLevel(AgencyAlertLevel.THRESHOLD_REACHED)
        .setViolationCount(inWindow.size())
        .setThreshold(policy.agencyAlertThreshold)
        .setCreatorCount((int) inWindow.stream().map(CountedViolation::getCreatorId).distinct().count())
        .setViolations(inWindow)
        .setWindowStart(Instant.ofEpochMilli(windowStart))
        .setPolicyVersion(policy.version)
        .setEventTime(Instant.ofEpochMilli(time))
        .build());
    lastAlert.update(time);
  }

  private void schedule(long time, Context ctx) throws Exception {
    Long due = nextCleanup.value();
    if (due == null || time < due) {
      nextCleanup.update(time);
      ctx.timerService().registerEventTimeTimer(time);
    }
  }

  /** Violations leave the count when they fall out of the window; the last report is forgotten a window after it. */
  private void cleanUp(long time, Context ctx) throws Exception {
    long next = Long.MAX_VALUE;
    for (Iterator<Map.Entry<String, CountedViolation>> it = counted.iterator(); it.hasNext(); ) {
      long leaves = it.next().getValue().getEventTime().toEpochMilli() + policy.agencyAlertWindowMillis;
      if (leaves <= time) {
        it.remove();
      } else {
        next = Math.min(next, leaves);
      }
    }
    if (counted.isEmpty()) {
      // An iterator's removals can leave an empty map behind in some state backends.
      counted.clear();
    }
    Long last = lastAlert.value();
    if (last != null) {
      long forget = last + policy.agencyAlertWindowMillis;
      if (forget <= time) {
        lastAlert.clear();
      } else {
        next = Math.min(next, forget);
      }
    }
    if (next == Long.MAX_VALUE) {
      nextCleanup.clear();
    } else {
      nextCleanup.update(next);
      ctx.timerService().registerEventTimeTimer(next);
    }
  }
}
