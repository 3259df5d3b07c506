package com.creatormarket.integrity.simulator.truth;

import com.creatormarket.integrity.simulator.output.InputTopic;
import com.creatormarket.integrity.simulator.world.World;
import com.creatormarket.integrity.simulator.world.World.AttackPlan;
import com.creatormarket.integrity.simulator.world.World.Order;
import com.creatormarket.integrity.simulator.world.World.Video;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects, while events are emitted, what the ground truth needs beyond the plan: event ids, counts, actual start and end. */
public final class TruthRecorder {

  private static final String[] KIND_NAMES = {"VIEW", "LIKE", "UNLIKE", "FOLLOW", "UNFOLLOW"};

  private final World world;
  private final List<List<String>> eventIds = new ArrayList<>();
  private final List<List<String>> coverIds = new ArrayList<>();
  private final long[][] kindCounts;
  private final long[] first;
  private final long[] last;
  private final long[] topicCounts = new long[InputTopic.values().length];
  private final long[] burstViews;
  private final Map<Integer, BitSet> burstAccounts = new LinkedHashMap<>();
  private final String[] terminationEventIds;
  private final String[] deletionEventIds;

  public TruthRecorder(World world) {
    this.world = world;
    int n = world.attacks.size();
    kindCounts = new long[n][KIND_NAMES.length];
    first = new long[n];
    last = new long[n];
    java.util.Arrays.fill(first, Long.MAX_VALUE);
    java.util.Arrays.fill(last, Long.MIN_VALUE);
    for (int i = 0; i < n; i++) {
      eventIds.add(new ArrayList<>());
      coverIds.add(new ArrayList<>());
    }
    burstViews = new long[world.videos.size()];
    terminationEventIds = new String[world.terminations.size()];
    deletionEventIds = new String[world.terminations.size()];
  }

  /** The event ids of the world's {@code index}-th termination: its TERMINATED and its deletion (null when none). */
  public void termination(int index, String terminationEventId, String deletionEventId) {
    terminationEventIds[index] = terminationEventId;
    deletionEventIds[index] = deletionEventId;
  }

  public void counted(InputTopic topic) {
    topicCounts[topic.ordinal()]++;
  }

  /** An engagement event of an attack: {@code tag} is attack index * 2, plus 1 for a cover event. */
  public void attackEvent(int tag, String eventId, int kind, long time) {
    int attack = tag >> 1;
    if ((tag & 1) == 1) {
      coverIds.get(attack).add(eventId);
      return;
    }
    eventIds.get(attack).add(eventId);
    kindCounts[attack][kind]++;
    first[attack] = Math.min(first[attack], time);
    last[attack] = Math.max(last[attack], time);
  }

  public void burstView(int video, int account) {
    burstViews[video]++;
    burstAccounts.computeIfAbsent(video, k -> new BitSet()).set(account);
  }

  public long topicCount(InputTopic topic) {
    return topicCounts[topic.ordinal()];
  }

  public long total() {
    long n = 0;
    for (long c : topicCounts) {
      n += c;
    }
    return n;
  }

  public GroundTruth build(long seed) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (InputTopic t : InputTopic.values()) {
      counts.put(t.topic().name(), topicCounts[t.ordinal()]);
    }
    List<GroundTruth.Attack> attacks = new ArrayList<>();
    List<GroundTruth.AttackedOrder> attacked = new ArrayList<>();
    for (AttackPlan p : world.attacks) {
      List<GroundTruth.Target> targets = new ArrayList<>();
      for (Video v : p.targets) {
        targets.add(target(v.order));
        attacked.add(new GroundTruth.AttackedOrder(v.order.id, v.id, p.id, p.kind.name()));
      }
      List<String> accounts = new ArrayList<>();
      java.util.TreeSet<Integer> devices = new java.util.TreeSet<>();
      for (int a = p.firstAccount; a < p.firstAccount + p.accountCount; a++) {
        accounts.add(world.accountId[a]);
        devices.add(world.accountDevice[a]);
      }
      Map<String, Long> byKind = new LinkedHashMap<>();
      for (int k = 0; k < KIND_NAMES.length; k++) {
        if (kindCounts[p.index][k] > 0) {
          byKind.put(KIND_NAMES[k], kindCounts[p.index][k]);
        }
      }
      boolean any = !eventIds.get(p.index).isEmpty();
      attacks.add(new GroundTruth.Attack(p.id, p.kind.name(), targets, Instant.ofEpochMilli(p.plannedStartMs),
          Instant.ofEpochMilli(p.plannedEndMs), any ? Instant.ofEpochMilli(first[p.index]) : null,
          any ? Instant.ofEpochMilli(last[p.index]) : null, accounts, devices.size(),
          p.prefixPool == null ? accounts.size() : p.prefixPool.length, byKind, eventIds.get(p.index),
          coverIds.get(p.index)));
    }
    attacked.sort((x, y) -> x.orderId().compareTo(y.orderId()));

