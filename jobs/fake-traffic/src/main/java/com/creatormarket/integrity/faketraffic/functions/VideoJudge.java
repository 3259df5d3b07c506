package com.creatormarket.integrity.faketraffic.functions;

import static com.creatormarket.integrity.faketraffic.model.VideoState.*;

import com.creatormarket.integrity.avro.CaseEvidence;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.MetricsGranularity;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.SignalFiring;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.ConcentrationSketches;
import com.creatormarket.integrity.faketraffic.model.Flags;
import com.creatormarket.integrity.faketraffic.model.Kinds;
import com.creatormarket.integrity.faketraffic.model.LockstepFinding;
import com.creatormarket.integrity.faketraffic.model.OrderNotice;
import com.creatormarket.integrity.faketraffic.model.OrderSlot;
import com.creatormarket.integrity.faketraffic.model.Sketches;
import com.creatormarket.integrity.faketraffic.model.VideoNotice;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;
import com.creatormarket.integrity.faketraffic.signals.RiskScore;
import com.creatormarket.integrity.faketraffic.signals.SignalReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
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
 */
public final class VideoJudge extends KeyedCoProcessFunction<String, VideoPartial, VideoNotice, FlaggedCase> {

  private static final long serialVersionUID = 1L;
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 3_600_000L;
  private static final int EVIDENCE_TOP = 10;
  private static final int MAX_SUSPECTS = 50;
  private static final int KEPT_SAMPLE = 20;

  public static final OutputTag<VerifiedMetrics> METRICS = new OutputTag<>("verified-metrics") {};
  public static final ValueStateDescriptor<VideoState> VIDEO = new ValueStateDescriptor<>("video-state", VideoState.class);

  private final DetectionSettings settings;
  private transient ValueState<VideoState> video;
  private transient Counter latePartials;
  private transient Counter casesEmitted;

  public VideoJudge(DetectionSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext openContext) {
    video = getRuntimeContext().getState(VIDEO);
    latePartials = getRuntimeContext().getMetricGroup().counter("latePartials");
    casesEmitted = getRuntimeContext().getMetricGroup().counter("caseVersions");
  }

  // ---------------------------------------------------------------- partials

  @Override
  public void processElement1(VideoPartial p, Context ctx, Collector<FlaggedCase> out) throws Exception {
    DetectionSettings s = settings;
    VideoState st = video.value();
    if (st == null) {
      st = VideoState.create(p.videoId, p.creatorId, s.slots, RiskScore.COUNT);
      st.firstSeen = p.bucketStart;
    }
    long now = Math.max(st.lastEventTime, p.maxEventTime);
    st.lastEventTime = now;

    int slot = advanceSlots(st, p.bucketStart);
    boolean inEpoch = advanceEpoch(st, p.bucketStart);
    openHour(st, p.bucketStart, ctx);
    advanceHourly(st, p.bucketStart);

    if (slot >= 0) {
      addToSlot(st, slot, p);
    } else {
      latePartials.inc();
    }
    if (inEpoch) {
      st.epochEvents += p.events;
    }
    ConcentrationSketches live = ConcentrationSketches.fold(st, p, inEpoch, s);
    long[] t = st.totals;
    t[T_EVENTS] += p.events;
    t[T_VIEWS] += p.views;
    t[T_LIKES] += p.likes;
    t[T_FOLLOWS] += p.follows;
    t[T_UNFOLLOWS] += p.unfollows;
    t[T_WITHDRAWN] += p.withdrawnFollows;
    t[T_FRESH] += p.freshEvents;
    t[T_SHARED] += p.sharedDeviceEvents;

    VideoWindow w = window(st, p, live);
    SignalReading[] readings = RiskScore.readAll(w, s);
    boolean anyFired = remember(st, readings, now);
    if (anyFired && slot >= 0) {
      st.slots[slot * SLOT_FIELDS + S_SUSPECT] = 1;
    }
    countMetrics(st, p, readings);
    judgeOrders(st, readings, now, out);
    ensureCleanup(st, ctx);
    video.update(st);
  }

