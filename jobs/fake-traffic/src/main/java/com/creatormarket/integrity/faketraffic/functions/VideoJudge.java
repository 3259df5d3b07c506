package com.creatormarket.integrity.faketraffic.functions;

import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.cases.CaseBuilder;
import com.creatormarket.integrity.faketraffic.cases.OrderJudgement;
import com.creatormarket.integrity.faketraffic.model.ConcentrationSketches;
import com.creatormarket.integrity.faketraffic.model.HourlyMetrics;
import com.creatormarket.integrity.faketraffic.model.HourlyViews;
import com.creatormarket.integrity.faketraffic.model.InvalidCounts;
import com.creatormarket.integrity.faketraffic.model.LifetimeTotals;
import com.creatormarket.integrity.faketraffic.model.LockstepFinding;
import com.creatormarket.integrity.faketraffic.model.LockstepOnVideo;
import com.creatormarket.integrity.faketraffic.model.OrderSlot;
import com.creatormarket.integrity.faketraffic.model.SlotWindow;
import com.creatormarket.integrity.faketraffic.model.VideoLifetime;
import com.creatormarket.integrity.faketraffic.model.VideoNotice;
import com.creatormarket.integrity.faketraffic.model.VideoOrders;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import com.creatormarket.integrity.faketraffic.signals.InvalidEvents;
import com.creatormarket.integrity.faketraffic.signals.RiskScore;
import com.creatormarket.integrity.faketraffic.signals.SignalPeaks;
import com.creatormarket.integrity.faketraffic.signals.SignalReading;
import com.creatormarket.integrity.faketraffic.signals.VideoSignals;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Judges a commissioned video's traffic (keyed by video): folds each partial into the video's
 * window, baselines and sketches; reads every signal; decides which of the partial's events are
 * invalid; scores; and, per order of the video that is being watched, opens or updates its case.
 * Emits verified metrics (hour and since publication) at each event-time hour end with traffic.
 * The state ends {@code order.state-grace} after the video's last order ends, or
 * {@code video.unregistered-ttl} after first traffic when no order names the video.
 *
 * <p>A shell: it reads the video's state, hands each concern to its plain class ({@link SlotWindow},
 * {@link ConcentrationSketches}, {@link VideoSignals}, {@link SignalPeaks}, {@link InvalidEvents},
 * {@link HourlyMetrics}, {@link OrderJudgement}, {@link CaseBuilder}, {@link LockstepOnVideo},
 * {@link VideoLifetime}), writes the state back, sets its two timers and emits.
 */
