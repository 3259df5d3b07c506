package com.creatormarket.integrity.faketraffic.functions;

import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.cases.CaseBuilder;
import com.creatormarket.integrity.faketraffic.cases.OrderJudgement;
import com.creatormarket.integrity.faketraffic.model.ConcentrationSketches;
import com.creatormarket.integrity.faketraffic.model.EventTimeOrder;
import com.creatormarket.integrity.faketraffic.model.HourlyMetrics;
import com.creatormarket.integrity.faketraffic.model.HourlyViews;
import com.creatormarket.integrity.faketraffic.model.InvalidCounts;
import com.creatormarket.integrity.faketraffic.model.LifetimeTotals;
import com.creatormarket.integrity.faketraffic.model.LockstepFinding;
import com.creatormarket.integrity.faketraffic.model.LockstepOnVideo;
import com.creatormarket.integrity.faketraffic.model.OrderNotice;
import com.creatormarket.integrity.faketraffic.model.OrderSlot;
import com.creatormarket.integrity.faketraffic.model.Regions;
import com.creatormarket.integrity.faketraffic.model.PendingBucket;
import com.creatormarket.integrity.faketraffic.model.ShadowState;
import com.creatormarket.integrity.faketraffic.model.SlotWindow;
import com.creatormarket.integrity.faketraffic.model.VideoLifetime;
import com.creatormarket.integrity.faketraffic.model.VideoNotice;
import com.creatormarket.integrity.faketraffic.model.VideoOrders;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;
import com.creatormarket.integrity.faketraffic.signals.CampaignShape;
import com.creatormarket.integrity.faketraffic.signals.InvalidEvents;
import com.creatormarket.integrity.faketraffic.signals.RiskScore;
import com.creatormarket.integrity.faketraffic.signals.SignalPeaks;
import com.creatormarket.integrity.faketraffic.signals.SignalReading;
import com.creatormarket.integrity.faketraffic.signals.VelocityBurst;
import com.creatormarket.integrity.faketraffic.signals.VideoSignals;
import com.creatormarket.integrity.common.time.EventTimeOrderedOperator;
import com.creatormarket.integrity.faketraffic.rules.RuleHistory;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Judges a commissioned video's traffic (keyed by video): folds each event-time bucket's partials
 * into the video's window, baselines and sketches; reads every signal; decides which of the bucket's
 * events are invalid; scores; and, per order of the video that is being watched, opens or updates
 * its case. Emits verified metrics (hour and since publication) at each event-time hour end with
 * traffic. The state ends {@code order.state-grace} after the video's last order ends, or
 * {@code video.unregistered-ttl} after first traffic when no order names the video.
 *
 * <p>Outputs depend on the input and its event times only, not on arrival order (issue #12): order
 * notices, partials and lockstep findings (one input, {@link VideoNotice}) wait in an
 * {@link EventTimeOrderedOperator} ({@link #operator}) until the watermark passes the end of their
 * bucket; then the due buckets are judged oldest first, each as: its order notices applied in a fixed
 * order, then its partials as one partial merged in a fixed order, then its findings in a fixed order
 * ({@link EventTimeOrder}); an hour closes at its timer after its last bucket. A bucket's input is
 * released together, gathered on the heap ({@link PendingBucket}) and judged at the bucket's timer,
 * which fires right after it within the same watermark: nothing of it is in keyed state, where each
 * partial used to be read and written again with its whole bucket (issue #16).
 *
 * <p>An order notice counts from its event time (the order event's): it is applied before the
 * partials of its own bucket and after every earlier bucket, however early or late (within the
 * watermark) it arrives. So a publication reported after the fact names the order for the traffic
 * from the report on, not before, and a change of terms (cancellation, retention) never reaches back
 * to buckets before it. A notice may be the first the stage hears of a video: it creates the video's
 * state, as the video's first partial would.
 *
 * <p>A shell: it reads the video's state, hands each concern to its plain class ({@link EventTimeOrder},
 * {@link SlotWindow}, {@link ConcentrationSketches}, {@link VideoSignals}, {@link SignalPeaks},
 * {@link InvalidEvents}, {@link HourlyMetrics}, {@link OrderJudgement}, {@link CaseBuilder},
 * {@link LockstepOnVideo}, {@link VideoLifetime}), writes the state back, sets its timers (one per
 * pending bucket, hour end, cleanup) and emits.
 */
public final class VideoJudge extends KeyedProcessFunction<String, VideoNotice, FlaggedCase>
    implements EventTimeOrderedOperator.InEventTimeOrder<VideoNotice> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<VerifiedMetrics> METRICS = new OutputTag<>("verified-metrics") {};
  /** What a candidate rule set would have decided (shadow mode): never read by enforcement. */
  public static final OutputTag<FlaggedCase> SHADOW = new OutputTag<>("shadow-cases") {};
  /** State name: never change it. */
  public static final ValueStateDescriptor<ShadowState> SHADOW_STATE = new ValueStateDescriptor<>("shadow-state", ShadowState.class);
  /** State name: never change it, savepoints map state by name. */
  public static final ValueStateDescriptor<VideoState> VIDEO = new ValueStateDescriptor<>("video-state", VideoState.class);
  /**
   * Input a subtask keeps on the heap while it waits for the watermark: partials are 1-3 KB, so
   * fewer than the operator's default; beyond, they wait in keyed state.
   */
  static final int MAX_ON_HEAP = 20_000;

  private final DetectionSettings settings;
  private transient ValueState<VideoState> video;
  private transient ValueState<ShadowState> shadow;
  /** The buckets released and not yet judged, by video and bucket end: empty between watermarks. */
  private transient Map<Bucket, PendingBucket> released;
  private transient Counter latePartials;
  private transient Counter casesEmitted;
  private transient Counter shadowCasesEmitted;

  /** Run-time rules on top of {@link #settings}: which apply to a bucket depends on its end only. */
  private RuleHistory rules;
  private transient Map<RuleHistory.RuleSet, Judging> judgings;
  private transient EventTimeOrder order;
  private transient VideoLifetime lifetime;

  private record Bucket(String videoId, long end) {}

  /** The classes that judge with one rule set's thresholds; state-shaping settings are the start-up ones in every set. */
  private record Judging(long version, DetectionSettings settings, SlotWindow slots, VideoSignals signals, SignalPeaks peaks,
      InvalidEvents invalid, OrderJudgement judgement, CaseBuilder cases, LockstepOnVideo lockstep) {

    static Judging of(RuleHistory.RuleSet set) {
      DetectionSettings s = set.settings();
      SlotWindow slots = new SlotWindow(s);
      SignalPeaks peaks = new SignalPeaks(s);
      return new Judging(set.version(), s, slots, new VideoSignals(s, slots), peaks, new InvalidEvents(s), new OrderJudgement(s, peaks),
          new CaseBuilder(s, peaks), new LockstepOnVideo(s.lockstepMinGroup));
    }
  }

  public VideoJudge(RuleHistory rules) {
    this.settings = rules.startUp();
    this.rules = rules;
  }

  /** The stage with its start-up settings only, as the stage tests drive it. */
  public static VideoJudgeOperator operator(DetectionSettings settings) {
    return operator(new RuleHistory(settings));
  }

  /**
   * The stage as it runs: in event-time order of bucket ends, waiting input in {@code
   * video-input-pending}; run-time rules on a second input ({@link VideoJudgeOperator}).
   */
  public static VideoJudgeOperator operator(RuleHistory rules) {
    return new VideoJudgeOperator(new VideoJudge(rules), TypeInformation.of(VideoNotice.class), MAX_ON_HEAP);
  }

  /** The rules as the operator has them (those it was built with, or restored, plus those accepted since). */
  RuleHistory rules() {
    return rules;
  }

  void rules(RuleHistory rules) {
    this.rules = rules;
    if (judgings != null) {
      judgings.clear();
    }
  }

  private Judging judging(RuleHistory.RuleSet set) {
    return set == null ? null : judgings.computeIfAbsent(set, Judging::of);
  }

  /**
   * The end of the bucket the input is judged in: a partial's; an order notice's event time's; a
   * lockstep finding's when it was made (sent after its event time when its round closed or it
   * waited for the reach), after that bucket's partials, which hold the group's events it reports.
   */
  @Override
  public long eventTime(VideoNotice n) {
    if (n.partial != null) {
      return order.endOf(order.bucketOf(n.partial.bucketStart));
    }
    if (n.order != null) {
      return order.endOf(order.bucketOf(n.order.eventTime));
    }
    long made = n.lockstep == null ? n.sentAt : Math.max(n.lockstep.eventTime, n.sentAt);
    return order.endOf(order.bucketOf(made));
  }

  /** By video: a bucket sorts its own input ({@link EventTimeOrder}), so any order of one video's input will do. */
  @Override
  public Comparator<? super VideoNotice> sameTimeOrder() {
    return BY_VIDEO;
  }

  private static final Comparator<VideoNotice> BY_VIDEO = Comparator.comparing(n -> n.videoId);

  @Override
  public void open(OpenContext openContext) {
    video = getRuntimeContext().getState(VIDEO);
    shadow = getRuntimeContext().getState(SHADOW_STATE);
    released = new HashMap<>();
    latePartials = getRuntimeContext().getMetricGroup().counter("latePartials");
    casesEmitted = getRuntimeContext().getMetricGroup().counter("caseVersions");
    shadowCasesEmitted = getRuntimeContext().getMetricGroup().counter("shadowCaseVersions");
    judgings = new HashMap<>();
    order = new EventTimeOrder(settings);
    lifetime = new VideoLifetime(settings);
  }

  /**
   * Gathers the bucket's input as it is released (in event-time order, {@link #operator}); the
   * bucket's timer, right after the bucket's last input, judges it.
   */
  @Override
  public void processElement(VideoNotice n, Context ctx, Collector<FlaggedCase> out) throws Exception {
    if (n.partial == null && n.order == null && n.lockstep == null) {
      return;
    }
    long end = ctx.timestamp();
    Bucket bucket = new Bucket(n.videoId, end);
    PendingBucket b = released.get(bucket);
    if (n.partial != null) {
      b = EventTimeOrder.with(b, n.partial);
    } else if (n.order != null) {
      b = EventTimeOrder.with(b, n.order);
    } else {
      b = EventTimeOrder.with(b, n.lockstep);
    }
    released.put(bucket, b);
    ctx.timerService().registerEventTimeTimer(end);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FlaggedCase> out) throws Exception {
    VideoState st = video.value();
    if (st != null) {
      st.fitSignals(RiskScore.COUNT);
    }
    PendingBucket b = released.remove(new Bucket(ctx.getCurrentKey(), timestamp));
    if (b != null) {
      RuleHistory.RuleSet set = rules.at(timestamp);
      Shadow candidate = set.candidate() == null ? null : new Shadow(judging(set.candidate()), set.candidateEpoch());
      st = judgeBucket(judging(set), candidate, st, b, ctx, out);
    }
    if (st == null) {
      return;
    }
    if (timestamp == st.hourTimer) {
      // The hour's last bucket was judged just now, and may have set this very timer again.
      deleteTimer(ctx.timerService(), ctx.getCurrentKey(), st.hourTimer);
      st.hourTimer = 0;
      emit(HourlyMetrics.close(st), ctx);
    }
    if (timestamp == st.cleanupTimer) {
      st.cleanupTimer = 0;
      OrderSlot[] kept = lifetime.keptAt(st.orders, timestamp);
      if (kept.length == 0) {
        if (st.hourTimer != 0) {
          deleteTimer(ctx.timerService(), ctx.getCurrentKey(), st.hourTimer);
          emit(HourlyMetrics.close(st), ctx);
        }
        // Buckets still pending end later than this: they start the video afresh when judged.
        video.clear();
        shadow.clear();
        return;
      }
      st.orders = kept;
      scheduleCleanup(st, ctx.timerService());
    }
    video.update(st);
  }

  /**
   * Judges one bucket: its order notices, then its partials merged into one, then its lockstep
   * findings. Returns the video's state (null while the video has neither an order nor traffic).
   */
  private VideoState judgeBucket(Judging j, Shadow candidate, VideoState st, PendingBucket b, Context ctx, Collector<FlaggedCase> out) throws Exception {
    OrderNotice[] notices = EventTimeOrder.orders(b);
    for (OrderNotice n : notices) {
      if (st == null) {
        st = VideoState.create(n.videoId, n.creatorId, settings.slots, RiskScore.COUNT);
        st.firstSeen = n.eventTime;
      }
      VideoOrders.upsert(st, n);
    }
    if (notices.length > 0) {
      scheduleCleanup(st, ctx.timerService());
    }
    VideoPartial p = order.merged(b);
    if (p != null) {
      if (st == null) {
        st = VideoState.create(p.videoId, p.creatorId, settings.slots, RiskScore.COUNT);
        st.firstSeen = p.bucketStart;
      }
      judgePartial(j, candidate, st, p, ctx, out);
    }
    for (LockstepFinding f : EventTimeOrder.findings(b)) {
      if (st == null) {
        // A group on a video without traffic here up to the finding: nothing to judge.
        break;
      }
      judgeFinding(j, candidate, st, f, ctx, out);
    }
    return st;
  }

  /** Folds one bucket's traffic into the video and judges it, as of the bucket's last event. */
  private void judgePartial(Judging j, Shadow candidate, VideoState st, VideoPartial p, Context ctx, Collector<FlaggedCase> out) throws Exception {
    long now = Math.max(st.lastEventTime, p.maxEventTime);
    st.lastEventTime = now;

    int slot = j.slots().advance(st, p.bucketStart);
    boolean inEpoch = ConcentrationSketches.enterEpoch(st, p.bucketStart, settings.epochMillis);
    HourlyMetrics.open(st, p.bucketStart);
    if (st.hourTimer == 0) {
      st.hourTimer = HourlyMetrics.lastMillisOfOpenHour(st);
      ctx.timerService().registerEventTimeTimer(st.hourTimer);
    }
    HourlyViews.advance(st, p.bucketStart);

    if (slot >= 0) {
      j.slots().add(st, slot, p);
    } else {
      latePartials.inc();
    }
    ConcentrationSketches live = ConcentrationSketches.fold(st, p, inEpoch, settings);
    LifetimeTotals.add(st, p);
    CampaignShape.learn(st, p, j.settings());

    Regions.judge(st, p);
    VideoWindow window = j.signals().window(st, p.creatorLikeRate, p.creatorFollowRate, live);
    SignalReading[] readings = RiskScore.readAll(window, j.settings());
    if (j.peaks().remember(st, readings, now) && slot >= 0) {
      j.slots().markSuspect(st, slot);
    }
    if (VelocityBurst.honestBurst(window, j.settings()) && slot >= 0) {
      j.slots().markBurst(st, slot);
    }
    InvalidCounts invalidNow = j.invalid().of(st, p, readings);
    HourlyMetrics.add(st, p, invalidNow);
    HourlyViews.add(st, p.bucketStart, p.views);
    judgeOrders(j, st, readings, now, out);
    if (candidate != null) {
      judgeShadow(candidate, st, p.creatorLikeRate, p.creatorFollowRate, live, now, ctx);
    }
    scheduleCleanup(st, ctx.timerService());
  }

  /** Takes in a lockstep finding: its newly reported events become invalid, and the video is judged again. */
  private void judgeFinding(Judging j, Shadow candidate, VideoState st, LockstepFinding f, Context ctx, Collector<FlaggedCase> out)
      throws Exception {
    // The window's views alone: the slots, not the whole window with its sketches.
    VideoWindow window = new VideoWindow();
    j.slots().fill(st, window);
    LockstepOnVideo.Reported reported = j.lockstep().absorb(st, f, window.views);
    if (reported.countsAsGroup()) {
      HourlyMetrics.invalidate(st, reported.views(), reported.likes(), reported.follows(), f.eventTime);
    }
    long now = Math.max(st.lastEventTime, f.eventTime);
    ConcentrationSketches sketches = ConcentrationSketches.of(st, j.settings());
    SignalReading[] readings = j.signals().read(st, Double.NaN, Double.NaN, sketches);
    j.peaks().remember(st, readings, now);
    judgeOrders(j, st, readings, now, out);
    if (candidate != null) {
      judgeShadow(candidate, st, Double.NaN, Double.NaN, sketches, now, ctx);
    }
  }

  /** A new case version for each order the verdict moves. */
  private void judgeOrders(Judging j, VideoState st, SignalReading[] readings, long now, Collector<FlaggedCase> out) {
    OrderJudgement.Verdict verdict = j.judgement().verdict(st, now);
    if (verdict == null) {
      return;
    }
    for (OrderSlot o : st.orders) {
      if (j.judgement().nextVersion(st, o, verdict, now)) {
        FlaggedCase c = j.cases().build(st, o, readings, verdict.strengths(), now);
        c.setRuleSetVersion(j.version());
        out.collect(c);
        casesEmitted.inc();
      }
    }
  }

  /** The candidate rule set being tried, and its epoch. */
  private record Shadow(Judging judging, long epoch) {}

  /**
   * Judges the video again with the candidate's thresholds, on its own peaks and cases, and writes
   * the case versions it would make to {@link #SHADOW}. Reads the video's state and leaves it as it
   * was: windows, baselines and sketches learn from the traffic once, as the live judgement has it.
   */
  private void judgeShadow(Shadow candidate, VideoState st, double likeRate, double followRate, ConcentrationSketches sketches, long now,
      Context ctx) throws Exception {
    ShadowState sh = shadow.value();
    if (sh == null || sh.epoch != candidate.epoch()) {
      sh = ShadowState.create(candidate.epoch(), RiskScore.COUNT);
    }
    OrderSlot[] liveOrders = st.orders;
    int[] firedAt = st.firedAt;
    float[] peak = st.peak;
    float[] peakStrength = st.peakStrength;
    float[] peakThreshold = st.peakThreshold;
    int[] peakWindow = st.peakWindow;
    st.orders = sh.ordersLike(liveOrders);
    st.firedAt = sh.firedAt;
    st.peak = sh.peak;
    st.peakStrength = sh.peakStrength;
    st.peakThreshold = sh.peakThreshold;
    st.peakWindow = sh.peakWindow;
    try {
      Judging c = candidate.judging();
      SignalReading[] readings = c.signals().read(st, likeRate, followRate, sketches);
      c.peaks().remember(st, readings, now);
      OrderJudgement.Verdict verdict = c.judgement().verdict(st, now);
      if (verdict != null) {
        for (OrderSlot o : st.orders) {
          if (c.judgement().nextVersion(st, o, verdict, now)) {
            FlaggedCase fc = c.cases().build(st, o, readings, verdict.strengths(), now);
            fc.setRuleSetVersion(c.version());
            ctx.output(SHADOW, fc);
            shadowCasesEmitted.inc();
          }
        }
      }
      sh.orders = st.orders;
    } finally {
      st.orders = liveOrders;
      st.firedAt = firedAt;
      st.peak = peak;
      st.peakStrength = peakStrength;
      st.peakThreshold = peakThreshold;
      st.peakWindow = peakWindow;
    }
    shadow.update(sh);
  }

  /** One cleanup timer per video, its time kept in state so it can be moved. */
  private void scheduleCleanup(VideoState st, TimerService timers) throws Exception {
    long at = lifetime.cleanupAt(st);
    if (at == VideoLifetime.NEVER || at == st.cleanupTimer) {
      return;
    }
    deleteTimer(timers, st.videoId, st.cleanupTimer);
    timers.registerEventTimeTimer(at);
    st.cleanupTimer = at;
  }

  /**
   * Deletes a timer of the video's own (hour, cleanup) unless a released bucket ends at that very
   * time: Flink keeps one timer per key and time, and the bucket would never be judged.
   */
  private void deleteTimer(TimerService timers, String videoId, long at) throws Exception {
    if (at != 0 && !released.containsKey(new Bucket(videoId, at))) {
      timers.deleteEventTimeTimer(at);
    }
  }

  private static void emit(List<VerifiedMetrics> records, Context ctx) {
    for (VerifiedMetrics m : records) {
      ctx.output(METRICS, m);
    }
  }
}