  /** Moves the window to the partial's slot; returns the slot's position, or -1 when it is older than the window. */
  private int advanceSlots(VideoState st, long bucketStart) {
    DetectionSettings s = settings;
    int n = s.slots;
    long idx = Math.floorDiv(bucketStart, s.slotMillis);
    if (st.newestSlot == Long.MIN_VALUE) {
      st.newestSlot = idx;
      return (int) Math.floorMod(idx, n);
    }
    if (idx <= st.newestSlot) {
      return idx > st.newestSlot - n ? (int) Math.floorMod(idx, n) : -1;
    }
    long steps = idx - st.newestSlot;
    double alpha = 1 - Math.pow(0.5, (double) s.slotMillis / s.baselineHalfLifeMillis);
    for (long k = 1; k <= Math.min(steps, n); k++) {
      int pos = (int) Math.floorMod(st.newestSlot + k, n);
      int base = pos * SLOT_FIELDS;
      if (st.slots[base + S_SUSPECT] == 0) {
        learn(st, alpha, st.slots[base + S_EVENTS], st.slots[base + S_VIEWS], st.slots[base + S_LIKES],
            st.slots[base + S_EXTREME], st.slots[base + S_FRESH]);
      }
      Arrays.fill(st.slots, base, base + SLOT_FIELDS, 0);
    }
    if (steps > n) {
      // Slots without traffic: the rate baseline decays towards zero, the shares stay.
      long empty = Math.min(steps - n, 100_000);
      double keep = Math.pow(1 - alpha, empty);
      st.baseEvents *= keep;
      st.baseViews *= keep;
      st.baseLikes *= keep;
      st.baseExtreme *= keep;
      st.baseFresh *= keep;
      st.baseWeight = st.baseWeight * keep + (1 - keep);
      st.baselineSlots += (int) empty;
    }
    st.newestSlot = idx;
    return (int) Math.floorMod(idx, n);
  }

  private static void learn(VideoState st, double alpha, double events, double views, double likes, double extreme, double fresh) {
    st.baseEvents = (1 - alpha) * st.baseEvents + alpha * events;
    st.baseViews = (1 - alpha) * st.baseViews + alpha * views;
    st.baseLikes = (1 - alpha) * st.baseLikes + alpha * likes;
    st.baseExtreme = (1 - alpha) * st.baseExtreme + alpha * extreme;
    st.baseFresh = (1 - alpha) * st.baseFresh + alpha * fresh;
    st.baseWeight = (1 - alpha) * st.baseWeight + alpha;
    st.baselineSlots++;
  }

  private boolean advanceEpoch(VideoState st, long bucketStart) {
    long epoch = Math.floorDiv(bucketStart, settings.epochMillis) * settings.epochMillis;
    if (epoch > st.epochStart) {
      st.epochStart = epoch;
      st.epochEvents = 0;
      st.epochDevices = null;
      st.epochPrefixes = null;
    }
    return epoch == st.epochStart;
  }

  private void advanceHourly(VideoState st, long bucketStart) {
    long h = Math.floorDiv(bucketStart, HOUR);
    if (st.hourlyNewest == Long.MIN_VALUE) {
      st.hourlyNewest = h;
    } else if (h > st.hourlyNewest) {
      for (long k = st.hourlyNewest + 1; k <= Math.min(h, st.hourlyNewest + 24); k++) {
        st.hourlyViews[(int) Math.floorMod(k, 24)] = 0;
      }
      st.hourlyNewest = h;
    }
  }

  private void addToSlot(VideoState st, int slot, VideoPartial p) {
    int b = slot * SLOT_FIELDS;
    int[] x = st.slots;
    x[b + S_EVENTS] += (int) p.events;
    x[b + S_VIEWS] += (int) p.views;
    x[b + S_LIKES] += (int) p.likes;
    x[b + S_FOLLOWS] += (int) p.follows;
    x[b + S_REGULAR] += (int) p.regularViews;
    x[b + S_FRESH] += (int) p.freshEvents;
    x[b + S_SHARED] += (int) p.sharedDeviceEvents;
    for (int i = 0; i < p.masks.length; i++) {
      int m = p.masks[i];
      long v = p.maskViews[i];
      if (Flags.has(m, Flags.EXTREME_WATCH)) {
        x[b + S_EXTREME] += (int) v;
        if (Flags.has(m, Flags.FRESH)) {
          x[b + S_FRESH_EXTREME] += (int) v;
        }
      }
      if (Flags.has(m, Flags.REPEAT)) {
        x[b + S_REPEAT] += (int) v;
      }
      if (Flags.has(m, Flags.NO_VIEW)) {
        x[b + S_NO_VIEW_LIKES] += (int) p.maskLikes[i];
        x[b + S_NO_VIEW_FOLLOWS] += (int) p.maskFollows[i];
      }
    }
  }

