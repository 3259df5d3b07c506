package com.creatormarket.integrity.simulator.generate;

import com.creatormarket.integrity.simulator.scenario.AttackKind;
import com.creatormarket.integrity.simulator.scenario.Scenario.AttackSpec;
import com.creatormarket.integrity.simulator.world.World;
import com.creatormarket.integrity.simulator.world.World.AttackPlan;
import com.creatormarket.integrity.simulator.world.World.Video;
import java.util.List;

/**
 * Writes each planned attack's actions into the queue before the run starts. Each kind has its
 * own tell (watch times, devices and prefixes, ratios, synchrony, pacing, withdrawal) but none is
 * cartoonish: watch times are realistic wherever the real attack would make them so.
 */
final class AttackScripts {

  private static final long SECOND = 1000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;

  private final World world;
  private final Rng rng;
  private final WatchTimes watchTimes;
  private final ActionQueue queue;
  private final AliasTable popularity;

  AttackScripts(World world, Rng rng, WatchTimes watchTimes, ActionQueue queue, AliasTable popularity) {
    this.world = world;
    this.rng = rng;
    this.watchTimes = watchTimes;
    this.queue = queue;
    this.popularity = popularity;
  }

  void writeAll() {
    for (AttackPlan p : world.attacks) {
      write(p);
    }
  }

  private void write(AttackPlan p) {
    AttackSpec spec = p.spec;
    int tag = p.index * 2;
    long start = p.plannedStartMs;
    long span = Math.max(1, spec.duration().toMillis());
    switch (p.kind) {
      case BOT_VIEWS -> {
        Video v = p.targets.get(0);
        for (int i = 0; i < spec.volume(); i++) {
          int a = account(p);
          long watch = rng.chance(spec.fullWatchShare()) ? v.lengthMs : (long) (rng.nextDouble() * 1500);
          view(start + (long) (rng.nextDouble() * span), v, a, prefix(p, a), watch, tag);
        }
      }
      case CLICK_FARM, SLOW_DRIP -> {
        Video v = p.targets.get(0);
        boolean[] liked = new boolean[p.accountCount];
        int volume = spec.dailyLift() > 0
            ? (int) Math.round(spec.dailyLift() * v.expectedViews * spec.duration().toMillis() / (24.0 * HOUR))
            : spec.volume();
        for (int i = 0; i < volume; i++) {
          int n = rng.nextInt(p.accountCount);
          int a = p.firstAccount + n;
          long t = start + (long) (rng.nextDouble() * span);
          view(t, v, a, prefix(p, a), watchTimes.sample(rng, v.lengthMs), tag);
          if (!liked[n] && rng.chance(spec.likeShare())) {
            liked[n] = true;
            push(t + 300 + (long) (rng.nextDouble() * 8 * SECOND), ActionQueue.LIKE, v, a, prefix(p, a), tag);
          }
        }
      }
      case CAMOUFLAGE -> {
        Video v = p.targets.get(0);
        boolean[] liked = new boolean[p.accountCount];
        for (int i = 0; i < spec.volume(); i++) {
          int n = rng.nextInt(p.accountCount);
          int a = p.firstAccount + n;
          long t = start + (long) (rng.nextDouble() * span);
          view(t, v, a, prefix(p, a), watchTimes.sample(rng, v.lengthMs), tag);
          if (!liked[n] && rng.chance(spec.likeShare())) {
            liked[n] = true;
            push(t + 300 + (long) (rng.nextDouble() * 8 * SECOND), ActionQueue.LIKE, v, a, prefix(p, a), tag);
          }
        }
        cover(p, spec);
      }
      case BOUGHT_LIKES, BOUGHT_FOLLOWS, FOLLOW_AND_WITHDRAW -> {
        Video v = p.targets.get(0);
        byte kind = p.kind == AttackKind.BOUGHT_LIKES ? ActionQueue.LIKE : ActionQueue.FOLLOW;
        for (int i = 0; i < spec.volume(); i++) {
          int a = p.firstAccount + i;
          long t = start + (long) (rng.nextDouble() * span);
          int prefix = prefix(p, a);
          if (!rng.chance(spec.withoutViewShare())) {
            // A token view first: a couple of seconds, enough to reach the button.
            view(t, v, a, prefix, Math.min(v.lengthMs, SECOND + (long) (rng.nextDouble() * 5 * SECOND)), tag);
            t += SECOND + (long) (rng.nextDouble() * 4 * SECOND);
          }
          push(t, kind, v, a, prefix, tag);
          if (p.kind == AttackKind.FOLLOW_AND_WITHDRAW
              && rng.chance(spec.withdrawShare())) {
            long within = spec.withdrawWithin().toMillis();
            long after = 2 * HOUR + (long) (rng.nextDouble() * Math.max(1, within - 2 * HOUR));
            push(t + after, ActionQueue.UNFOLLOW, v, a, prefix(p, a), tag);
          }
        }
      }
      case LOCKSTEP -> {
        boolean[][] liked = new boolean[p.targets.size()][p.accountCount];
        long gap = spec.roundGap().toMillis();
        long window = spec.roundWindow().toMillis();
        for (int r = 0; r < spec.rounds(); r++) {
          long jitter = Math.min(2 * MINUTE, gap / 10);
          long roundStart = Math.max(start, start + r * gap + (long) ((rng.nextDouble() * 2 - 1) * jitter));
          for (int k = 0; k < p.targets.size(); k++) {
            Video v = p.targets.get(k);
            for (int n = 0; n < p.accountCount; n++) {
              if (!rng.chance(spec.participation())) {
                continue;
              }
              int a = p.firstAccount + n;
              long t = roundStart + (long) (rng.nextDouble() * window);
              int prefix = prefix(p, a);
              view(t, v, a, prefix, watchTimes.sample(rng, v.lengthMs), tag);
              if (!liked[k][n] && rng.chance(spec.likeShare())) {
                liked[k][n] = true;
                push(t + 300 + (long) (rng.nextDouble() * 8 * SECOND), ActionQueue.LIKE, v, a, prefix, tag);
              }
            }
          }
        }
      }
    }
  }

