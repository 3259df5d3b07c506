package com.creatormarket.integrity.faketraffic.functions;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.LockstepFinding;
import com.creatormarket.integrity.faketraffic.model.VideoNotice;
import com.creatormarket.integrity.faketraffic.model.VideoReach;
import com.creatormarket.integrity.faketraffic.signals.Shares;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lockstep by significance (issue #14): a group found by {@code lockstep-groups} counts only when
 * that many accounts hitting all its core videos is unlikely by chance. The accounts expected to do so
 * under independence are the hour's active accounts times the product of each core video's reach as
 * a share of them ({@link VideoReach#expectedCoViewers}); the group counts when its accounts holding
 * every core video are at least {@code lockstep.min-surprise} nats above that
 * ({@link Shares#poissonSurprise}). Twenty quiet honest viewers of two videos that each reach a tenth
 * of the marketplace are what chance brings; twenty accounts on two videos that reach a few dozen
 * are not. A finding that does not count goes no further (counted in {@code lockstepFindingsByChance}).
 *
 * <p>Keyed by video; the reach comes from {@code population-norms} as a broadcast every ten minutes
 * (the hour so far). A finding waits until this stage's watermark passes its event time, and is then
 * judged with the reach of the last complete hour before it and of its own hour up to the ten minutes
 * it falls in, each video at the larger of its two shares (a burst is popular from its first
 * minutes). Both were emitted before the times they cover ended, so they reached this stage before
 * the watermark passed the finding: the verdict is the same on every run (issue #12). When nothing
 * is known before the finding (the job's first minutes), it waits for the reach of its own ten
 * minutes; when there is none even then, it counts as it did without the test.
 */
public final class LockstepSignificance extends KeyedBroadcastProcessFunction<String, VideoNotice, VideoReach, VideoNotice> {

  private static final long serialVersionUID = 1L;

  /** Broadcast state: the reach of each hour so far, by {@link VideoReach#until}. */
  public static final MapStateDescriptor<Long, VideoReach> REACH =
      new MapStateDescriptor<>("video-reach", Types.LONG, TypeInformation.of(VideoReach.class));
  static final ListStateDescriptor<VideoNotice> WAITING = new ListStateDescriptor<>("lockstep-findings-waiting", VideoNotice.class);
  /** Hours back a finding looks for a reach: an hour with no traffic anywhere has none. */
  static final int LOOKBACK_PERIODS = 3;

  private final DetectionSettings settings;
  private transient ListState<VideoNotice> waiting;
  private transient Counter byChance;

  public LockstepSignificance(DetectionSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext openContext) {
    waiting = getRuntimeContext().getListState(WAITING);
    byChance = getRuntimeContext().getMetricGroup().counter("lockstepFindingsByChance");
  }

  @Override
  public void processElement(VideoNotice notice, ReadOnlyContext ctx, Collector<VideoNotice> out) throws Exception {
    if (settings.lockstepMinSurprise <= 0 || notice.lockstep == null) {
      out.collect(notice);
      return;
    }
    waiting.add(notice);
    ctx.timerService().registerEventTimeTimer(notice.lockstep.eventTime);
  }

  /** Keeps the reach a waiting finding may still ask for: four hours behind the watermark. */
  @Override
  public void processBroadcastElement(VideoReach reach, Context ctx, Collector<VideoNotice> out) throws Exception {
    long watermark = ctx.currentWatermark();
    long oldest = watermark == Long.MIN_VALUE ? Long.MIN_VALUE : periodOf(watermark) - (LOOKBACK_PERIODS + 1) * settings.epochMillis;
    TimedBroadcast.putAndForgetBefore(ctx.getBroadcastState(REACH), reach.until, reach, oldest);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<VideoNotice> out) throws Exception {
    List<VideoNotice> later = new ArrayList<>();
    List<VideoNotice> due = new ArrayList<>();
    for (VideoNotice n : waiting.get()) {
      (n.lockstep.eventTime <= timestamp ? due : later).add(n);
    }
    if (due.isEmpty()) {
      return;
    }
    ReadOnlyBroadcastState<Long, VideoReach> reach = ctx.getBroadcastState(REACH);
    for (VideoNotice n : due) {
      long t = n.lockstep.eventTime;
      VideoReach lastHour = TimedBroadcast.latest(reach, periodOf(t), settings.epochMillis, LOOKBACK_PERIODS);
      long slice = VideoReach.sliceMillis(settings.epochMillis);
      long sliceStart = VideoReach.sliceStart(t, settings.epochMillis);
      VideoReach soFar = TimedBroadcast.latest(reach, sliceStart, slice, VideoReach.SLICES_PER_PERIOD);
      if (lastHour == null && soFar == null) {
        // Nothing known before the finding (the job's first minutes): the reach of its own ten minutes, once they end.
        long ownSliceEnd = sliceStart + slice;
        if (timestamp < ownSliceEnd - 1) {
          later.add(n);
          ctx.timerService().registerEventTimeTimer(ownSliceEnd - 1);
          continue;
        }
        soFar = reach.get(ownSliceEnd);
      }
      if (counts(n.lockstep, lastHour, soFar)) {
        out.collect(n);
      } else {
        byChance.inc();
      }
    }
    if (later.isEmpty()) {
      waiting.clear();
    } else {
      waiting.update(later);
    }
  }

  /** Whether the finding's group is beyond chance; records the expected count on the finding. */
  boolean counts(LockstepFinding f, VideoReach lastHour, VideoReach soFar) {
    if (f.coreVideos == null || f.coreVideos.length == 0) {
      return true;
    }
    double expected = VideoReach.expectedCoViewers(lastHour, soFar, f.coreVideos, f.coreAccounts, f.repeatedAccounts);
    if (Double.isNaN(expected)) {
      return true;
    }
    f.expectedByChance = expected;
    return Shares.poissonSurprise(f.coreAccounts, expected) >= settings.lockstepMinSurprise;
  }

  private long periodOf(long time) {
    return Math.floorDiv(time, settings.epochMillis) * settings.epochMillis;
  }

}