  /** The figures the signals read, as of now. */
  private VideoWindow window(VideoState st, VideoPartial p, ConcentrationSketches live) {
    DetectionSettings s = settings;
    VideoWindow w = new VideoWindow();
    w.windowMillis = s.windowMillis;
    long[] sum = new long[SLOT_FIELDS];
    for (int slot = 0; slot < s.slots; slot++) {
      for (int f = 0; f < SLOT_FIELDS; f++) {
        sum[f] += st.slots[slot * SLOT_FIELDS + f];
      }
    }
    w.events = sum[S_EVENTS];
    w.views = sum[S_VIEWS];
    w.likes = sum[S_LIKES];
    w.follows = sum[S_FOLLOWS];
    w.extremeViews = sum[S_EXTREME];
    w.regularViews = sum[S_REGULAR];
    w.freshEvents = sum[S_FRESH];
    w.freshExtremeViews = sum[S_FRESH_EXTREME];
    w.repeatViews = sum[S_REPEAT];
    w.noViewLikes = sum[S_NO_VIEW_LIKES];
    w.noViewFollows = sum[S_NO_VIEW_FOLLOWS];
    w.sharedDeviceEvents = sum[S_SHARED];

    w.baselineSlots = st.baselineSlots;
    if (st.baseWeight > 0) {
      w.baselineViews = st.baseViews / st.baseWeight * s.slots;
    }
    w.baselineLikeRate = st.baseViews > 0 ? st.baseLikes / st.baseViews : 0;
    // A video's own shares may only raise the bar above the priors, never lower it: an early
    // quarter-hour with few skips must not make ordinary skipping look like bots later.
    w.baselineExtremeShare = Math.max(s.watchShapeBaselinePrior, st.baseViews > 0 ? st.baseExtreme / st.baseViews : 0);
    w.baselineFreshShare = Math.max(s.freshPrior, st.baseEvents > 0 ? st.baseFresh / st.baseEvents : 0);
    w.creatorLikeRate = p == null ? Double.NaN : p.creatorLikeRate;
    w.creatorFollowRate = p == null ? Double.NaN : p.creatorFollowRate;

    long[] t = st.totals;
    w.cumViews = t[T_VIEWS];
    w.cumLikes = t[T_LIKES];
    w.cumFollows = t[T_FOLLOWS];
    w.cumUnfollows = t[T_UNFOLLOWS];
    w.cumWithdrawn = t[T_WITHDRAWN];
    w.cumEvents = t[T_EVENTS];
    w.cumFreshEvents = t[T_FRESH];
    w.cumSharedDeviceEvents = t[T_SHARED];

    w.epochMillis = s.epochMillis;
    w.epochEvents = st.epochEvents;
    w.epochTopDeviceShare = Sketches.topShare(live.epochDevices, s.concentrationTopK, s.deviceMinItemEvents, st.epochEvents);
    w.epochTopPrefixShare = Sketches.topShare(live.epochPrefixes, s.concentrationTopK, s.prefixMinItemEvents, st.epochEvents);
    w.cumTopPrefixShare = Sketches.topShare(live.prefixes, s.concentrationTopK, s.prefixMinItemEvents, w.cumEvents);

    w.lockstepGroupSize = st.lockSize;
    w.lockstepRepeated = st.lockRepeated;
    w.lockstepRounds = st.lockRounds;
    w.lockstepWindowMillis = st.lockWindow;
    return w;
  }

  /** Keeps each fired signal's peak within the signal memory; true when any fired now. */
  private boolean remember(VideoState st, SignalReading[] readings, long now) {
    boolean any = false;
    for (int i = 0; i < RiskScore.COUNT; i++) {
      SignalReading r = readings[i];
      if (!r.fired()) {
        continue;
      }
      any = true;
      boolean fresh = !recent(st, i, now);
      if (fresh || r.strength() >= st.peakStrength[i]) {
        st.peak[i] = (float) r.value();
        st.peakStrength[i] = (float) r.strength();
        st.peakThreshold[i] = (float) r.threshold();
        st.peakWindow[i] = (int) (r.windowMillis() / 1000);
      }
      st.firedAt[i] = Math.max(st.firedAt[i], (int) (now / MINUTE));
    }
    return any;
  }

