package com.creatormarket.integrity.simulator.generate;

import com.creatormarket.integrity.avro.Actor;
import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.avro.FindingKind;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.simulator.output.EngagementEncoder;
import com.creatormarket.integrity.simulator.output.InputTopic;
import com.creatormarket.integrity.simulator.output.RecordSink;
import com.creatormarket.integrity.simulator.output.SingleObjectWriter;
import com.creatormarket.integrity.simulator.scenario.Scenario;
import com.creatormarket.integrity.simulator.truth.TruthRecorder;
import com.creatormarket.integrity.simulator.world.Ids;
import com.creatormarket.integrity.simulator.world.World;
import com.creatormarket.integrity.simulator.world.World.Order;
import com.creatormarket.integrity.simulator.world.World.Video;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Runs the simulated marketplace and emits its events in event-time order: order and lifecycle
 * facts, organic views (a non-homogeneous Poisson process per video: popularity, decay after
 * publication, daily rhythm, honest bursts) with the likes and follows they set off, and the
 * scripted attacks. One thread, one random stream per part, no wall clock: a seed is a run.
 */
public final class TrafficGenerator {

  /** Called every {@link #TICK} events so the caller can pace the run and show progress. */
  public interface Pacer {
    void tick(long events, long simulatedMs) throws IOException;
  }

  public static final int TICK = 256;

  private static final long SECOND = 1000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long DAY = 24 * 60 * MINUTE;
  private static final double RAMP_MS = 20 * MINUTE;
  /**
   * Id counters of the terminations' events (their TERMINATED and deletion): far beyond the counter of
   * the other scheduled records, and the id scramble is a bijection, so no id is made twice.
   */
  private static final long TERMINATION_IDS = 1L << 62;

  private final World world;
  private final Scenario scenario;
  private final Rng rng;
  private final DailyRhythm rhythm;
  private final WatchTimes watchTimes;
  private final ActionQueue actions = new ActionQueue();
  private final ViewQueue views;
  private final AliasTable viewers;
  /** With a second market: each market's viewers, and the draw of which market a view comes from. */
  private final AliasTable mainMarketViewers;
  private final AliasTable secondMarketViewers;
  private final Rng audienceRng;
  private final TruthRecorder truth;
  private final Ids engagementIds;
  private final List<Scheduled> records = new ArrayList<>();

  // Per video: the decay terms of its organic rate (views per ms) and its burst peak.
  private final double[] fastWeight;
  private final double[] slowWeight;
  private final double[] burstPeak;
  private final boolean[] nextIsBurst;
  private final double fastRate;
  private final double slowRate;
  private final double[] likeByWatch = new double[3];
  private final double[] followByWatch = new double[3];

  private final EngagementEvent event = new EngagementEvent();
  private final SingleObjectWriter<EngagementEvent> engagementWriter = new SingleObjectWriter<>(EngagementEvent.class);
  private final SingleObjectWriter<OrderEvent> orderWriter = new SingleObjectWriter<>(OrderEvent.class);
  private final SingleObjectWriter<VideoLifecycleEvent> lifecycleWriter = new SingleObjectWriter<>(VideoLifecycleEvent.class);
  private final SingleObjectWriter<ContentFinding> findingWriter = new SingleObjectWriter<>(ContentFinding.class);
  private final SingleObjectWriter<ReviewDecision> decisionWriter = new SingleObjectWriter<>(ReviewDecision.class);
  private final String[] clientOf;

  // The hot path's pre-encoded parts: every id, prefix, country and client as UTF-8 once.
  private static final byte[] EVENT_ID_PREFIX = "ev".getBytes(StandardCharsets.US_ASCII);
  private final EngagementEncoder fast;
  private final byte[] idBytes = new byte[32];
  private final byte[][] accountIdBytes;
  private final long[] accountCreatedMs;
  private final byte[][] deviceIdBytes;
  private final byte[][] prefixBytes;
  private final byte[][] countryBytes;
  private final byte[][] clientBytes;
  private final byte[][] creatorIdBytes;

  /** Own streams for the honest phenomena of issue #14, so worlds without them draw exactly as before. */
  private final Rng newcomerRng;

  private long engagementCount;
  private long events;

