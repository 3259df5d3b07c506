package com.creatormarket.integrity.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import com.creatormarket.integrity.simulator.scenario.AttackKind;
import com.creatormarket.integrity.simulator.scenario.Scenario;
import com.creatormarket.integrity.simulator.scenario.Scenario.AttackSpec;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import com.creatormarket.integrity.simulator.world.Retention;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * Checks that a run's ground truth agrees with its event files: every attack of the scenario is
 * there with its events, every listed event exists and fits its attack, every event of an attack
 * account is listed, and the retention cases, viral bursts and findings are in the streams as said.
 */
final class TruthChecks {

  private TruthChecks() {}

  /** A compact copy of an attack account's event. */
  record Seen(String id, EngagementKind kind, String video, String account, String device, String prefix, Long watch,
      Long length, Instant time) {}

  static void verify(Runs run) throws IOException {
    Scenario scenario = run.scenario();
    GroundTruth truth = run.truth();
    Path dir = run.dir();

    // Every attack line of the scenario produced its attacks.
    Map<String, Integer> expectedByKind = new TreeMap<>();
    for (AttackSpec spec : scenario.attacks()) {
      expectedByKind.merge(spec.kind().name(), spec.kind() == AttackKind.LOCKSTEP ? 1 : spec.orders(), Integer::sum);
    }
    Map<String, Integer> actualByKind = new TreeMap<>();
    truth.attacks().forEach(a -> actualByKind.merge(a.kind(), 1, Integer::sum));
    assertThat(actualByKind).isEqualTo(expectedByKind);

    Map<String, GroundTruth.Attack> attackOfEvent = new HashMap<>();
    Set<String> coverEvents = new HashSet<>();
    Map<String, GroundTruth.Attack> attackOfAccount = new HashMap<>();
    Set<String> attackedVideos = new HashSet<>();
    for (GroundTruth.Attack a : truth.attacks()) {
      assertThat(a.eventIds()).as(a.attackId() + " has events").isNotEmpty();
      assertThat(a.start()).isNotNull();
      a.eventIds().forEach(id -> assertThat(attackOfEvent.put(id, a)).as("event listed twice: " + id).isNull());
      for (String id : a.coverEventIds()) {
        assertThat(attackOfEvent.put(id, a)).isNull();
        coverEvents.add(id);
      }
      a.accounts().forEach(acc -> assertThat(attackOfAccount.put(acc, a)).as("account in two attacks").isNull());
      a.targets().forEach(t -> attackedVideos.add(t.videoId()));
      assertThat(a.eventCounts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(a.eventIds().size());
    }
    assertThat(truth.attackedOrders()).hasSize(attackedVideos.size());

    // Stream the engagement file once.
    Set<String> ids = new HashSet<>();
    Map<String, List<Seen>> byAttack = new HashMap<>();
    Map<String, List<Seen>> coverByAttack = new HashMap<>();
    Map<String, Long> engagementPerVideo = new HashMap<>();
    Map<String, List<Instant>> engagementTimes = new HashMap<>();
    Set<String> retentionVideos = truth.retentionCases().stream().map(GroundTruth.RetentionCase::videoId)
        .collect(Collectors.toCollection(HashSet::new));
    truth.terminations().forEach(t -> retentionVideos.add(t.videoId()));
    long[] previous = {Long.MIN_VALUE};
    long[] count = {0};
    RecordFiles.forEach(dir, Topics.ENGAGEMENT, e -> {
      count[0]++;
      assertThat(ids.add(e.getEventId())).as("event ids are unique: " + e.getEventId()).isTrue();
      long t = e.getEventTime().toEpochMilli();
      assertThat(t).as("engagement in event-time order").isGreaterThanOrEqualTo(previous[0]);
      previous[0] = t;
      assertThat(e.getEventTime()).isBetween(truth.start(), truth.end());
      assertThat(e.getAccountCreatedAt()).isBefore(e.getEventTime());
      assertThat(e.getWatchTimeMillis() != null).isEqualTo(e.getKind() == EngagementKind.VIEW);
      engagementPerVideo.merge(e.getVideoId(), 1L, Long::sum);
      if (retentionVideos.contains(e.getVideoId())) {
        engagementTimes.computeIfAbsent(e.getVideoId(), k -> new ArrayList<>()).add(e.getEventTime());
      }
      GroundTruth.Attack listed = attackOfEvent.get(e.getEventId());
      GroundTruth.Attack owner = attackOfAccount.get(e.getAccountId());
      assertThat(listed).as("every event of an attack account is listed in its attack: " + e.getEventId()).isEqualTo(owner);
      if (listed != null) {
        Seen seen = new Seen(e.getEventId(), e.getKind(), e.getVideoId(), e.getAccountId(), e.getDeviceId(),
            e.getNetworkPrefix(), e.getWatchTimeMillis(), e.getVideoLengthMillis(), e.getEventTime());
        if (coverEvents.contains(e.getEventId())) {
          assertThat(attackedVideos).as("cover events are on honest videos").doesNotContain(e.getVideoId());
          coverByAttack.computeIfAbsent(listed.attackId(), k -> new ArrayList<>()).add(seen);
        } else {
          byAttack.computeIfAbsent(listed.attackId(), k -> new ArrayList<>()).add(seen);
        }
      }
    });
    assertThat(count[0]).isEqualTo(truth.eventCounts().get(Topics.ENGAGEMENT.name()));

    for (GroundTruth.Attack a : truth.attacks()) {
      List<Seen> events = byAttack.getOrDefault(a.attackId(), List.of());
      assertThat(events).as("every listed event of " + a.attackId() + " is in the file").hasSize(a.eventIds().size());
      assertThat(coverByAttack.getOrDefault(a.attackId(), List.of())).hasSize(a.coverEventIds().size());
      Set<String> targets = a.targets().stream().map(GroundTruth.Target::videoId).collect(Collectors.toSet());
      Map<String, Long> kinds = new TreeMap<>();
      for (Seen s : events) {
        assertThat(targets).contains(s.video());
        assertThat(s.time()).isBetween(a.start(), a.end());
        kinds.merge(s.kind().name(), 1L, Long::sum);
      }
      assertThat(kinds).isEqualTo(new TreeMap<>(a.eventCounts()));
      assertThat(events.get(0).time()).isEqualTo(a.start());
      assertThat(events.get(events.size() - 1).time()).isEqualTo(a.end());
      signature(a, scenario, events, coverByAttack.getOrDefault(a.attackId(), List.of()));
    }

    verifyOrders(run);
    verifyRetention(run, engagementTimes);
    verifyFindings(run);
    verifyAppeals(run);
    verifyTerminations(run, engagementTimes);
  }

  /** Each kind leaves the tell the README promises. */
  private static void signature(GroundTruth.Attack a, Scenario scenario, List<Seen> events, List<Seen> cover) {
    List<Seen> views = events.stream().filter(s -> s.kind() == EngagementKind.VIEW).toList();
    Set<String> devices = events.stream().map(Seen::device).collect(Collectors.toSet());
    Set<String> prefixes = events.stream().map(Seen::prefix).collect(Collectors.toSet());
    switch (AttackKind.valueOf(a.kind())) {
      case BOT_VIEWS -> {
        long botLike = views.stream().filter(v -> v.watch() <= 1500 || v.watch().equals(v.length())).count();
        assertThat(botLike).as(a.attackId() + " watch times near zero or exactly full").isEqualTo(views.size());
        assertThat(prefixes.size()).isLessThanOrEqualTo(a.networkPrefixes());
      }
      case CLICK_FARM -> {
        assertThat(devices.size()).isLessThanOrEqualTo(a.devices());
        assertThat(prefixes.size()).isLessThanOrEqualTo(a.networkPrefixes());
        assertThat(a.accounts().size()).isGreaterThan(2 * a.devices());
        long realistic = views.stream().filter(v -> v.watch() > 1500 && !v.watch().equals(v.length())).count();
        assertThat((double) realistic / views.size()).as("click farms watch realistically").isGreaterThan(0.5);
      }
      case BOUGHT_LIKES, BOUGHT_FOLLOWS -> {
        EngagementKind kind = a.kind().equals("BOUGHT_LIKES") ? EngagementKind.LIKE : EngagementKind.FOLLOW;
        Set<String> viewed = views.stream().map(Seen::account).collect(Collectors.toSet());
        long blind = events.stream().filter(s -> s.kind() == kind && !viewed.contains(s.account())).count();
        long total = events.stream().filter(s -> s.kind() == kind).count();
        assertThat((double) blind / total).as(a.attackId() + " without a view").isGreaterThan(0.5);
      }
      case LOCKSTEP -> {
        assertThat(a.targets()).hasSizeGreaterThanOrEqualTo(2);
        // Every account hits every target, round after round.
        Map<String, Set<String>> videosByAccount = new HashMap<>();
        views.forEach(v -> videosByAccount.computeIfAbsent(v.account(), k -> new HashSet<>()).add(v.video()));
        long hitAll = videosByAccount.values().stream().filter(s -> s.size() == a.targets().size()).count();
        assertThat((double) hitAll / a.accounts().size()).isGreaterThan(0.8);
      }
      case SLOW_DRIP -> {
        Duration spread = Duration.between(a.start(), a.end());
        assertThat(spread).isGreaterThan(Duration.between(a.plannedStart(), a.plannedEnd()).multipliedBy(8).dividedBy(10));
      }
      case CAMOUFLAGE -> {
        assertThat(cover).as(a.attackId() + " engages honest videos too").isNotEmpty();
        assertThat(cover.stream().map(Seen::video).distinct().count()).isGreaterThan(3);
      }
      case FOLLOW_AND_WITHDRAW -> {
        long followsCount = events.stream().filter(s -> s.kind() == EngagementKind.FOLLOW).count();
        long unfollows = events.stream().filter(s -> s.kind() == EngagementKind.UNFOLLOW).count();
        assertThat(unfollows).as(a.attackId() + " withdraws most follows").isGreaterThan(followsCount / 2);
      }
    }
  }

  private static void verifyOrders(Runs run) throws IOException {
    GroundTruth truth = run.truth();
    List<OrderEvent> orders = readInOrder(run.dir(), Topics.ORDERS, e -> e.getEventTime().toEpochMilli());
    Set<String> published = orders.stream().filter(o -> o.getKind() == OrderEventKind.VIDEO_PUBLISHED)
        .map(OrderEvent::getOrderId).collect(Collectors.toSet());
    Set<String> labelled = new HashSet<>(truth.honestOrders());
    truth.attackedOrders().forEach(o -> assertThat(labelled.add(o.orderId())).as("attacked orders are not honest").isTrue());
    assertThat(labelled).isEqualTo(published);
    Set<String> created = new HashSet<>();
    for (OrderEvent o : orders) {
      if (o.getKind() == OrderEventKind.CREATED) {
        assertThat(o.getPriceMinor()).isPositive();
        assertThat(o.getPrepaidMinor()).isBetween(0L, o.getPriceMinor());
        assertThat(o.getCurrency()).isIn("CNY", "USD");
        created.add(o.getOrderId());
      } else {
        assertThat(created).as("CREATED comes first for " + o.getOrderId()).contains(o.getOrderId());
      }
    }
    for (GroundTruth.RetentionChange c : truth.retentionChanges()) {
      assertThat(orders).anyMatch(o -> o.getKind() == OrderEventKind.RETENTION_CHANGED && o.getOrderId().equals(c.orderId())
          && o.getEventTime().equals(c.at()) && o.getRetentionDays() == c.toDays());
    }
  }

  private static void verifyRetention(Runs run, Map<String, List<Instant>> engagementTimes) throws IOException {
    GroundTruth truth = run.truth();
    Scenario.Retention r = run.scenario().retention();
    assertThat(truth.retentionCases()).hasSize(r.creatorEarlyDeletions() + r.creatorEarlyHidings()
        + r.moderationEarlyRemovals() + r.creatorLateRemovals());
    assertThat(truth.retentionCases().stream().filter(c -> c.actor().equals("CREATOR") && !c.early()).count())
        .isEqualTo(r.creatorLateRemovals());
    assertThat(truth.retentionChanges()).hasSize(r.changes());
    List<VideoLifecycleEvent> lifecycle = readInOrder(run.dir(), Topics.LIFECYCLE, e -> e.getEventTime().toEpochMilli());
    List<OrderEvent> orders = RecordFiles.readAll(run.dir(), Topics.ORDERS);
    for (GroundTruth.RetentionCase c : truth.retentionCases()) {
      assertThat(lifecycle).as("the removal of " + c.videoId()).anyMatch(e -> e.getVideoId().equals(c.videoId())
          && e.getKind() == LifecycleKind.valueOf(c.action()) && e.getActor().name().equals(c.actor())
          && e.getEventTime().equals(c.at()));
      if (c.restoredAt() != null) {
        assertThat(lifecycle).anyMatch(e -> e.getVideoId().equals(c.videoId()) && e.getKind() == LifecycleKind.RESTORED
            && e.getEventTime().equals(c.restoredAt()));
      }
      // The truth's retention end follows from the order stream by the natural-day rule.
      Integer days = null;
      for (OrderEvent o : orders) {
        if (o.getOrderId().equals(c.orderId()) && !o.getEventTime().isAfter(c.at())
            && (o.getKind() == OrderEventKind.CREATED || o.getKind() == OrderEventKind.RETENTION_CHANGED)) {
          days = o.getRetentionDays();
        }
      }
      int effective = days == null ? Retention.DEFAULT_DAYS : days;
      assertThat(c.retentionDays()).isEqualTo(effective);
      Instant end = Instant.ofEpochMilli(Retention.endMs(c.publishedAt().toEpochMilli(), effective, run.scenario().timeZone()));
      assertThat(c.retentionEnd()).isEqualTo(end);
      assertThat(c.early()).isEqualTo(c.at().isBefore(end));
      boolean restoredInGrace = c.action().equals("HIDDEN") && c.restoredAt() != null
          && !c.restoredAt().isAfter(c.at().plus(java.time.Duration.ofHours(24)));
      boolean graceRunsPastEnd = c.action().equals("HIDDEN") && !c.at().plus(java.time.Duration.ofHours(24)).isBefore(c.retentionEnd());
      assertThat(c.violation()).isEqualTo(c.early() && c.actor().equals("CREATOR") && !restoredInGrace && !graceRunsPastEnd);
      // No engagement while the video is down.
      Instant upAgain = c.restoredAt() == null ? Instant.MAX : c.restoredAt();
      for (Instant t : engagementTimes.getOrDefault(c.videoId(), List.of())) {
        assertThat(!t.isBefore(c.at()) && t.isBefore(upAgain)).as("engagement on " + c.videoId() + " while down").isFalse();
      }
    }
  }

  private static void verifyFindings(Runs run) throws IOException {
    List<ContentFinding> findings = RecordFiles.readAll(run.dir(), Topics.CONTENT_FINDINGS);
    assertThat(findings).hasSize(run.scenario().findings().privateDeals());
    for (GroundTruth.PrivateDeal d : run.truth().privateDeals()) {
      assertThat(findings).anyMatch(f -> f.getFindingId().equals(d.findingId()) && f.getCreatorId().equals(d.creatorId())
          && f.getFoundAt().equals(d.foundAt()));
    }
  }

  private static void verifyAppeals(Runs run) throws IOException {
    GroundTruth truth = run.truth();
    Scenario.Appeals asked = run.scenario().appeals();
    assertThat(truth.appeals().stream().filter(a -> a.kind().equals("EARLY_DELETION")).count()).isEqualTo(asked.deletions());
    assertThat(truth.appeals().stream().filter(a -> a.kind().equals("FAKE_TRAFFIC")).count()).isEqualTo(asked.attacks());
    List<ReviewDecision> decisions = readInOrder(run.dir(), Topics.REVIEW_DECISIONS, d -> d.getDecidedAt().toEpochMilli());
    assertThat(decisions).hasSize(truth.appeals().size());
    for (GroundTruth.Appeal a : truth.appeals()) {
      assertThat(decisions).as("the decision on appeal " + a.decisionId()).anyMatch(d -> d.getDecisionId().equals(a.decisionId())
          && d.getCaseId().equals(a.causeId()) && d.getOrderId().equals(a.orderId()) && d.getCreatorId().equals(a.creatorId())
          && d.getPenaltyId().equals(a.penaltyId()) && d.getAppealedAt().equals(a.appealedAt())
          && d.getDecidedAt().equals(a.decidedAt())
          && d.getDecision() == (a.upheld() ? ReviewOutcome.UPHOLD_APPEAL : ReviewOutcome.REJECT_APPEAL)
          && !d.getReviewerId().isBlank() && d.getNote() != null && !d.getNote().isBlank());
    }
  }

  /**
   * The order system's TERMINATED for each terminated order, with the order's parties, after the
   * attack's end; no COMPLETED after it; the creator's deletion after it, inside the retention and the
   * span, with no engagement from then on; listed as no violation and not among the retention cases.
   */
  private static void verifyTerminations(Runs run, Map<String, List<Instant>> engagementTimes) throws IOException {
    GroundTruth truth = run.truth();
    Scenario.Terminations asked = run.scenario().terminations();
    assertThat(truth.terminations()).hasSize(asked.orders());
    List<OrderEvent> orders = RecordFiles.readAll(run.dir(), Topics.ORDERS);
    List<VideoLifecycleEvent> lifecycle = RecordFiles.readAll(run.dir(), Topics.LIFECYCLE);
    Set<String> terminatedOrders = truth.terminations().stream().map(GroundTruth.Termination::orderId).collect(Collectors.toSet());
    assertThat(terminatedOrders).hasSize(truth.terminations().size());
    assertThat(orders.stream().filter(o -> o.getKind() == OrderEventKind.TERMINATED).map(OrderEvent::getOrderId).toList())
        .as("every TERMINATED is listed").containsExactlyInAnyOrderElementsOf(terminatedOrders);
    Set<String> retentionOrders = truth.retentionCases().stream().map(GroundTruth.RetentionCase::orderId).collect(Collectors.toSet());
    for (GroundTruth.Termination t : truth.terminations()) {
      String what = "termination of " + t.orderId();
      assertThat(t.violation()).as(what + ": no retention violation").isFalse();
      assertThat(retentionOrders).as(what + ": not a retention case").doesNotContain(t.orderId());
      GroundTruth.Attack attack = truth.attacks().stream().filter(a -> a.attackId().equals(t.attackId())).findFirst().orElseThrow();
      assertThat(attack.kind()).isEqualTo(t.attackKind()).isIn("BOT_VIEWS", "BOUGHT_LIKES", "BOUGHT_FOLLOWS", "CLICK_FARM");
      assertThat(attack.targets()).extracting(GroundTruth.Target::orderId).contains(t.orderId());
      GroundTruth.Target target = attack.targets().stream().filter(x -> x.orderId().equals(t.orderId())).findFirst().orElseThrow();
      assertThat(List.of(t.videoId(), t.creatorId(), t.advertiserId(), String.valueOf(t.agencyId())))
          .isEqualTo(List.of(target.videoId(), target.creatorId(), target.advertiserId(), String.valueOf(target.agencyId())));
      // The order system answers our termination after the attack: its last event, and its planned end.
      assertThat(attack.end()).isBeforeOrEqualTo(t.attackEnd());
      assertThat(t.attackEnd()).isEqualTo(attack.plannedEnd());
      assertThat(t.terminatedAt()).isEqualTo(t.attackEnd().plus(asked.terminatedAfter())).isBefore(truth.end());

      List<OrderEvent> ofOrder = orders.stream().filter(o -> o.getOrderId().equals(t.orderId())).toList();
      OrderEvent published = ofOrder.stream().filter(o -> o.getKind() == OrderEventKind.VIDEO_PUBLISHED).findFirst().orElseThrow();
      List<OrderEvent> terminated = ofOrder.stream().filter(o -> o.getKind() == OrderEventKind.TERMINATED).toList();
      assertThat(terminated).as(what + ": one TERMINATED").hasSize(1);
      OrderEvent e = terminated.get(0);
      assertThat(e.getEventId()).isEqualTo(t.terminationEventId());
      assertThat(e.getEventTime()).isEqualTo(t.terminatedAt());
      assertThat(e.getVideoId()).isEqualTo(t.videoId());
      assertThat(List.of(e.getAdvertiserId(), e.getCreatorId(), String.valueOf(e.getAgencyId()), e.getVideoId()))
          .as(what + ": the order's parties").isEqualTo(List.of(published.getAdvertiserId(), published.getCreatorId(),
              String.valueOf(published.getAgencyId()), published.getVideoId()));
      assertThat(orders.stream().filter(o -> o.getEventId().equals(t.terminationEventId()))).as("event ids are unique").hasSize(1);
      // The order system completes no order it terminated (nor had it completed this one before).
      assertThat(ofOrder).as(what + ": no COMPLETED").noneMatch(o -> o.getKind() == OrderEventKind.COMPLETED);
      assertThat(ofOrder).as(what + ": nothing after TERMINATED").allMatch(o -> !o.getEventTime().isAfter(t.terminatedAt()));

      if (t.deletedAt() == null) {
        assertThat(t.deletionEventId()).isNull();
        continue;
      }
      assertThat(t.deletedAt()).isEqualTo(t.terminatedAt().plus(asked.deletedAfter())).isBefore(truth.end());
      assertThat(t.deletedAt()).as(what + ": inside the retention").isBefore(t.retentionEnd());
      Integer days = null;
      for (OrderEvent o : ofOrder) {
        if (!o.getEventTime().isAfter(t.deletedAt())
            && (o.getKind() == OrderEventKind.CREATED || o.getKind() == OrderEventKind.RETENTION_CHANGED)) {
          days = o.getRetentionDays();
        }
      }
      int effective = days == null ? Retention.DEFAULT_DAYS : days;
      assertThat(t.retentionDays()).isEqualTo(effective);
      assertThat(t.retentionEnd()).isEqualTo(Instant.ofEpochMilli(Retention.endMs(published.getPublishedAt().toEpochMilli(), effective,
          run.scenario().timeZone())));
      List<VideoLifecycleEvent> removals = lifecycle.stream().filter(l -> l.getVideoId().equals(t.videoId())
          && l.getKind() != LifecycleKind.PUBLISHED).toList();
      assertThat(removals).as(what + ": the one deletion of its video").hasSize(1);
      VideoLifecycleEvent d = removals.get(0);
      assertThat(d.getEventId()).isEqualTo(t.deletionEventId());
      assertThat(d.getKind()).isEqualTo(LifecycleKind.DELETED);
      assertThat(d.getActor().name()).isEqualTo("CREATOR");
      assertThat(d.getCreatorId()).isEqualTo(t.creatorId());
      assertThat(d.getEventTime()).isEqualTo(t.deletedAt());
      for (Instant at : engagementTimes.getOrDefault(t.videoId(), List.of())) {
        assertThat(at).as("engagement on " + t.videoId() + " after its deletion").isBefore(t.deletedAt());
      }
    }
  }

  /** Reads a topic's file and checks keys and event-time order on the way. */
  private static <T extends SpecificRecord> List<T> readInOrder(Path dir, Topic<T> topic, java.util.function.ToLongFunction<T> time)
      throws IOException {
    List<T> out = new ArrayList<>();
    var codec = topic.codec();
    long previous = Long.MIN_VALUE;
    try (RecordFiles.Reader reader = new RecordFiles.Reader(RecordFiles.file(dir, topic))) {
      while (reader.next()) {
        T record = codec.decode(reader.value());
        long t = time.applyAsLong(record);
        assertThat(t).isEqualTo(reader.eventTimeMs()).isGreaterThanOrEqualTo(previous);
        previous = t;
        assertThat(reader.keyText()).isEqualTo(String.valueOf(record.get(record.getSchema().getField(topic.keyField()).pos())));
        out.add(record);
      }
    }
    return out;
  }
}