  private boolean recent(VideoState st, int signal, long now) {
    return st.firedAt[signal] != 0 && st.firedAt[signal] * MINUTE >= now - settings.signalMemoryMillis - MINUTE;
  }

  /** Adds the partial to the hour's and the lifetime's metrics, its events judged by the signals firing now. */
  private void countMetrics(VideoState st, VideoPartial p, SignalReading[] readings) {
    DetectionSettings s = settings;
    long invalidViews = 0;
    long invalidWatch = 0;
    long invalidLikes = 0;
    long invalidFollows = 0;
    for (int k = 0; k < p.masks.length; k++) {
      int m = p.masks[k];
      boolean view = false;
      boolean like = false;
      boolean follow = false;
      for (int i = 0; i < RiskScore.COUNT; i++) {
        if (readings[i].fired()) {
          view |= RiskScore.invalidates(i, m, Kinds.VIEW);
          like |= RiskScore.invalidates(i, m, Kinds.LIKE);
          follow |= RiskScore.invalidates(i, m, Kinds.FOLLOW);
        }
      }
      if (view) {
        invalidViews += p.maskViews[k];
        invalidWatch += p.maskWatch[k];
      }
      if (like) {
        invalidLikes += p.maskLikes[k];
      }
      if (follow) {
        invalidFollows += p.maskFollows[k];
      }
    }
    // Concentration: this partial's events from the devices and prefixes that made the signal fire.
    long concentrated = 0;
    if (readings[RiskScore.DEVICES].fired()) {
      List<String> heavy = Sketches.heavy(st.epochDevices, s.concentrationTopK, s.deviceMinItemEvents);
      concentrated = Math.max(concentrated, Sketches.countOf(p.devices, distinct(heavy)));
    }
    if (readings[RiskScore.PREFIXES].fired()) {
      List<String> heavy = Sketches.heavy(st.epochPrefixes, s.concentrationTopK, s.prefixMinItemEvents);
      heavy.addAll(Sketches.heavy(st.prefixes, s.concentrationTopK, s.prefixMinItemEvents));
      concentrated = Math.max(concentrated, Sketches.countOf(p.prefixes, distinct(heavy)));
    }
    if (concentrated > 0 && p.events > 0) {
      double share = Math.min(1.0, (double) concentrated / p.events);
      long views = Math.round(share * p.views);
      if (views > invalidViews) {
        invalidWatch = Math.round(share * p.watchMillis);
        invalidViews = views;
      }
      invalidLikes = Math.max(invalidLikes, Math.round(share * p.likes));
      invalidFollows = Math.max(invalidFollows, Math.round(share * p.follows));
    }
    for (long[] m : new long[][] {st.hour, st.life}) {
      m[M_EVENTS] += p.events;
      m[M_INVALID] += invalidViews + invalidLikes + invalidFollows;
      m[M_VIEWS] += p.views;
      m[M_VALID_VIEWS] += p.views - invalidViews;
      m[M_LIKES] += p.likes;
      m[M_INVALID_LIKES] += invalidLikes;
      m[M_UNLIKES] += p.unlikes;
      m[M_FOLLOWS] += p.follows;
      m[M_INVALID_FOLLOWS] += invalidFollows;
      m[M_UNFOLLOWS] += p.unfollows;
      m[M_WATCH] += p.watchMillis;
      m[M_VALID_WATCH] += p.watchMillis - invalidWatch;
    }
    int h = (int) Math.floorMod(Math.floorDiv(p.bucketStart, HOUR), 24);
    if (Math.floorDiv(p.bucketStart, HOUR) > st.hourlyNewest - 24) {
      st.hourlyViews[h] += (int) p.views;
    }
  }

  private static List<String> distinct(List<String> keys) {
    return new ArrayList<>(new LinkedHashSet<>(keys));
  }

  // ---------------------------------------------------------------- cases