  public TrafficGenerator(World world, long seed) {
    this.world = world;
    this.scenario = world.scenario;
    this.rng = Rng.stream(seed, "traffic");
    Scenario.Traffic t = scenario.traffic();
    this.rhythm = new DailyRhythm(world.startMs, world.endMs, scenario.timeZone(), t.dailyRhythm());
    this.watchTimes = new WatchTimes(t.shortViewShare(), t.completionShare());
    this.truth = new TruthRecorder(world);
    this.engagementIds = new Ids(seed, "engagement");
    this.newcomerRng = Rng.stream(seed, "newcomer-views");
    this.clientOf = world.clients;
    EngagementEncoder encoder = new EngagementEncoder();
    this.fast = encoder.matchesSchema() ? encoder : null;
    accountIdBytes = utf8(world.accountId, world.accountCount);
    accountCreatedMs = new long[world.accountCount];
    for (int i = 0; i < world.accountCount; i++) {
      accountCreatedMs[i] = world.accountCreated[i].toEpochMilli();
    }
    deviceIdBytes = utf8(world.deviceId, world.deviceCount);
    prefixBytes = utf8(world.prefix, world.prefixCount);
    countryBytes = utf8(world.countries, world.countries.length);
    clientBytes = utf8(world.clients, world.clients.length);
    String[] creatorIds = world.creators.stream().map(c -> c.id).toArray(String[]::new);
    creatorIdBytes = utf8(creatorIds, creatorIds.length);

    double[] activity = new double[world.organicAccounts];
    Rng activityRng = Rng.stream(seed, "activity");
    for (int i = 0; i < activity.length; i++) {
      activity[i] = activityRng.logNormal(1, t.activitySkew());
    }
    if (t.heavyShare() > 0) {
      // Heavy viewers: a few accounts watch dozens of videos an hour (their own stream: other draws unchanged).
      Rng heavyRng = Rng.stream(seed, "heavy");
      for (int i = 0; i < activity.length; i++) {
        if (heavyRng.chance(t.heavyShare())) {
          activity[i] *= t.heavyFactor();
        }
      }
    }
    this.viewers = new AliasTable(activity);
    if (t.secondMarket().share() > 0) {
      // Each market's accounts weighted by activity, for creators' audiences from their own market.
      int second = world.countries.length - 1;
      double[] main = new double[activity.length];
      double[] other = new double[activity.length];
      for (int i = 0; i < activity.length; i++) {
        (world.accountCountry[i] == second ? other : main)[i] = activity[i];
      }
      this.mainMarketViewers = new AliasTable(main);
      this.secondMarketViewers = new AliasTable(other);
      this.audienceRng = Rng.stream(seed, "audience");
    } else {
      this.mainMarketViewers = null;
      this.secondMarketViewers = null;
      this.audienceRng = null;
    }

    int n = world.videos.size();
    views = new ViewQueue(Math.max(1, n));
    fastWeight = new double[n];
    slowWeight = new double[n];
    burstPeak = new double[n];
    nextIsBurst = new boolean[n];
    double tauFast = t.halfLife().toMillis() / StrictMath.log(2);
    double tauSlow = 10 * tauFast;
    fastRate = 1 / tauFast;
    slowRate = 1 / tauSlow;
    double[] popularity = new double[Math.max(1, n)];
    for (Video v : world.videos) {
      fastWeight[v.index] = v.expectedViews * (1 - t.tailShare()) / tauFast;
      slowWeight[v.index] = v.expectedViews * t.tailShare() / tauSlow;
      if (v.burstViews > 0) {
        burstPeak[v.index] = v.burstViews * 2 / (double) (v.burstEndMs - v.burstStartMs);
      }
      popularity[v.index] = v.expectedViews;
    }

    // Engagement leans on how much was watched; normalised so the creator's rate stays the mean.
    double s = t.shortViewShare();
    double c = t.completionShare();
    double[] like = {0.15, 1.0, 2.5};
    double[] follow = {0.05, 0.8, 3.0};
    double likeNorm = s * like[0] + (1 - s - c) * like[1] + c * like[2];
    double followNorm = s * follow[0] + (1 - s - c) * follow[1] + c * follow[2];
    for (int k = 0; k < 3; k++) {
      likeByWatch[k] = like[k] / likeNorm;
      followByWatch[k] = follow[k] / followNorm;
    }

    if (n > 0) {
      new AttackScripts(world, Rng.stream(seed, "attack-actions"), new WatchTimes(t.shortViewShare(), t.completionShare()),
          actions, new AliasTable(popularity)).writeAll();
    }
    if (t.fanGroupShare() > 0) {
      fanGroups(Rng.stream(seed, "fans"), t);
    }
    scheduleRecords(seed);
    for (Video v : world.videos) {
      long first = nextViewTime(v, v.publishMs);
      if (first != Long.MAX_VALUE) {
        views.push(v.index, first);
      }
    }
  }