  /**
   * Camouflage: each farm account also watches honest videos, as anyone would. A cover view picks a
   * video by popularity, then a time while it is up: each video gets cover in proportion to its
   * popularity and how long it is up, whatever else is online. (Until issue #14 the time came first
   * and the video second: in a run's first hours, with few videos published, all the farms' cover
   * landed on those few, half of their first views, which no marketplace with a catalogue sees.)
   */
  private void cover(AttackPlan p, AttackSpec spec) {
    int tag = p.index * 2 + 1;
    List<Video> videos = world.videos;
    long span = world.endMs - world.startMs;
    for (int n = 0; n < p.accountCount; n++) {
      int a = p.firstAccount + n;
      for (int i = 0; i < spec.coverViewsPerAccount(); i++) {
        Video v = null;
        long t = 0;
        for (int attempt = 0; attempt < 20 && v == null; attempt++) {
          Video c = videos.get(popularity.draw(rng));
          long from = Math.max(world.startMs, c.publishMs);
          long up = world.endMs - from;
          // Accepted in proportion to its time up, so longer-lived videos get more cover.
          if (c.attacked || up <= 0 || rng.nextDouble() * span >= up) {
            continue;
          }
          long at = from + (long) (rng.nextDouble() * up);
          if (c.visibleAt(at)) {
            v = c;
            t = at;
          }
        }
        if (v == null) {
          continue;
        }
        view(t, v, a, prefix(p, a), watchTimes.sample(rng, v.lengthMs), tag);
        if (rng.chance(v.creator.likeRate)) {
          push(t + 300 + (long) (rng.nextDouble() * 8 * SECOND), ActionQueue.LIKE, v, a, prefix(p, a), tag);
        }
      }
    }
  }

  private int account(AttackPlan p) {
    return p.firstAccount + rng.nextInt(p.accountCount);
  }

  private int prefix(AttackPlan p, int account) {
    if (account < p.firstAccount + p.proxied) {
      return world.accountHomePrefix[account];
    }
    if (p.prefixPool != null) {
      return p.prefixPool[rng.nextInt(p.prefixPool.length)];
    }
    if (rng.chance(0.25)) {
      int[] mobile = world.mobilePrefixes[world.accountCountry[account]];
      return mobile[rng.nextInt(mobile.length)];
    }
    return world.accountHomePrefix[account];
  }

  private void view(long t, Video v, int account, int prefix, long watch, int tag) {
    if (t < world.endMs) {
      queue.push(t, ActionQueue.VIEW, v.index, account, world.accountDevice[account], prefix, watch, tag);
    }
  }

  private void push(long t, byte kind, Video v, int account, int prefix, int tag) {
    if (t < world.endMs) {
      queue.push(t, kind, v.index, account, world.accountDevice[account], prefix, 0, tag);
    }
  }
}