  private void judgeOrders(VideoState st, SignalReading[] readings, long now, Collector<FlaggedCase> out) {
    DetectionSettings s = settings;
    double[] strengths = new double[RiskScore.COUNT];
    int fired = 0;
    int firedMask = 0;
    for (int i = 0; i < RiskScore.COUNT; i++) {
      if (recent(st, i, now)) {
        strengths[i] = st.peakStrength[i];
        fired++;
        firedMask |= 1 << i;
      }
    }
    if (fired == 0) {
      return;
    }
    double score = RiskScore.score(strengths, s);
    ResponseLevel level = RiskScore.level(score, fired, s);
    if (level == null) {
      return;
    }
    for (OrderSlot o : st.orders) {
      if (now < o.publishedAt || now >= o.endsAt) {
        continue;
      }
      int rank = Math.max(o.level, level.ordinal());
      boolean first = o.version == 0;
      boolean higher = rank > o.level;
      boolean newSignals = (firedMask & ~o.lastCaseSignals) != 0;
      boolean grown = st.totals[T_EVENTS] >= o.lastCaseEvents * (1 + s.evidenceGrowth);
      if (!(first || higher || newSignals || grown)) {
        continue;
      }
      o.version++;
      o.level = rank;
      o.maxScore = Math.max(o.maxScore, score);
      if (first) {
        o.firstFlaggedAt = now;
      }
      o.lastCaseEvents = st.totals[T_EVENTS];
      o.lastCaseSignals |= firedMask;
      out.collect(flaggedCase(st, o, readings, strengths, ResponseLevel.values()[rank], now));
      casesEmitted.inc();
    }
  }

  private FlaggedCase flaggedCase(VideoState st, OrderSlot o, SignalReading[] readings, double[] strengths,
      ResponseLevel level, long now) {
    DetectionSettings s = settings;
    String caseId = StableIds.of("case", o.orderId, st.videoId);
    List<SignalFiring> firings = new ArrayList<>();
    for (int i = 0; i < RiskScore.COUNT; i++) {
      if (strengths[i] > 0) {
        firings.add(new SignalFiring(RiskScore.NAMES[i], (double) st.peak[i], (double) st.peakThreshold[i], st.peakWindow[i] * 1000L,
            RiskScore.weight(i, s) * strengths[i], readings[i].detail()));
      }
    }
    long events = st.totals[T_EVENTS];
    List<Long> hourly = new ArrayList<>(24);
    for (long h = st.hourlyNewest - 23; h <= st.hourlyNewest; h++) {
      hourly.add((long) st.hourlyViews[(int) Math.floorMod(h, 24)]);
    }
    Set<String> suspects = new LinkedHashSet<>(Arrays.asList(st.lockSample));
    if (recent(st, RiskScore.REPEAT, now) || recent(st, RiskScore.DEVICES, now)) {
      suspects.addAll(Sketches.heavy(st.accounts, EVIDENCE_TOP, s.repeatMinViews));
    }
    CaseEvidence evidence = CaseEvidence.newBuilder()
        .setTopAccounts(Sketches.shares(st.accounts, EVIDENCE_TOP, events))
        .setTopDevices(Sketches.shares(st.epochDevices, EVIDENCE_TOP, st.epochEvents))
        .setTopNetworkPrefixes(Sketches.shares(st.prefixes, EVIDENCE_TOP, events))
        .setHourlyViews(hourly)
        .setViews(st.totals[T_VIEWS])
        .setLikes(st.totals[T_LIKES])
        .setFollows(st.totals[T_FOLLOWS])
        .setUniqueViewers(Sketches.estimate(st.viewers))
        .setSuspectAccounts(new ArrayList<>(suspects).subList(0, Math.min(MAX_SUSPECTS, suspects.size())))
        .build();
    return FlaggedCase.newBuilder()
        .setCaseId(caseId)
        .setVersion(o.version)
        .setCaseVersionId(StableIds.of("case-version", caseId, o.version))
        .setOrderId(o.orderId)
        .setVideoId(st.videoId)
        .setCreatorId(o.creatorId != null ? o.creatorId : st.creatorId)
        .setAdvertiserId(o.advertiserId)
        .setAgencyId(o.agencyId)
        .setLevel(level)
        .setRiskScore(o.maxScore)
        .setSignals(firings)
        .setEvidence(evidence)
        .setFirstFlaggedAt(Instant.ofEpochMilli(o.firstFlaggedAt))
        .setLastEventTime(Instant.ofEpochMilli(now))
        .build();
  }

  // ---------------------------------------------------------------- orders and lockstep findings