  private static byte[][] utf8(String[] texts, int count) {
    byte[][] out = new byte[count][];
    for (int i = 0; i < count; i++) {
      out[i] = texts[i].getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }

  /** Order, lifecycle and finding events and review decisions, all known up front (so are terminations and their deletions). */
  private record Scheduled(long time, long seq, InputTopic topic, byte[] key, SpecificRecord record) {}

  private void scheduleRecords(long seed) {
    Ids orderIds = new Ids(seed, "order-events");
    Ids lifecycleIds = new Ids(seed, "lifecycle");
    long[] seq = {0};
    long end = world.endMs;
    for (Order o : world.orders) {
      byte[] key = o.id.getBytes(StandardCharsets.UTF_8);
      addOrder(o, OrderEventKind.CREATED, o.createdMs, key, orderIds, seq, null);
      if (o.cancelledMs != Long.MAX_VALUE) {
        addOrder(o, OrderEventKind.CANCELLED, o.cancelledMs, key, orderIds, seq, null);
        continue;
      }
      Video v = o.video;
      addOrder(o, OrderEventKind.VIDEO_PUBLISHED, o.publishMs, key, orderIds, seq, null);
      addLifecycle(v, LifecycleKind.PUBLISHED, Actor.CREATOR, null, o.publishMs, lifecycleIds, seq);
      long complete = o.publishMs + scenario.marketplace().completeAfter().toMillis();
      if (complete < end) {
        if (o.terminatedMs <= complete) {
          // The order system does not complete an order it terminated. The counter moves on all the
          // same, so every other record keeps the id it has without terminations.
          seq[0]++;
        } else {
          addOrder(o, OrderEventKind.COMPLETED, complete, key, orderIds, seq, null);
        }
      }
    }
    for (World.RetentionChange c : world.retentionChanges) {
      addOrder(c.order(), OrderEventKind.RETENTION_CHANGED, c.atMs(), c.order().id.getBytes(StandardCharsets.UTF_8),
          orderIds, seq, c.toDays());
    }
    for (World.RetentionCase c : world.retentionCases) {
      Video v = c.order().video;
      Actor actor = Actor.valueOf(c.actor());
      String reason = actor == Actor.CREATOR ? null : "community guidelines: unverified product claim";
      addLifecycle(v, LifecycleKind.valueOf(c.action()), actor, reason, c.atMs(), lifecycleIds, seq);
      if (c.restoredMs() != Long.MAX_VALUE) {
        addLifecycle(v, LifecycleKind.RESTORED, actor, actor == Actor.CREATOR ? null : "appeal granted", c.restoredMs(),
            lifecycleIds, seq);
      }
    }
    for (World.PrivateDeal d : world.privateDeals) {
      ContentFinding f = ContentFinding.newBuilder()
          .setFindingId(d.findingId())
          .setCreatorId(d.creator().id)
          .setKind(FindingKind.PRIVATE_DEAL)
          .setVideoId(d.externalVideoId())
          .setBrand(d.brand())
          .setSource("content-scan")
          .setEvidence("sponsored post for " + d.brand() + " published outside the marketplace, no matching order")
          .setFoundAt(Instant.ofEpochMilli(d.foundMs()))
          .build();
      records.add(new Scheduled(d.foundMs(), seq[0]++, InputTopic.CONTENT_FINDINGS,
          d.creator().id.getBytes(StandardCharsets.UTF_8), f));
    }
    for (World.Appeal a : world.appeals) {
      ReviewDecision d = ReviewDecision.newBuilder()
          .setDecisionId(a.decisionId())
          .setCaseId(a.causeId())
          .setOrderId(a.order().id)
          .setReviewerId("reviewer-appeals")
          .setDecision(a.upheld() ? ReviewOutcome.UPHOLD_APPEAL : ReviewOutcome.REJECT_APPEAL)
          .setNote(a.note())
          .setCreatorId(a.order().creator.id)
          .setPenaltyId(a.penaltyId())
          .setAppealedAt(Instant.ofEpochMilli(a.appealedMs()))
          .setDecidedAt(Instant.ofEpochMilli(a.decidedMs()))
          .build();
      records.add(new Scheduled(a.decidedMs(), seq[0]++, InputTopic.REVIEW_DECISIONS,
          a.causeId().getBytes(StandardCharsets.UTF_8), d));
    }
    // Last, so that every record above keeps its place among equal times; their ids come from a range of
    // their own, so they depend on nothing else in the scenario (appeals, findings...) and collide with no other.
    for (int i = 0; i < world.terminations.size(); i++) {
      World.Termination t = world.terminations.get(i);
      Order o = t.order();
      String terminated = addOrder(o, OrderEventKind.TERMINATED, t.terminatedMs(), o.id.getBytes(StandardCharsets.UTF_8),
          orderIds, TERMINATION_IDS + i, seq, null);
      String deleted = t.deletedMs() == Long.MAX_VALUE ? null
          : addLifecycle(o.video, LifecycleKind.DELETED, Actor.CREATOR, null, t.deletedMs(), lifecycleIds, TERMINATION_IDS + i,
              seq);
      truth.termination(i, terminated, deleted);
    }
    records.removeIf(r -> r.time() >= end);
    records.sort((a, b) -> a.time() != b.time() ? Long.compare(a.time(), b.time()) : Long.compare(a.seq(), b.seq()));
  }

  private String addOrder(Order o, OrderEventKind kind, long at, byte[] key, Ids ids, long[] seq, Integer changedDays) {
    return addOrder(o, kind, at, key, ids, seq[0], seq, changedDays);
  }

  /** Schedules an order event whose id is made from {@code idCounter} and returns the id. */
  private String addOrder(Order o, OrderEventKind kind, long at, byte[] key, Ids ids, long idCounter, long[] seq,
      Integer changedDays) {
    OrderEvent.Builder b = OrderEvent.newBuilder()
        .setEventId(ids.next("oe", idCounter))
        .setOrderId(o.id)
        .setKind(kind)
        .setAdvertiserId(world.advertiserIds[o.advertiser])
        .setCreatorId(o.creator.id)
        .setAgencyId(o.agency < 0 ? null : world.agencyIds[o.agency])
        .setEventTime(Instant.ofEpochMilli(at));
    switch (kind) {
      case CREATED -> b.setPriceMinor(o.priceMinor).setPrepaidMinor(o.prepaidMinor).setCurrency(o.currency)
          .setRetentionDays(o.retentionDays);
      case VIDEO_PUBLISHED, COMPLETED -> b.setVideoId(o.video.id).setPublishedAt(Instant.ofEpochMilli(o.publishMs));
      case RETENTION_CHANGED -> b.setVideoId(o.video.id).setRetentionDays(changedDays);
      case TERMINATED -> b.setVideoId(o.video.id);
      default -> { }
    }
    OrderEvent e = b.build();
    records.add(new Scheduled(at, seq[0]++, InputTopic.ORDERS, key, e));
    return e.getEventId();
  }

  private String addLifecycle(Video v, LifecycleKind kind, Actor actor, String reason, long at, Ids ids, long[] seq) {
    return addLifecycle(v, kind, actor, reason, at, ids, seq[0], seq);
  }

  /** Schedules a lifecycle event whose id is made from {@code idCounter} and returns the id. */
  private String addLifecycle(Video v, LifecycleKind kind, Actor actor, String reason, long at, Ids ids, long idCounter,
      long[] seq) {
    VideoLifecycleEvent e = VideoLifecycleEvent.newBuilder()
        .setEventId(ids.next("lc", idCounter))
        .setVideoId(v.id)
        .setCreatorId(v.creator.id)
        .setKind(kind)
        .setActor(actor)
        .setReason(reason)
        .setEventTime(Instant.ofEpochMilli(at))
        .build();
    records.add(new Scheduled(at, seq[0]++, InputTopic.LIFECYCLE, v.key, e));
    return e.getEventId();
  }

  /** Generates the whole run into the sink. */
  public TruthRecorder run(RecordSink sink, Pacer pacer) throws IOException {
    int next = 0;
    int recordCount = records.size();
    while (true) {
      long tr = next < recordCount ? records.get(next).time() : Long.MAX_VALUE;
      long ta = actions.peekTime();
      long tv = views.peekTime();
      long now;
      if (tr <= ta && tr <= tv) {
        if (tr == Long.MAX_VALUE) {
          break;
        }
        emitRecord(records.get(next++), sink);
        now = tr;
      } else if (ta <= tv) {
        emitAction(actions.pop(), sink);
        now = ta;
      } else {
        organicView(views.peekVideo(), tv, sink);
        now = tv;
      }
      if (++events % TICK == 0 && pacer != null) {
        pacer.tick(truth.total(), now);
      }
    }
    sink.flush();
    if (pacer != null) {
      pacer.tick(truth.total(), world.endMs);
    }
    return truth;
  }

  @SuppressWarnings("unchecked")
  private void emitRecord(Scheduled r, RecordSink sink) throws IOException {
    int length;
    byte[] bytes;
    switch (r.topic()) {
      case ORDERS -> {
        length = orderWriter.encode((OrderEvent) r.record());
        bytes = orderWriter.buffer();
      }
      case LIFECYCLE -> {
        length = lifecycleWriter.encode((VideoLifecycleEvent) r.record());
        bytes = lifecycleWriter.buffer();
      }
      case REVIEW_DECISIONS -> {
        length = decisionWriter.encode((ReviewDecision) r.record());
        bytes = decisionWriter.buffer();
      }
      default -> {
        length = findingWriter.encode((ContentFinding) r.record());
        bytes = findingWriter.buffer();
      }
    }
    sink.write(r.topic(), r.key(), bytes, length, r.time());
    truth.counted(r.topic());
  }

  private void emitAction(int slot, RecordSink sink) throws IOException {
    long t = actions.time(slot);
    Video v = world.videos.get(actions.video(slot));
    if (!v.visibleAt(t)) {
      return; // a hidden or deleted video takes no engagement
    }
    byte kind = actions.kind(slot);
    int tag = actions.tag(slot);
    emitEngagement(sink, kind, v, actions.account(slot), actions.device(slot), actions.prefix(slot),
        actions.watch(slot), t, tag);
  }

  private void organicView(int index, long t, RecordSink sink) throws IOException {
    Video v = world.videos.get(index);
    boolean burst = nextIsBurst[index];
    if (v.visibleAt(t)) {
      // A burst reaches far beyond the regulars: any ordinary account, not weighted by activity.
      int account = burst ? rng.nextInt(world.organicAccounts) : regularViewer(v);
      if (burst && v.newcomers != null && newcomerRng.chance(scenario.viral().newcomerShare())) {
        account = v.newcomers[newcomerRng.nextInt(v.newcomers.length)];
      }
      int device = world.accountDevice2[account] >= 0 && rng.chance(0.3) ? world.accountDevice2[account]
          : world.accountDevice[account];
      int prefix;
      if (rng.chance(1 - scenario.traffic().mobileShare())) {
        prefix = world.accountHomePrefix[account];
      } else {
        int[] mobile = world.mobilePrefixes[world.accountCountry[account]];
        prefix = mobile[rng.nextInt(mobile.length)];
      }
      long watch = watchTimes.sample(rng, v.lengthMs);
      int watchKind = watchTimes.lastKind();
      emitEngagement(sink, ActionQueue.VIEW, v, account, device, prefix, watch, t, -1);
      if (burst) {
        truth.burstView(index, account);
      }
      if (rng.chance(v.creator.likeRate * likeByWatch[watchKind])) {
        long likeAt = t + 300 + (long) (rng.nextDouble() * 8 * SECOND);
        push(likeAt, ActionQueue.LIKE, v, account, device, prefix);
        if (rng.chance(scenario.traffic().unlikeShare())) {
          push(likeAt + MINUTE + (long) rng.exponential(2 * DAY), ActionQueue.UNLIKE, v, account, device, prefix);
        }
      }
      if (rng.chance(v.creator.followRate * followByWatch[watchKind])) {
        long followAt = t + SECOND + (long) (rng.nextDouble() * 20 * SECOND);
        push(followAt, ActionQueue.FOLLOW, v, account, device, prefix);
        if (rng.chance(scenario.traffic().unfollowShare())) {
          push(followAt + 10 * MINUTE + (long) rng.exponential(10 * DAY), ActionQueue.UNFOLLOW, v, account, device, prefix);
        }
      }
    }
    views.replaceTop(nextViewTime(v, t));
  }

  /** A regular viewer: by activity, from the creator's own market (mostly) when there is a second market. */
  private int regularViewer(Video v) {
    if (audienceRng == null) {
      return viewers.draw(rng);
    }
    boolean home = audienceRng.chance(scenario.traffic().secondMarket().homeAudience());
    return (v.creator.secondMarket == home ? secondMarketViewers : mainMarketViewers).draw(rng);
  }

  /**
   * Loyal fan groups (issue #14's honest look-alike of lockstep): {@code fanGroupShare} of the
   * creators have {@code fanGroupSize} ordinary accounts that watch each new video of theirs within
   * minutes of its publication (four in five of them each time, ten minutes on average), and like it
   * three times as often as others. Ordinary accounts on their own devices and home networks.
   */
  private void fanGroups(Rng fans, Scenario.Traffic t) {
    WatchTimes watch = new WatchTimes(t.shortViewShare(), t.completionShare());
    for (World.Creator creator : world.creators) {
      if (!fans.chance(t.fanGroupShare())) {
        continue;
      }
      int[] group = new int[Math.min(t.fanGroupSize(), world.organicAccounts)];
      for (int i = 0; i < group.length; i++) {
        group[i] = fans.nextInt(world.organicAccounts);
      }
      for (Video v : world.videos) {
        if (v.creator != creator || v.publishMs >= world.endMs) {
          continue;
        }
        for (int a : group) {
          if (!fans.chance(0.8)) {
            continue;
          }
          long at = v.publishMs + (long) fans.exponential(10 * MINUTE);
          if (at >= world.endMs) {
            continue;
          }
          int device = world.accountDevice[a];
          int prefix = world.accountHomePrefix[a];
          actions.push(at, ActionQueue.VIEW, v.index, a, device, prefix, watch.sample(fans, v.lengthMs), -1);
          if (fans.chance(Math.min(1, 3 * v.creator.likeRate))) {
            push(at + 300 + (long) (fans.nextDouble() * 8 * SECOND), ActionQueue.LIKE, v, a, device, prefix);
          }
        }
      }
    }
  }

  private void push(long t, byte kind, Video v, int account, int device, int prefix) {
    if (t < world.endMs) {
      actions.push(t, kind, v.index, account, device, prefix, 0, -1);
    }
  }

  /** Emits one engagement event; attack events ({@code tag} >= 0) are recorded in the truth with their id. */
  private void emitEngagement(RecordSink sink, byte kind, Video v, int account, int device, int prefix, long watch,
      long t, int tag) throws IOException {
    if (t >= v.silencedFromMs) {
      engagementCount++; // deleted after its order's termination: the id is used up as if written, so no other id moves
      return;
    }
    int idLength = engagementIds.nextBytes(EVENT_ID_PREFIX, engagementCount++, idBytes);
    int length;
    byte[] bytes;
    if (fast != null) {
      length = fast.encode(idBytes, idLength, KINDS[kind].ordinal(), v.key, creatorIdBytes[v.creator.index],
          accountIdBytes[account], deviceIdBytes[device], prefixBytes[prefix], accountCreatedMs[account],
          countryBytes[world.accountCountry[account]], clientBytes[world.accountClient[account]],
          kind == ActionQueue.VIEW ? watch : -1, v.lengthMs, t);
      bytes = fast.buffer();
    } else {
      length = encodeGeneric(kind, v, account, device, prefix, watch, t, new String(idBytes, 0, idLength, StandardCharsets.US_ASCII));
      bytes = engagementWriter.buffer();
    }
    sink.write(InputTopic.ENGAGEMENT, v.key, bytes, length, t);
    truth.counted(InputTopic.ENGAGEMENT);
    if (tag >= 0) {
      truth.attackEvent(tag, new String(idBytes, 0, idLength, StandardCharsets.US_ASCII), kind, t);
    }
  }

  /** The slow path through the generated record, used only if the schema no longer matches {@link EngagementEncoder}. */
  private int encodeGeneric(byte kind, Video v, int account, int device, int prefix, long watch, long t, String id) {
    event.setEventId(id);
    event.setKind(KINDS[kind]);
    event.setVideoId(v.id);
    event.setCreatorId(v.creator.id);
    event.setAccountId(world.accountId[account]);
    event.setDeviceId(world.deviceId[device]);
    event.setNetworkPrefix(world.prefix[prefix]);
    event.setAccountCreatedAt(world.accountCreated[account]);
    event.setCountry(world.countries[world.accountCountry[account]]);
    event.setClient(clientOf[world.accountClient[account]]);
    if (kind == ActionQueue.VIEW) {
      event.setWatchTimeMillis(watch);
      event.setVideoLengthMillis(v.lengthBoxed);
    } else {
      event.setWatchTimeMillis(null);
      event.setVideoLengthMillis(null);
    }
    event.setEventTime(Instant.ofEpochMilli(t));
    return engagementWriter.encode(event);
  }

  private static final EngagementKind[] KINDS = {
      EngagementKind.VIEW, EngagementKind.LIKE, EngagementKind.UNLIKE, EngagementKind.FOLLOW, EngagementKind.UNFOLLOW};

  /**
   * The next organic view of a video after {@code from}, by thinning: candidates come at a rate that
   * bounds the true rate until the next breakpoint (burst start or end), each kept with probability
   * true/bound. The organic part only decays, so its bound at the candidate's start holds onward.
   */
  private long nextViewTime(Video v, long from) {
    int i = v.index;
    long stop = Math.min(world.endMs, v.goneForGoodMs());
    double rhythmMax = rhythm.max();
    double cur = Math.max(from, v.publishMs);
    while (true) {
      if (cur >= stop) {
        return Long.MAX_VALUE;
      }
      double age = cur - v.publishMs;
      double organicBound = (fastWeight[i] * StrictMath.exp(-age * fastRate) + slowWeight[i] * StrictMath.exp(-age * slowRate))
          * rhythmMax;
      double burstBound;
      double breakpoint;
      if (cur < v.burstStartMs) {
        burstBound = 0;
        breakpoint = v.burstStartMs;
      } else if (cur < v.burstEndMs) {
        burstBound = burstPeak[i];
        breakpoint = v.burstEndMs;
      } else {
        burstBound = 0;
        breakpoint = Double.MAX_VALUE;
      }
      double bound = organicBound + burstBound;
      if (bound < 1e-15) {
        if (breakpoint == Double.MAX_VALUE) {
          return Long.MAX_VALUE;
        }
        cur = breakpoint;
        continue;
      }
      double next = cur + rng.exponential(1 / bound);
      if (next >= breakpoint) {
        cur = breakpoint;
        continue;
      }
      cur = next;
      if (cur >= stop) {
        return Long.MAX_VALUE;
      }
      age = cur - v.publishMs;
      double organic = (fastWeight[i] * StrictMath.exp(-age * fastRate) + slowWeight[i] * StrictMath.exp(-age * slowRate))
          * (1 - StrictMath.exp(-age / RAMP_MS)) * rhythm.at((long) cur);
      double burst = burstBound > 0 ? burstRate(v, cur) : 0;
      double u = rng.nextDouble() * bound;
      if (u < organic + burst) {
        nextIsBurst[i] = u >= organic;
        long t = (long) cur;
        return Math.max(t, from);
      }
    }
  }

  /** A burst rises over its first 15% and fades over the rest (a triangle whose area is the burst's views). */
  private double burstRate(Video v, double t) {
    double x = (t - v.burstStartMs) / (double) (v.burstEndMs - v.burstStartMs);
    double peak = burstPeak[v.index];
    return x < 0.15 ? peak * x / 0.15 : peak * (1 - x) / 0.85;
  }

  public World world() {
    return world;
  }

  /** Engagement event ids used: the events written, and those drawn on a video silenced after its order's termination. */
  public long engagementCount() {
    return engagementCount;
  }
}