public final class VideoJudge extends KeyedCoProcessFunction<String, VideoPartial, VideoNotice, FlaggedCase> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<VerifiedMetrics> METRICS = new OutputTag<>("verified-metrics") {};
  /** State name: never change it, savepoints map state by name. */
  public static final ValueStateDescriptor<VideoState> VIDEO = new ValueStateDescriptor<>("video-state", VideoState.class);

  private final DetectionSettings settings;
  private transient ValueState<VideoState> video;
  private transient Counter latePartials;
  private transient Counter casesEmitted;

  private transient SlotWindow slots;
  private transient VideoSignals signals;
  private transient SignalPeaks peaks;
  private transient InvalidEvents invalid;
  private transient OrderJudgement judgement;
  private transient CaseBuilder cases;
  private transient LockstepOnVideo lockstep;
  private transient VideoLifetime lifetime;

  public VideoJudge(DetectionSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext openContext) {
    video = getRuntimeContext().getState(VIDEO);
    latePartials = getRuntimeContext().getMetricGroup().counter("latePartials");
    casesEmitted = getRuntimeContext().getMetricGroup().counter("caseVersions");
    slots = new SlotWindow(settings);
    signals = new VideoSignals(settings, slots);
    peaks = new SignalPeaks(settings);
    invalid = new InvalidEvents(settings);
    judgement = new OrderJudgement(settings, peaks);
    cases = new CaseBuilder(settings, peaks);
    lockstep = new LockstepOnVideo(settings.lockstepMinGroup);
    lifetime = new VideoLifetime(settings);
  }

  @Override
  public void processElement1(VideoPartial p, Context ctx, Collector<FlaggedCase> out) throws Exception {
    VideoState st = video.value();
    if (st == null) {
      st = VideoState.create(p.videoId, p.creatorId, settings.slots, RiskScore.COUNT);
      st.firstSeen = p.bucketStart;
    }
    long now = Math.max(st.lastEventTime, p.maxEventTime);
    st.lastEventTime = now;

    int slot = slots.advance(st, p.bucketStart);
    boolean inEpoch = ConcentrationSketches.enterEpoch(st, p.bucketStart, settings.epochMillis);
    if (HourlyMetrics.isLaterThanOpenHour(st, p.bucketStart)) {
      // A later hour's partial before the watermark closed this one (a faster upstream subtask): close it now.
      deleteTimer(ctx.timerService(), st.hourTimer);
      st.hourTimer = 0;
      emit(HourlyMetrics.close(st), ctx);
    }
    HourlyMetrics.open(st, p.bucketStart);
    if (st.hourTimer == 0) {
      st.hourTimer = HourlyMetrics.lastMillisOfOpenHour(st);
      ctx.timerService().registerEventTimeTimer(st.hourTimer);
    }
    HourlyViews.advance(st, p.bucketStart);

    if (slot >= 0) {
      slots.add(st, slot, p);
    } else {
      latePartials.inc();
    }
    ConcentrationSketches live = ConcentrationSketches.fold(st, p, inEpoch, settings);
    LifetimeTotals.add(st, p);

    SignalReading[] readings = signals.read(st, p.creatorLikeRate, p.creatorFollowRate, live);
    if (peaks.remember(st, readings, now) && slot >= 0) {
      slots.markSuspect(st, slot);
    }
    InvalidCounts invalidNow = invalid.of(st, p, readings);
    HourlyMetrics.add(st, p, invalidNow);
    HourlyViews.add(st, p.bucketStart, p.views);
    judgeOrders(st, readings, now, out);
    scheduleCleanup(st, ctx.timerService());
    video.update(st);
  }

  @Override
  public void processElement2(VideoNotice n, Context ctx, Collector<FlaggedCase> out) throws Exception {
    VideoState st = video.value();
    if (n.order != null) {
      if (st == null) {
        st = VideoState.create(n.videoId, n.order.creatorId, settings.slots, RiskScore.COUNT);
        st.firstSeen = n.order.eventTime;
      }
      VideoOrders.upsert(st, n.order);
      scheduleCleanup(st, ctx.timerService());
      video.update(st);
      return;
    }
    LockstepFinding f = n.lockstep;
    if (f == null || st == null) {
      // A group on a video without traffic state here: nothing to judge yet (its partials come next).
      return;
    }
    LockstepOnVideo.Reported reported = lockstep.absorb(st, f);
    if (reported.countsAsGroup()) {
      HourlyMetrics.invalidate(st, reported.views(), reported.likes(), reported.follows());
    }
    long now = Math.max(st.lastEventTime, f.eventTime);
    SignalReading[] readings = signals.read(st, Double.NaN, Double.NaN, ConcentrationSketches.of(st, settings.itemsMapSize));
    peaks.remember(st, readings, now);
    judgeOrders(st, readings, now, out);
    video.update(st);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FlaggedCase> out) throws Exception {
    VideoState st = video.value();
    if (st == null) {
      return;
    }
    if (timestamp == st.hourTimer) {
      st.hourTimer = 0;
      emit(HourlyMetrics.close(st), ctx);
    }
    if (timestamp == st.cleanupTimer) {
      st.cleanupTimer = 0;
      OrderSlot[] kept = lifetime.keptAt(st.orders, timestamp);
      if (kept.length == 0) {
        if (st.hourTimer != 0) {
          ctx.timerService().deleteEventTimeTimer(st.hourTimer);
          emit(HourlyMetrics.close(st), ctx);
        }
        video.clear();
        return;
      }
      st.orders = kept;
      scheduleCleanup(st, ctx.timerService());
    }
    video.update(st);
  }

  /** A new case version for each order the verdict moves. */
  private void judgeOrders(VideoState st, SignalReading[] readings, long now, Collector<FlaggedCase> out) {
    OrderJudgement.Verdict verdict = judgement.verdict(st, now);
    if (verdict == null) {
      return;
    }
    for (OrderSlot o : st.orders) {
      if (judgement.nextVersion(st, o, verdict, now)) {
        out.collect(cases.build(st, o, readings, verdict.strengths(), now));
        casesEmitted.inc();
      }
    }
  }

  /** One cleanup timer per video, its time kept in state so it can be moved. */
  private void scheduleCleanup(VideoState st, TimerService timers) {
    long at = lifetime.cleanupAt(st);
    if (at == VideoLifetime.NEVER || at == st.cleanupTimer) {
      return;
    }
    deleteTimer(timers, st.cleanupTimer);
    timers.registerEventTimeTimer(at);
    st.cleanupTimer = at;
  }

  private static void deleteTimer(TimerService timers, long at) {
    if (at != 0) {
      timers.deleteEventTimeTimer(at);
    }
  }

  private static void emit(List<VerifiedMetrics> records, Context ctx) {
    for (VerifiedMetrics m : records) {
      ctx.output(METRICS, m);
    }
  }
}