  @Override
  public void processElement2(VideoNotice n, Context ctx, Collector<FlaggedCase> out) throws Exception {
    VideoState st = video.value();
    if (n.order != null) {
      if (st == null) {
        st = VideoState.create(n.videoId, n.order.creatorId, settings.slots, RiskScore.COUNT);
        st.firstSeen = n.order.eventTime;
      }
      upsert(st, n.order);
      ensureCleanup(st, ctx);
      video.update(st);
      return;
    }
    LockstepFinding f = n.lockstep;
    if (f == null || st == null) {
      // A group on a video without traffic state here: nothing to judge yet (its partials come next).
      return;
    }
    st.lockSize = Math.max(st.lockSize, f.groupSize);
    st.lockRepeated = Math.max(st.lockRepeated, f.repeatedAccounts);
    st.lockRounds = Math.max(st.lockRounds, f.rounds);
    st.lockWindow = f.windowMillis;
    long dViews = Math.max(0, f.views - st.lockViews);
    long dLikes = Math.max(0, f.likes - st.lockLikes);
    long dFollows = Math.max(0, f.follows - st.lockFollows);
    st.lockViews += dViews;
    st.lockLikes += dLikes;
    st.lockFollows += dFollows;
    if (f.groupSize >= settings.lockstepMinGroup) {
      for (long[] m : new long[][] {st.hour, st.life}) {
        long views = Math.min(dViews, m[M_VALID_VIEWS]);
        long likes = Math.min(dLikes, m[M_LIKES] - m[M_INVALID_LIKES]);
        long follows = Math.min(dFollows, m[M_FOLLOWS] - m[M_INVALID_FOLLOWS]);
        long watchPerView = m[M_VIEWS] == 0 ? 0 : m[M_WATCH] / m[M_VIEWS];
        m[M_VALID_VIEWS] -= views;
        m[M_VALID_WATCH] = Math.max(0, m[M_VALID_WATCH] - views * watchPerView);
        m[M_INVALID_LIKES] += likes;
        m[M_INVALID_FOLLOWS] += follows;
        m[M_INVALID] += views + likes + follows;
      }
      Set<String> sample = new LinkedHashSet<>(Arrays.asList(st.lockSample));
      for (String a : f.sampleAccounts) {
        if (sample.size() >= KEPT_SAMPLE) {
          break;
        }
        sample.add(a);
      }
      st.lockSample = sample.toArray(new String[0]);
    }
    long now = Math.max(st.lastEventTime, f.eventTime);
    SignalReading[] readings = RiskScore.readAll(window(st, null, ConcentrationSketches.of(st, settings.itemsMapSize)), settings);
    remember(st, readings, now);
    judgeOrders(st, readings, now, out);
    video.update(st);
  }

  private static void upsert(VideoState st, OrderNotice n) {
    for (OrderSlot o : st.orders) {
      if (o.orderId.equals(n.orderId)) {
        fill(o, n);
        return;
      }
    }
    OrderSlot o = new OrderSlot();
    o.orderId = n.orderId;
    fill(o, n);
    st.orders = Arrays.copyOf(st.orders, st.orders.length + 1);
    st.orders[st.orders.length - 1] = o;
    if (st.creatorId == null) {
      st.creatorId = n.creatorId;
    }
  }

  private static void fill(OrderSlot o, OrderNotice n) {
    o.creatorId = n.creatorId;
    o.advertiserId = n.advertiserId;
    o.agencyId = n.agencyId;
    o.publishedAt = n.publishedAt;
    o.endsAt = n.endsAt;
  }

  // ---------------------------------------------------------------- timers: hour ends and cleanup

  private void openHour(VideoState st, long bucketStart, Context ctx) throws Exception {
    long h = Math.floorDiv(bucketStart, HOUR) * HOUR;
    if (st.hourStart == Long.MIN_VALUE) {
      st.hourStart = h;
    } else if (h > st.hourStart) {
      // A later hour's partial before the watermark closed this one (a faster upstream subtask): close it now.
      if (st.hourTimer != 0) {
        ctx.timerService().deleteEventTimeTimer(st.hourTimer);
        st.hourTimer = 0;
      }
      emitHour(st, ctx);
      st.hourStart = h;
    }
    if (st.hourTimer == 0) {
      st.hourTimer = st.hourStart + HOUR - 1;
      ctx.timerService().registerEventTimeTimer(st.hourTimer);
    }
  }