    List<GroundTruth.ViralVideo> viral = new ArrayList<>();
    List<String> honest = new ArrayList<>();
    for (Order o : world.orders) {
      if (!o.published()) {
        continue;
      }
      if (o.role != World.Role.ATTACKED) {
        honest.add(o.id);
      }
      Video v = o.video;
      if (o.role == World.Role.VIRAL) {
        BitSet accounts = burstAccounts.get(v.index);
        viral.add(new GroundTruth.ViralVideo(o.id, v.id, o.creator.id, Instant.ofEpochMilli(v.burstStartMs),
            Instant.ofEpochMilli(v.burstEndMs), Math.round(v.burstViews * 10) / 10.0, burstViews[v.index],
            accounts == null ? 0 : accounts.cardinality()));
      }
    }

    List<GroundTruth.RetentionCase> cases = new ArrayList<>();
    // (see isViolation for the rule applied)
    for (World.RetentionCase c : world.retentionCases) {
      Order o = c.order();
      cases.add(new GroundTruth.RetentionCase(o.id, o.video.id, o.creator.id, c.action(), c.actor(),
          Instant.ofEpochMilli(c.atMs()), Instant.ofEpochMilli(o.publishMs), c.retentionDays(),
          Instant.ofEpochMilli(c.retentionEndMs()), c.early(),
          c.restoredMs() == Long.MAX_VALUE ? null : Instant.ofEpochMilli(c.restoredMs()),
          isViolation(c)));
    }
    cases.sort((x, y) -> x.orderId().compareTo(y.orderId()));
    List<GroundTruth.RetentionChange> changes = new ArrayList<>();
    for (World.RetentionChange c : world.retentionChanges) {
      changes.add(new GroundTruth.RetentionChange(c.order().id, Instant.ofEpochMilli(c.atMs()), c.fromDays(), c.toDays()));
    }
    changes.sort((x, y) -> x.orderId().compareTo(y.orderId()));
    List<GroundTruth.PrivateDeal> deals = new ArrayList<>();
    for (World.PrivateDeal d : world.privateDeals) {
      deals.add(new GroundTruth.PrivateDeal(d.findingId(), d.creator().id, d.brand(), Instant.ofEpochMilli(d.foundMs())));
    }
    List<GroundTruth.Appeal> appeals = new ArrayList<>();
    for (World.Appeal a : world.appeals) {
      appeals.add(new GroundTruth.Appeal(a.decisionId(), a.penaltyId(), a.causeId(), a.order().creator.id, a.order().id, a.kind(),
          a.upheld(), Instant.ofEpochMilli(a.appealedMs()), Instant.ofEpochMilli(a.decidedMs())));
    }
    List<GroundTruth.Termination> terminations = new ArrayList<>();
    for (int i = 0; i < world.terminations.size(); i++) {
      World.Termination t = world.terminations.get(i);
      Order o = t.order();
      boolean deleted = t.deletedMs() != Long.MAX_VALUE;
      // Not a violation: the deletion comes after the platform ended the order, which no longer has a retention to keep.
      terminations.add(new GroundTruth.Termination(o.id, o.video.id, o.creator.id, world.advertiserIds[o.advertiser],
          o.agency < 0 ? null : world.agencyIds[o.agency], t.attack().id, t.attack().kind.name(),
          Instant.ofEpochMilli(t.attack().plannedEndMs), terminationEventIds[i], Instant.ofEpochMilli(t.terminatedMs()),
          deleted ? deletionEventIds[i] : null, deleted ? Instant.ofEpochMilli(t.deletedMs()) : null, t.retentionDays(),
          Instant.ofEpochMilli(t.retentionEndMs()), false));
    }
    var s = world.scenario;
    return new GroundTruth(GroundTruth.FORMAT_VERSION, s.name(), seed, s.start(), s.end(), s.timeZone().getId(), counts,
        attacks, attacked, viral, honest, cases, changes, deals, appeals, terminations);
  }

  private GroundTruth.Target target(Order o) {
    return new GroundTruth.Target(o.id, o.video.id, o.creator.id, world.advertiserIds[o.advertiser],
        o.agency < 0 ? null : world.agencyIds[o.agency]);
  }

  /** The retention job's default grace for a hidden video to come back (knob retention.hide-grace). */
  static final long HIDE_GRACE_MS = 24 * 3_600_000L;

  /**
   * What the retention rule makes of a removal at the job's defaults: the creator's deletion before
   * the end is a violation; the creator's hiding is one only if the video is not back within the
   * grace and the grace ends before the retention end. Moderation is never the creator's fault.
   */
  public static boolean isViolation(World.RetentionCase c) {
    if (!c.early() || !c.actor().equals("CREATOR")) {
      return false;
    }
    if (!c.action().equals("HIDDEN")) {
      return true;
    }
    long graceEnd = c.atMs() + HIDE_GRACE_MS;
    return c.restoredMs() > graceEnd && graceEnd < c.retentionEndMs();
  }
}
