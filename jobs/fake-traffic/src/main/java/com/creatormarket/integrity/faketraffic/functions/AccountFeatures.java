package com.creatormarket.integrity.faketraffic.functions;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.AccountHistory;
import com.creatormarket.integrity.faketraffic.model.AnnotatedEngagement;
import com.creatormarket.integrity.faketraffic.model.Flags;
import com.creatormarket.integrity.faketraffic.model.Kinds;
import com.creatormarket.integrity.faketraffic.model.LockstepHit;
import com.creatormarket.integrity.faketraffic.signals.LockstepGroup;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;
import java.util.Comparator;
import com.creatormarket.integrity.common.time.EventTimeOrderedOperator;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decides what each event says about its account (keyed by account): fresh account, bot-shaped
 * watch time, repeat view, like or follow without a view, withdrawn follow; and, when the account's
 * recent video set is large enough, emits its lockstep band keys to a side output. Every event goes
 * on, annotated; this stage never drops one. Runs in an {@link EventTimeOrderedOperator} ({@link #operator}).
 */
public final class AccountFeatures extends KeyedProcessFunction<String, AnnotatedEngagement, AnnotatedEngagement>
    implements EventTimeOrderedOperator.InEventTimeOrder<AnnotatedEngagement> {

  private static final long serialVersionUID = 1L;
  private static final long HOUR = 3_600_000L;

  public static final OutputTag<LockstepHit> LOCKSTEP = new OutputTag<>("lockstep-hits") {};
  static final ValueStateDescriptor<AccountHistory> HISTORY = new ValueStateDescriptor<>("account-history", AccountHistory.class);
  /** Events of one account and millisecond, in an order of all their fields: equal events are interchangeable. */
  static final Comparator<AnnotatedEngagement> ORDER = Comparator.comparing((AnnotatedEngagement e) -> e.videoId)
      .thenComparingInt(e -> e.kind).thenComparing(e -> e.deviceId).thenComparing(e -> e.networkPrefix)
      .thenComparingLong(e -> e.watchMillis).thenComparingLong(e -> e.lengthMillis).thenComparing(e -> e.creatorId)
      .thenComparingLong(e -> e.accountCreatedAt).thenComparingInt(e -> e.flags);

  private final DetectionSettings settings;
  private transient ValueState<AccountHistory> history;
  private transient Counter lockstepHits;

  public AccountFeatures(DetectionSettings settings) {
    this.settings = settings;
  }

  /** The stage as it runs: in event-time order, waiting events in {@code account-events-pending}. */
  public static EventTimeOrderedOperator<String, AnnotatedEngagement, AnnotatedEngagement> operator(DetectionSettings settings) {
    return new EventTimeOrderedOperator<>("account-events-pending", new AccountFeatures(settings), TypeInformation.of(AnnotatedEngagement.class));
  }

  @Override
  public long eventTime(AnnotatedEngagement e) {
    return e.eventTime;
  }

  @Override
  public Comparator<? super AnnotatedEngagement> sameTimeOrder() {
    return ORDER;
  }

  @Override
  public void open(OpenContext openContext) {
    history = getRuntimeContext().getState(HISTORY);
    lockstepHits = getRuntimeContext().getMetricGroup().counter("lockstepHits");
  }

  /** Called in event-time order ({@link #operator}): an account's history depends on what came before. */
  @Override
  public void processElement(AnnotatedEngagement e, Context ctx, Collector<AnnotatedEngagement> out) throws Exception {
    decide(e, ctx.timerService(), ctx, out);
  }

  private void decide(AnnotatedEngagement e, TimerService timers, Context ctx, Collector<AnnotatedEngagement> out) throws Exception {
    DetectionSettings s = settings;
    long t = e.eventTime;
    AccountHistory h = history.value();
    if (h == null) {
      h = AccountHistory.empty(s.history);
    }
    byte kind = e.kind;
    int videoHash = e.videoId.hashCode();
    int flags = e.flags;
    if (t - e.accountCreatedAt < s.freshAgeMillis) {
      flags |= Flags.FRESH;
    }
    long watch = e.watchMillis;
    long length = e.lengthMillis;
    if (inPassing(h, videoHash, s.spreadVideos)) {
      flags |= Flags.SPREAD;
    }
    flags |= firstThisEpoch(h, videoHash, Math.floorDiv(t, s.epochMillis) * s.epochMillis);
    switch (kind) {
      case Kinds.VIEW -> {
        if (watch <= s.shortViewMillis || (length > 0 && watch >= length - s.fullToleranceMillis)) {
          flags |= Flags.EXTREME_WATCH;
        }
        if (countViews(h, videoHash, t - s.repeatWindowMillis) + 1 >= s.repeatMinViews) {
          flags |= Flags.REPEAT;
        }
      }
      case Kinds.LIKE -> {
        if (countViews(h, videoHash, t - s.noViewLookbackMillis) == 0) {
          flags |= Flags.NO_VIEW;
        }
      }
      case Kinds.FOLLOW -> {
        if (countViews(h, videoHash, t - s.noViewLookbackMillis) == 0) {
          flags |= Flags.NO_VIEW;
        }
        rememberFollow(h, e.creatorId.hashCode(), t);
      }
      case Kinds.UNFOLLOW -> {
        if (withdraw(h, e.creatorId.hashCode(), t, s.followWithdrawWithinMillis)) {
          flags |= Flags.WITHDRAWN;
        }
      }
      default -> { }
    }
    h.add(videoHash, t, kind);
    emitLockstep(h, e, kind, t, ctx);

    long keep = Math.max(Math.max(s.repeatWindowMillis, s.noViewLookbackMillis), s.lockstepWindowMillis);
    long cleanupAt = t + keep;
    for (int i = 0; i < AccountHistory.FOLLOWS; i++) {
      if (h.followAt[i] != 0) {
        cleanupAt = Math.max(cleanupAt, h.followAt[i] + s.followWithdrawWithinMillis);
      }
    }
    // Whole hours: at most one timer per account per hour, however busy it is.
    cleanupAt = (cleanupAt / HOUR + 1) * HOUR;
    if (cleanupAt != h.cleanupAt) {
      if (h.cleanupAt != 0) {
        timers.deleteEventTimeTimer(h.cleanupAt);
      }
      timers.registerEventTimeTimer(cleanupAt);
      h.cleanupAt = cleanupAt;
    }
    history.update(h);

    e.flags = flags;
    out.collect(e);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AnnotatedEngagement> out) throws Exception {
    AccountHistory h = history.value();
    if (h != null && h.cleanupAt <= timestamp) {
      history.clear();
    }
  }

  /**
   * Whether this hit comes in passing: the account has not hit the video before (within its history)
   * and its history covers at least {@code otherVideos} other videos. Decided from the history
   * before the event, which is in event-time order, so it is the same on every run.
   */
  static boolean inPassing(AccountHistory h, int videoHash, int otherVideos) {
    for (int i = 0; i < h.size; i++) {
      if (h.video[i] == videoHash) {
        return false;
      }
    }
    return distinctVideos(h) >= otherVideos;
  }

  /**
   * {@link Flags#FIRST_OF_ACCOUNT} when the history holds no hit since {@code epochStart}, and
   * {@link Flags#FIRST_ON_VIDEO} when it holds none on this video: what the population's reach of each
   * video and its count of active accounts are summed from. An account with more hits in the hour
   * than its history holds may count twice on a video; the reach is an estimate.
   */
  static int firstThisEpoch(AccountHistory h, int videoHash, long epochStart) {
    boolean active = false;
    for (int i = 0; i < h.size; i++) {
      if (h.at[i] >= epochStart) {
        if (h.video[i] == videoHash) {
          return 0;
        }
        active = true;
      }
    }
    return active ? Flags.FIRST_ON_VIDEO : Flags.FIRST_ON_VIDEO | Flags.FIRST_OF_ACCOUNT;
  }

  /** Distinct videos in the account's history (any age). Per event: a scan of the short ring, no allocation. */
  static int distinctVideos(AccountHistory h) {
    int distinct = 0;
    for (int i = 0; i < h.size; i++) {
      boolean seen = false;
      for (int j = 0; j < i && !seen; j++) {
        seen = h.video[j] == h.video[i];
      }
      if (!seen) {
        distinct++;
      }
    }
    return distinct;
  }

  /** Views of the video by this account at or after {@code since}, the current event not included. */
  private static int countViews(AccountHistory h, int videoHash, long since) {
    int n = 0;
    for (int i = 0; i < h.size; i++) {
      if (h.kind[i] == Kinds.VIEW && h.video[i] == videoHash && h.at[i] >= since) {
        n++;
      }
    }
    return n;
  }

  private static void rememberFollow(AccountHistory h, int creatorHash, long t) {
    int slot = 0;
    for (int i = 0; i < AccountHistory.FOLLOWS; i++) {
      if (h.followAt[i] == 0 || h.followCreator[i] == creatorHash) {
        slot = i;
        break;
      }
      if (h.followAt[i] < h.followAt[slot]) {
        slot = i;
      }
    }
    h.followCreator[slot] = creatorHash;
    h.followAt[slot] = t;
  }

  private static boolean withdraw(AccountHistory h, int creatorHash, long t, long within) {
    for (int i = 0; i < AccountHistory.FOLLOWS; i++) {
      if (h.followAt[i] != 0 && h.followCreator[i] == creatorHash) {
        boolean soon = t - h.followAt[i] <= within;
        h.followAt[i] = 0;
        h.followCreator[i] = 0;
        return soon;
      }
    }
    return false;
  }

  private void emitLockstep(AccountHistory h, AnnotatedEngagement e, byte kind, long t, Context ctx) {
    DetectionSettings s = settings;
    int[] recent = new int[h.size];
    int n = 0;
    for (int i = 0; i < h.size; i++) {
      if (h.at[i] > t - s.lockstepWindowMillis && h.at[i] <= t) {
        recent[n++] = h.video[i];
      }
    }
    int[] set = LockstepGroup.distinct(recent, n);
    if (set.length < s.lockstepSmallestSet) {
      return;
    }
    int activity = Math.max(set.length, distinctVideos(h));
    for (String band : LockstepGroup.bandKeys(set, s.lockstepBands, s.lockstepRows)) {
      LockstepHit hit = new LockstepHit();
      hit.bandKey = band;
      hit.accountId = e.accountId;
      hit.videoId = e.videoId;
      hit.creatorHash = e.creatorId.hashCode();
      hit.kind = kind;
      hit.videoSet = set;
      hit.eventTime = t;
      hit.activity = activity;
      ctx.output(LOCKSTEP, hit);
      lockstepHits.inc();
    }
  }
}