  private void emitHour(VideoState st, Context ctx) {
    long start = st.hourStart;
    long end = start + HOUR;
    if (st.hour[M_EVENTS] > 0) {
      for (OrderSlot o : st.orders) {
        if (o.publishedAt >= end || o.endsAt <= start) {
          continue;
        }
        ctx.output(METRICS, metrics(st, o, MetricsGranularity.HOUR, start, end, st.hour, st.hourViewers));
        ctx.output(METRICS, metrics(st, o, MetricsGranularity.CUMULATIVE, o.publishedAt, end, st.life, st.viewers));
      }
    }
    Arrays.fill(st.hour, 0);
    st.hourViewers = null;
    st.hourStart = Long.MIN_VALUE;
  }

  private static VerifiedMetrics metrics(VideoState st, OrderSlot o, MetricsGranularity g, long start, long end, long[] m,
      byte[] viewers) {
    // An hour's figures have one id per window start; cumulative figures are one per hour end they were taken at.
    String id = g == MetricsGranularity.HOUR ? StableIds.of("metrics", o.orderId, g, start)
        : StableIds.of("metrics", o.orderId, g, start, end);
    long validViews = Math.max(0, m[M_VALID_VIEWS]);
    long rawLikes = m[M_LIKES] - m[M_UNLIKES];
    long rawFollows = m[M_FOLLOWS] - m[M_UNFOLLOWS];
    return VerifiedMetrics.newBuilder()
        .setMetricsId(id)
        .setOrderId(o.orderId)
        .setVideoId(st.videoId)
        .setGranularity(g)
        .setWindowStart(Instant.ofEpochMilli(start))
        .setWindowEnd(Instant.ofEpochMilli(end))
        .setRawViews(m[M_VIEWS])
        .setValidViews(validViews)
        .setRawLikes(Math.max(0, rawLikes))
        .setValidLikes(Math.max(0, rawLikes - m[M_INVALID_LIKES]))
        .setRawFollows(Math.max(0, rawFollows))
        .setValidFollows(Math.max(0, rawFollows - m[M_INVALID_FOLLOWS]))
        .setInvalidTrafficRate(m[M_EVENTS] == 0 ? 0 : Math.min(1.0, (double) m[M_INVALID] / m[M_EVENTS]))
        .setUniqueViewers(Sketches.estimate(viewers))
        .setWatchTimeMillis(m[M_WATCH])
        .setValidWatchTimeMillis(Math.max(0, m[M_VALID_WATCH]))
        .build();
  }

  /** One cleanup timer per video: grace after the last order ends, or the unregistered TTL. */
  private void ensureCleanup(VideoState st, Context ctx) {
    long at;
    if (st.orders.length == 0) {
      at = st.firstSeen + settings.unregisteredTtlMillis;
    } else {
      at = Long.MIN_VALUE;
      for (OrderSlot o : st.orders) {
        at = Math.max(at, o.endsAt == Long.MAX_VALUE ? Long.MAX_VALUE : o.endsAt + settings.stateGraceMillis);
      }
    }
    if (at == Long.MAX_VALUE) {
      return;
    }
    at = (Math.floorDiv(at, HOUR) + 1) * HOUR;
    if (at != st.cleanupTimer) {
      if (st.cleanupTimer != 0) {
        ctx.timerService().deleteEventTimeTimer(st.cleanupTimer);
      }
      ctx.timerService().registerEventTimeTimer(at);
      st.cleanupTimer = at;
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FlaggedCase> out) throws Exception {
    VideoState st = video.value();
    if (st == null) {
      return;
    }
    if (timestamp == st.hourTimer) {
      st.hourTimer = 0;
      emitHour(st, ctx);
    }
    if (timestamp == st.cleanupTimer) {
      st.cleanupTimer = 0;
      List<OrderSlot> kept = new ArrayList<>();
      for (OrderSlot o : st.orders) {
        if (o.endsAt == Long.MAX_VALUE || o.endsAt + settings.stateGraceMillis > timestamp) {
          kept.add(o);
        }
      }
      if (kept.isEmpty()) {
        if (st.hourTimer != 0) {
          ctx.timerService().deleteEventTimeTimer(st.hourTimer);
          emitHour(st, ctx);
        }
        video.clear();
        return;
      }
      st.orders = kept.toArray(new OrderSlot[0]);
      ensureCleanup(st, ctx);
    }
    video.update(st);
  }
}
