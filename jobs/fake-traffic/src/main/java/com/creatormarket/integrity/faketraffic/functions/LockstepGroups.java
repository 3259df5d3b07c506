package com.creatormarket.integrity.faketraffic.functions;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.GroupState;
import com.creatormarket.integrity.faketraffic.model.Kinds;
import com.creatormarket.integrity.faketraffic.model.LockstepFinding;
import com.creatormarket.integrity.faketraffic.model.LockstepHit;
import com.creatormarket.integrity.faketraffic.model.VideoNotice;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import java.util.Comparator;
import com.creatormarket.integrity.common.time.EventTimeOrderedOperator;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides which accounts move in lockstep (keyed by LSH band of the accounts' recent video sets;
 * see {@link com.creatormarket.integrity.faketraffic.signals.LockstepGroup}). A round starts with
 * the first hit and lasts {@code lockstep.window}; a round with at least {@code min-group} accounts
 * is a group, reported to each of its videos as it qualifies, again when enough of its accounts turn
 * out to be back from an earlier round, and at its close with final counts. A group whose accounts
 * share fewer than {@code lockstep.min-videos} videos (but at least {@code min-videos-repeated}) is
 * reported only once {@code min-repeat} of them are back from an earlier round: two popular videos
 * gather honest co-viewers every hour, but different ones. Members of the last
 * qualifying round are kept for {@code lockstep.memory}; a band whose round does not qualify and
 * that has no earlier group is dropped at the round's end. Runs in an {@link EventTimeOrderedOperator}
 * ({@link #operator}).
 */
public final class LockstepGroups extends KeyedProcessFunction<String, LockstepHit, VideoNotice>
    implements EventTimeOrderedOperator.InEventTimeOrder<LockstepHit> {

  private static final long serialVersionUID = 1L;

  static final ValueStateDescriptor<GroupState> GROUP = new ValueStateDescriptor<>("lockstep-group", GroupState.class);
  /** Hits of one band and millisecond: by account, then what was hit, so rounds open and fill the same way on every run. */
  static final Comparator<LockstepHit> ORDER = Comparator.comparing((LockstepHit h) -> h.accountId)
      .thenComparing(h -> h.videoId).thenComparingInt(h -> h.kind).thenComparing(h -> h.videoSet, Arrays::compare);

  private final DetectionSettings settings;
  private transient ValueState<GroupState> group;
  private transient Counter groupsFound;

  public LockstepGroups(DetectionSettings settings) {
    this.settings = settings;
  }

  /** The stage as it runs: in event-time order, waiting hits in {@code lockstep-hits-pending}. */
  public static EventTimeOrderedOperator<String, LockstepHit, VideoNotice> operator(DetectionSettings settings) {
    return new EventTimeOrderedOperator<>("lockstep-hits-pending", new LockstepGroups(settings), TypeInformation.of(LockstepHit.class));
  }

  @Override
  public long eventTime(LockstepHit hit) {
    return hit.eventTime;
  }

  /** Hits of one time of several bands: by band first, so each band's hits come in {@link #ORDER}. */
  @Override
  public Comparator<? super LockstepHit> sameTimeOrder() {
    return SAME_TIME;
  }

  private static final Comparator<LockstepHit> SAME_TIME = Comparator.comparing((LockstepHit h) -> h.bandKey).thenComparing(ORDER);

  @Override
  public void open(OpenContext openContext) {
    group = getRuntimeContext().getState(GROUP);
    groupsFound = getRuntimeContext().getMetricGroup().counter("lockstepGroups");
  }

  /** Called in event-time order ({@link #operator}): rounds open, fill and close by what came before. */
  @Override
  public void processElement(LockstepHit hit, Context ctx, Collector<VideoNotice> out) throws Exception {
    decide(hit, ctx, out);
  }

  private void decide(LockstepHit hit, Context ctx, Collector<VideoNotice> out) throws Exception {
    DetectionSettings s = settings;
    GroupState g = group.value();
    if (g == null) {
      g = GroupState.empty();
    }
    if (g.roundStart != 0 && hit.eventTime >= g.roundStart + s.lockstepWindowMillis) {
      if (g.closeTimer != 0) {
        ctx.timerService().deleteEventTimeTimer(g.closeTimer);
        g.closeTimer = 0;
      }
      if (closeRound(g, ctx.getCurrentKey(), out)) {
        ctx.timerService().registerEventTimeTimer(g.cleanupAt);
      } else {
        g = GroupState.empty();
      }
    }
    if (g.roundStart == 0) {
      g.roundStart = hit.eventTime;
      g.closeTimer = hit.eventTime + s.lockstepWindowMillis;
      ctx.timerService().registerEventTimeTimer(g.closeTimer);
    }
    long account = accountHash(hit.accountId);
    int member = indexOf(g.members, g.memberCount, account);
    boolean newMember = member < 0;
    if (newMember && g.memberCount < s.lockstepMaxMembers) {
      if (g.memberCount == g.members.length) {
        g.members = Arrays.copyOf(g.members, Math.min(s.lockstepMaxMembers, g.members.length * 2));
      }
      if (g.memberActivity.length < g.members.length) {
        g.memberActivity = Arrays.copyOf(g.memberActivity, g.members.length);
      }
      g.memberActivity[g.memberCount] = hit.activity;
      member = g.memberCount;
      g.members[g.memberCount++] = account;
      if (contains(g.prior, g.priorCount, account)) {
        g.repeated++;
      }
      if (g.sampleCount < GroupState.MAX_SAMPLE) {
        if (g.sampleCount == g.sample.length) {
          g.sample = Arrays.copyOf(g.sample, Math.min(GroupState.MAX_SAMPLE, Math.max(8, g.sample.length * 2)));
        }
        g.sample[g.sampleCount++] = hit.accountId;
      }
    }
    if (g.memberVideos == null || g.memberVideos.length < g.members.length) {
      // (State from before the field: null.)
      g.memberVideos = g.memberVideos == null ? new int[g.members.length] : Arrays.copyOf(g.memberVideos, g.members.length);
    }
    if (g.videoCreator == null || g.videoCreator.length < g.videos.length) {
      // (State from before the field.)
      g.videoCreator = g.videoCreator == null ? new int[g.videos.length] : Arrays.copyOf(g.videoCreator, g.videos.length);
    }
    if (member >= 0) {
      // A member counts towards every video its sets held this round: its set grows as it goes (two
      // videos, then three), and a band its two-video set shares with its three-video set must see the third.
      for (int v : hit.videoSet) {
        int i = video(g, v);
        if (i >= 0 && (g.memberVideos[member] & (1 << i)) == 0) {
          g.memberVideos[member] |= 1 << i;
          g.roundMembers[i]++;
        }
      }
    } else {
      // Beyond lockstep.max-members: not tracked, each hit counts.
      for (int v : hit.videoSet) {
        int i = video(g, v);
        if (i >= 0) {
          g.roundMembers[i]++;
        }
      }
    }
    tally(g, hit);
    int core = core(g);
    if (!g.qualified && g.memberCount >= s.lockstepMinGroup && core >= s.lockstepSmallestSet
        && weightedSize(g) >= s.lockstepMinGroup) {
      g.qualified = true;
    }
    boolean repeatedNow = returned(g);
    if (g.qualified && !g.reported && reportable(g, core)) {
      g.reported = true;
      g.repeatedReported = repeatedNow;
      groupsFound.inc();
      report(g, ctx.getCurrentKey(), hit.eventTime, tentativeRounds(g), out);
    } else if (g.reported && !g.repeatedReported && repeatedNow) {
      g.repeatedReported = true;
      report(g, ctx.getCurrentKey(), hit.eventTime, tentativeRounds(g), out);
    }
    group.update(g);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<VideoNotice> out) throws Exception {
    GroupState g = group.value();
    if (g == null) {
      return;
    }
    if (g.closeTimer == timestamp) {
      g.closeTimer = 0;
      if (closeRound(g, ctx.getCurrentKey(), out)) {
        ctx.timerService().registerEventTimeTimer(g.cleanupAt);
        group.update(g);
      } else {
        group.clear();
      }
    } else if (g.cleanupAt == timestamp && g.roundStart == 0) {
      group.clear();
    }
  }

  /**
   * Whether a round on fewer than {@code min-videos} videos is the earlier round's people back: at
   * least {@code min-repeat} of them, and {@code min-repeat-share} of the earlier round (not of this
   * one, which is still filling: its first few members may all be old ones by chance).
   */
  private boolean cameBack(GroupState g) {
    return returned(g) && g.repeated >= settings.lockstepMinRepeatShare * g.priorCount;
  }

  /**
   * Whether a qualified round is reported: on {@code min-videos} videos or more; on fewer, once its
   * people are back ({@link #cameBack}, from {@code min-videos-repeated} videos) or at once for the
   * significance test ({@link #testable}).
   */
  private boolean reportable(GroupState g, int core) {
    DetectionSettings s = settings;
    return core >= s.lockstepMinVideos || (core >= s.lockstepMinVideosRepeated && cameBack(g)) || testable(g, core);
  }

  /**
   * Whether a round on fewer than {@code min-videos} videos goes to the significance test at once: at
   * least {@code lockstep.min-videos-significant} core videos, the test on, and videos of two or more
   * creators. A creator's videos share an audience (fans watch each new one within minutes), so the
   * test's independence does not hold among them.
   */
  private boolean testable(GroupState g, int core) {
    DetectionSettings s = settings;
    if (s.lockstepMinSurprise <= 0 || core < s.lockstepMinVideosSignificant) {
      return false;
    }
    int first = 0;
    for (int i = 0; i < g.videos.length; i++) {
      if (isCore(g, i) && g.videoCreator[i] != 0) {
        if (first == 0) {
          first = g.videoCreator[i];
        } else if (g.videoCreator[i] != first) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code min-repeat} of the earlier round's members are in this one. */
  private boolean returned(GroupState g) {
    return g.priorCount > 0 && g.repeated >= settings.lockstepMinRepeat;
  }

  private int tentativeRounds(GroupState g) {
    return returned(g) ? g.rounds + 1 : Math.max(1, g.rounds);
  }

  /** Ends the current round; false when nothing is worth keeping. */
  private boolean closeRound(GroupState g, String key, Collector<VideoNotice> out) {
    DetectionSettings s = settings;
    if (g.qualified) {
      g.rounds = tentativeRounds(g);
      // A round on fewer than min-videos that nobody came back for is remembered, not reported: its
      // members are what the next round is compared with.
      if (g.reported || reportable(g, core(g))) {
        if (!g.reported) {
          groupsFound.inc();
        }
        report(g, key, g.roundStart + s.lockstepWindowMillis - 1, g.rounds, out);
      }
      g.prior = Arrays.copyOf(g.members, g.memberCount);
      g.priorCount = g.memberCount;
      g.cleanupAt = g.roundStart + s.lockstepMemoryMillis;
      for (int i = 0; i < g.videos.length; i++) {
        g.views[i] += g.roundViews[i];
        g.likes[i] += g.roundLikes[i];
        g.follows[i] += g.roundFollows[i];
      }
    }
    // Events of a round that did not qualify are not the group's.
    Arrays.fill(g.roundViews, 0);
    Arrays.fill(g.roundLikes, 0);
    Arrays.fill(g.roundFollows, 0);
    Arrays.fill(g.roundMembers, 0);
    boolean keep = g.priorCount > 0 && g.cleanupAt > g.roundStart;
    g.roundStart = 0;
    g.members = new long[GroupState.FIRST_MEMBERS];
    g.memberActivity = new int[GroupState.FIRST_MEMBERS];
    g.memberVideos = new int[GroupState.FIRST_MEMBERS];
    g.memberCount = 0;
    g.repeated = 0;
    g.qualified = false;
    g.reported = false;
    g.repeatedReported = false;
    return keep;
  }

  /**
   * Videos most of the round's members had in their sets. An honest band, held together only by
   * one popular video with the smallest hash, has a core of one; a lockstep group's core is its set.
   */
  private static int core(GroupState g) {
    int n = 0;
    for (int i = 0; i < g.videos.length; i++) {
      if (isCore(g, i)) {
        n++;
      }
    }
    return n;
  }

  /**
   * The round's members, each counted by the share of its recent activity the group's core takes:
   * an account busy with sixteen videos that shares three with the others is 3/16 of a member.
   * Under independence, the chance that an account's videos hold a given set of k grows roughly as
   * its activity to the k-th power, so heavy honest viewers meet on a few popular videos by chance
   * (issue #14); accounts that hit little besides the set are there for it.
   */
  static double weightedSize(GroupState g) {
    int core = core(g);
    double size = 0;
    for (int j = 0; j < g.memberCount; j++) {
      int activity = g.memberActivity[j];
      size += activity <= core ? 1.0 : (double) core / activity;
    }
    return size;
  }

  private static boolean isCore(GroupState g, int i) {
    return g.roundMembers[i] * 2 > g.memberCount;
  }

  /** The video's index, added when new; -1 when the group already tracks as many videos as it may. */
  private static int video(GroupState g, int hash) {
    for (int i = 0; i < g.videoHash.length; i++) {
      if (g.videoHash[i] == hash) {
        return i;
      }
    }
    if (g.videos.length == GroupState.MAX_VIDEOS) {
      return -1;
    }
    int i = g.videos.length;
    g.videos = Arrays.copyOf(g.videos, i + 1);
    g.videoHash = Arrays.copyOf(g.videoHash, i + 1);
    g.videoCreator = Arrays.copyOf(g.videoCreator == null ? new int[0] : g.videoCreator, i + 1);
    g.roundMembers = Arrays.copyOf(g.roundMembers, i + 1);
    g.views = Arrays.copyOf(g.views, i + 1);
    g.likes = Arrays.copyOf(g.likes, i + 1);
    g.follows = Arrays.copyOf(g.follows, i + 1);
    g.roundViews = Arrays.copyOf(g.roundViews, i + 1);
    g.roundLikes = Arrays.copyOf(g.roundLikes, i + 1);
    g.roundFollows = Arrays.copyOf(g.roundFollows, i + 1);
    g.videoHash[i] = hash;
    return i;
  }

  private void tally(GroupState g, LockstepHit hit) {
    int i = video(g, hit.videoId.hashCode());
    if (i < 0) {
      return;
    }
    g.videos[i] = hit.videoId;
    g.videoCreator[i] = hit.creatorHash;
    switch (hit.kind) {
      case Kinds.VIEW -> g.roundViews[i]++;
      case Kinds.LIKE -> g.roundLikes[i]++;
      case Kinds.FOLLOW -> g.roundFollows[i]++;
      default -> { }
    }
  }

  private void report(GroupState g, String key, long at, int rounds, Collector<VideoNotice> out) {
    double weighted = weightedSize(g);
    int coreBits = 0;
    for (int i = 0; i < g.videos.length; i++) {
      if (isCore(g, i)) {
        coreBits |= 1 << i;
      }
    }
    int[] coreVideos = new int[Integer.bitCount(coreBits)];
    for (int i = 0, k = 0; i < g.videos.length; i++) {
      if ((coreBits & (1 << i)) != 0) {
        coreVideos[k++] = g.videoHash[i];
      }
    }
    int coreAccounts = 0;
    for (int j = 0; j < g.memberCount; j++) {
      if ((g.memberVideos[j] & coreBits) == coreBits) {
        coreAccounts++;
      }
    }
    for (int i = 0; i < g.videos.length; i++) {
      // The group's own videos, not an account's odd extra video.
      if (!isCore(g, i) || g.videos[i] == null) {
        continue;
      }
      LockstepFinding f = new LockstepFinding();
      f.videoId = g.videos[i];
      f.groupKey = key;
      f.groupSize = g.memberCount;
      f.weightedSize = weighted;
      f.repeatedAccounts = g.repeated;
      f.rounds = rounds;
      // Everything the group did on the video so far, this round included: the video keeps the largest report.
      f.views = g.views[i] + g.roundViews[i];
      f.likes = g.likes[i] + g.roundLikes[i];
      f.follows = g.follows[i] + g.roundFollows[i];
      f.roundAccounts = g.roundMembers[i];
      f.sampleAccounts = Arrays.copyOf(g.sample, g.sampleCount);
      f.coreVideos = coreVideos;
      f.coreAccounts = coreAccounts;
      f.windowMillis = settings.lockstepWindowMillis;
      f.eventTime = at;
      out.collect(VideoNotice.of(f));
    }
  }

  public static long accountHash(String accountId) {
    long h = 1125899906842597L;
    for (int i = 0; i < accountId.length(); i++) {
      h = 31 * h + accountId.charAt(i);
    }
    return h ^ (h >>> 29);
  }

  private static int indexOf(long[] values, int count, long v) {
    for (int i = 0; i < count; i++) {
      if (values[i] == v) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(long[] values, int count, long v) {
    return indexOf(values, count, v) >= 0;
  }

}
