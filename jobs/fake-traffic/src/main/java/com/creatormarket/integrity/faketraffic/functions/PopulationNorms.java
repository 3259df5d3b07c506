package com.creatormarket.integrity.faketraffic.functions;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.BucketTotals;
import com.creatormarket.integrity.faketraffic.model.PopulationNorm;
import com.creatormarket.integrity.faketraffic.model.Regions;
import com.creatormarket.integrity.faketraffic.model.SegmentTally;
import com.creatormarket.integrity.faketraffic.model.VideoReach;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Learns the marketplace's population baselines ({@link PopulationNorm}) from every video's
 * partials, one period ({@code signal.epoch}, an hour) at a time, and emits the norm after each
 * period for the creator-norms stage to stamp onto later partials. One key (the whole marketplace):
 * it sees one small {@link BucketTotals} per partial, not events. A video's share is taken over the
 * period, not per bucket: a small video has an event or two a minute, and per-minute shares of 0
 * or 1 would put the median at 0 in a marketplace where a sixth of the events come from shared phones.
 *
 * <p>A function of the events and their event times (issue #12): a partial's totals wait per ten
 * minutes and video ({@link #SLICE_PENDING}) until the watermark passes the ten minutes' end; they
 * are then added to the period's totals per video ({@link #PENDING}, keyed by period end and video)
 * and, as viewers and active accounts, to the period's reach so far ({@link #REACH_SO_FAR}), which
 * is emitted as {@link #REACH} ({@link VideoReach}, for the lockstep significance). When the
 * watermark passes the period's end, its videos are learnt in video order, each from its sum over
 * the period (however the combiners cut it into partials). A partial behind the watermark is added
 * at the next watermark and emits no norm or reach for its old period.
 */
public final class PopulationNorms extends KeyedProcessFunction<Integer, BucketTotals, PopulationNorm> {

  private static final long serialVersionUID = 1L;
  /** The one key. */
  public static final int MARKETPLACE = 0;

  /** State names: never change them, savepoints map state by name. */
  static final ValueStateDescriptor<PopulationNorm> NORM = new ValueStateDescriptor<>("population-norm", PopulationNorm.class);
  static final MapStateDescriptor<String, BucketTotals> PENDING =
      new MapStateDescriptor<>("population-pending", Types.STRING, TypeInformation.of(BucketTotals.class));

  /** The reach of the period so far, emitted at the end of each of its slices (ten minutes). */
  public static final OutputTag<VideoReach> REACH = new OutputTag<>("video-reach", TypeInformation.of(VideoReach.class));

  static final MapStateDescriptor<String, BucketTotals> SLICE_PENDING =
      new MapStateDescriptor<>("population-slice-pending", Types.STRING, TypeInformation.of(BucketTotals.class));
  static final ValueStateDescriptor<VideoReach> REACH_SO_FAR = new ValueStateDescriptor<>("reach-so-far", VideoReach.class);

  private final DetectionSettings settings;
  private transient ValueState<PopulationNorm> norm;
  private transient MapState<String, BucketTotals> pending;
  private transient MapState<String, BucketTotals> slicePending;
  private transient ValueState<VideoReach> reachSoFar;

  public PopulationNorms(DetectionSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext openContext) {
    norm = getRuntimeContext().getState(NORM);
    pending = getRuntimeContext().getMapState(PENDING);
    slicePending = getRuntimeContext().getMapState(SLICE_PENDING);
    reachSoFar = getRuntimeContext().getState(REACH_SO_FAR);
  }

  @Override
  public void processElement(BucketTotals t, Context ctx, Collector<PopulationNorm> out) throws Exception {
    // One read-modify-write per partial, into its ten minutes; the hour's sums per video are added
    // up once per ten minutes (closeSlice), not once per partial.
    long sliceEnd = VideoReach.sliceStart(t.bucketStart, settings.epochMillis) + VideoReach.sliceMillis(settings.epochMillis) - 1;
    addTo(slicePending, key(sliceEnd, t.videoId), t);
    ctx.timerService().registerEventTimeTimer(sliceEnd);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<PopulationNorm> out) throws Exception {
    closeSlice(timestamp, ctx);
    learnPeriod(timestamp, out);
  }

  /**
   * Adds the ten minutes ending at {@code sliceEnd} to their hour: each video's totals to the hour's
   * ({@link #PENDING}, learnt at the hour's end), its viewers to the hour's reach so far, emitted when
   * the slice is new.
   */
  private void closeSlice(long sliceEnd, OnTimerContext ctx) throws Exception {
    Map<String, BucketTotals> due = takeDue(slicePending, sliceEnd);
    if (due.isEmpty()) {
      return;
    }
    long periodEnd = periodOf(sliceEnd) + settings.epochMillis - 1;
    Map<Integer, Long> byHash = new TreeMap<>();
    long accounts = 0;
    for (BucketTotals t : due.values()) {
      addTo(pending, key(periodEnd, t.videoId), t);
      accounts += t.activeAccounts;
      if (t.viewers > 0) {
        byHash.merge(t.videoId.hashCode(), t.viewers, Long::sum);
      }
    }
    // The hour's end: now, when this is its last ten minutes; later, when a late slice comes back to an hour already learnt.
    ctx.timerService().registerEventTimeTimer(periodEnd);
    long period = periodOf(sliceEnd);
    VideoReach r = reachSoFar.value();
    boolean newSlice = r == null || sliceEnd + 1 > r.until;
    if (r == null || r.periodStart < period) {
      r = new VideoReach();
      r.periodStart = period;
    } else if (r.periodStart > period) {
      return; // a slice of a period already done with
    }
    int[] hashes = new int[byHash.size()];
    long[] counts = new long[byHash.size()];
    int i = 0;
    for (Map.Entry<Integer, Long> e : byHash.entrySet()) {
      hashes[i] = e.getKey();
      counts[i++] = e.getValue();
    }
    r.add(hashes, counts, accounts);
    r.until = Math.max(r.until, sliceEnd + 1);
    reachSoFar.update(r);
    if (newSlice) {
      ctx.output(REACH, r.listed());
    }
  }

  private void learnPeriod(long timestamp, Collector<PopulationNorm> out) throws Exception {
    Map<String, BucketTotals> due = takeDue(pending, timestamp);
    if (due.isEmpty()) {
      return;
    }
    PopulationNorm n = norm.value();
    if (n == null) {
      n = new PopulationNorm();
    }
    n.decayTo(timestamp, settings.populationHalfLifeMillis);
    for (BucketTotals t : due.values()) {
      n.learn(t.events, t.sharedDeviceEvents, t.freshEvents);
      learnSegments(n, t);
    }
    long period = periodOf(timestamp);
    boolean newest = period > n.periodStart;
    n.periodStart = Math.max(n.periodStart, period);
    norm.update(n);
    if (newest) {
      out.collect(n.copy());
    }
  }

  /**
   * Teaches the norm the video's hour per viewer country (its segments summed) and, with
   * {@code population.by-platform}, per country and platform: each where it brought the video at
   * least {@code population.region-cell-events}. Countries and segments in ascending order.
   */
  private void learnSegments(PopulationNorm n, BucketTotals t) {
    SegmentTally countries = new SegmentTally();
    for (int i = 0; i < t.regions.length; i++) {
      char country = Regions.country(t.regions[i]);
      if (country != Regions.UNKNOWN) {
        countries.add(country, t.regionEvents[i], t.regionShared[i], t.regionFresh[i]);
      }
    }
    for (Map.Entry<Character, long[]> e : countries.entries()) {
      if (e.getValue()[0] >= settings.populationRegionCell) {
        n.learnRegion(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]);
      }
    }
    if (!settings.populationByPlatform) {
      return;
    }
    for (int i = 0; i < t.regions.length; i++) {
      char segment = t.regions[i];
      if (Regions.hasPlatform(segment) && Regions.country(segment) != Regions.UNKNOWN && t.regionEvents[i] >= settings.populationRegionCell) {
        n.learnRegion(segment, t.regionEvents[i], t.regionShared[i], t.regionFresh[i]);
      }
    }
  }

  /** Adds the totals to those waiting under {@code key}. */
  private static void addTo(MapState<String, BucketTotals> waiting, String key, BucketTotals t) throws Exception {
    BucketTotals sum = waiting.get(key);
    if (sum == null) {
      sum = t;
    } else {
      sum.add(t);
    }
    waiting.put(key, sum);
  }

  /** Removes and returns, in video order, the entries waiting for {@code end} (a ten minutes' or an hour's). */
  private static Map<String, BucketTotals> takeDue(MapState<String, BucketTotals> waiting, long end) throws Exception {
    String prefix = key(end, "");
    Map<String, BucketTotals> due = new TreeMap<>();
    for (Map.Entry<String, BucketTotals> e : waiting.entries()) {
      if (e.getKey().startsWith(prefix)) {
        due.put(e.getKey(), e.getValue());
      }
    }
    for (String k : due.keySet()) {
      waiting.remove(k);
    }
    return due;
  }


  /** The start of the period a time falls in. */
  long periodOf(long time) {
    return Math.floorDiv(time, settings.epochMillis) * settings.epochMillis;
  }

  /** Sorts by bucket end, then video: a bucket's entries share a prefix. */
  private static String key(long bucketEnd, String videoId) {
    return String.format(Locale.ROOT, "%019d/%s", bucketEnd, videoId);
  }
}
