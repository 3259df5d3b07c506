package com.creatormarket.integrity.enforcement;

import static com.creatormarket.integrity.enforcement.Fixtures.T0;

import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.RetentionOutcome;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.common.CauseIds;
import com.creatormarket.integrity.common.StableIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A marketplace's worth of enforcement input, generated from a seed: creators with orders (some
 * completed or cancelled), early deletions and hidings (some re-delivered), platform removals,
 * private deals, fake-traffic cases at every level with every kind of review decision, decisions
 * before their case, for unknown cases and for closed cases, dismissals after enforcement, appeals
 * upheld, rejected and filed too late; causes about creators and orders the
 * order system never mentioned, and a finding that comes shortly before its creator's first order.
 * Each topic is in event-time order, as producers write it. Knows which penalties the business rules
 * call for, and which causes go to dead letters because their party never appeared.
 */
final class Scenario {

  final List<OrderEvent> orders = new ArrayList<>();
  final List<RetentionViolation> violations = new ArrayList<>();
  final List<FlaggedCase> cases = new ArrayList<>();
  final List<ReviewDecision> decisions = new ArrayList<>();
  final List<ContentFinding> findings = new ArrayList<>();

  /** Ids of the penalties the rules call for: one per distinct cause that is the creator's fault and confirmed. */
  final Set<String> expectedPenaltyIds = new HashSet<>();
  /** A case nobody decides: overdue after review.escalate-after, closed without penalty after review.default-after. */
  static final String CASE_LEFT_AT_REVIEW = "case-left-at-review";

  /** Penalties the rules would have called for but that a termination before the removal set aside. */
  final Set<String> expectedSetAsideAfterTermination = new HashSet<>();
  /** Penalties reversed: a case dismissed after its enforcement, or an appeal upheld within the window. */
  final Set<String> expectedReversalIds = new HashSet<>();
  /** Decisions that must end in dead letters: for unknown cases, a second one for a closed case, an appeal filed too late. */
  final Set<String> expectedRejectedDecisionIds = new HashSet<>();
  /**
   * Causes that must end in dead letters, by cause id -> reason code (unknown-creator, unknown-order): no order event
   * of their party at or before the cause's time plus {@code ledger.unknown-party-wait}.
   */
  final Map<String, String> expectedUnknownPartyCauses = new TreeMap<>();

  private final Random random;
  /** Appeals draw from their own stream, so the rest of the seeded scenario stays as it was before appeals existed. */
  private final Random appeals;

  /** The ledger's default {@code ledger.unknown-party-wait}, which the test runs with. */
  static final Duration UNKNOWN_PARTY_WAIT = EnforcementOptions.UNKNOWN_PARTY_WAIT.defaultValue();

  Scenario(long seed, int creators) {
    random = new Random(seed);
    appeals = new Random(seed + 1);
    for (int c = 0; c < creators; c++) {
      creator("creator-" + c, c % 5 == 4 ? null : "agency-" + (c % 5));
    }
    for (int u = 0; u < 3; u++) {
      decisions.add(Fixtures.decision("decision-unknown-" + u, "case-never-flagged-" + u, ReviewOutcome.CONFIRM,
          at(Duration.ofDays(10 + u))));
      expectedRejectedDecisionIds.add("decision-unknown-" + u);
    }
    partiesNeverSeen();
    leftAtReview();
    expectFindings();
    orders.sort(Comparator.comparing(OrderEvent::getEventTime).thenComparing(OrderEvent::getEventId));
    violations.sort(Comparator.comparing(RetentionViolation::getDecidedAt).thenComparing(RetentionViolation::getViolationId));
    cases.sort(Comparator.comparing(FlaggedCase::getLastEventTime).thenComparing(FlaggedCase::getCaseVersionId));
    decisions.sort(Comparator.comparing(ReviewDecision::getDecidedAt).thenComparing(ReviewDecision::getDecisionId));
    findings.sort(Comparator.comparing(ContentFinding::getFoundAt).thenComparing(ContentFinding::getFindingId));
  }

  int inputRecords() {
    return orders.size() + violations.size() + cases.size() + decisions.size() + findings.size();
  }

  private static Instant at(Duration sinceT0) {
    return T0.plus(sinceT0);
  }

  private Duration hours(int min, int max) {
    return Duration.ofHours(min + random.nextInt(max - min + 1)).plusMinutes(random.nextInt(60));
  }

  /** An order's life as the ledger will know it: created, and ended (completed or cancelled) or not. */
  private record OrderLife(Instant created, Instant ended) {
    boolean inProgressAt(Instant t) {
      return !created.isAfter(t) && (ended == null || ended.isAfter(t));
    }
  }

  /** A penalised retention violation and the appeal against it, if any: undone when its order was terminated first. */
  private record Removal(String orderId, Instant removed, String penaltyId, String appealId) {}

  private void creator(String creator, String agency) {
    List<String> published = new ArrayList<>();
    List<Instant> publishedAt = new ArrayList<>();
    Map<String, OrderLife> lives = new HashMap<>();
    List<Removal> removals = new ArrayList<>();
    int count = 2 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      String order = creator + "-order-" + i;
      // Orders over three months, so that event time (and the watermark) moves on for as long as violations come.
      Instant created = at(hours(0, 24 * 90));
      orders.add(Fixtures.created(order, creator, "adv-" + order, agency, 1_000L * (5 + random.nextInt(200)), created));
      double fate = random.nextDouble();
      if (fate < 0.1) {
        Instant cancelled = created.plus(hours(2, 48));
        orders.add(event(order, OrderEventKind.CANCELLED, creator, cancelled));
        lives.put(order, new OrderLife(created, cancelled));
        continue;
      }
      Instant pub = created.plus(hours(12, 72));
      orders.add(Fixtures.published(order, creator, pub));
      published.add(order);
      publishedAt.add(pub);
      Instant completed = null;
      if (fate > 0.7) {
        completed = pub.plus(hours(24, 24 * 10));
        orders.add(event(order, OrderEventKind.COMPLETED, creator, completed));
      }
      lives.put(order, new OrderLife(created, completed));
    }
    // Retention: early deletions and hidings, some delivered twice; platform removals, which cost nothing.
    for (int i = 0; i < published.size(); i++) {
      if (random.nextDouble() >= 0.3) {
        continue;
      }
      double kind = random.nextDouble();
      RetentionOutcome outcome = kind < 0.5 ? RetentionOutcome.EARLY_DELETION
          : kind < 0.85 ? RetentionOutcome.EARLY_HIDING : RetentionOutcome.PLATFORM_REMOVAL;
      Instant removed = publishedAt.get(i).plus(hours(24, 24 * 20));
      // A hiding carries the id the retention job gives it, so that the end of the hiding can name it.
      String id = outcome == RetentionOutcome.EARLY_HIDING
          ? CauseIds.retentionViolation(published.get(i), "video-" + published.get(i), removed.toEpochMilli(), LifecycleKind.HIDDEN)
          : StableIds.of("rv", published.get(i), outcome);
      RetentionViolation v = Fixtures.violation(id, outcome, published.get(i), creator, agency, publishedAt.get(i), removed);
      violations.add(v);
      if (outcome == RetentionOutcome.EARLY_HIDING) {
        // Back three days later: the retention job closes the hiding, and its pro-rata refund follows (issue #15).
        Instant back = removed.plus(Duration.ofDays(3));
        violations.add(RetentionViolation.newBuilder(v).setViolationId(CauseIds.hidingEnded(id))
            .setOutcome(RetentionOutcome.HIDING_ENDED).setHidingEndedAt(back).setDecidedAt(back).build());
      }
      if (random.nextDouble() < 0.15) {
        violations.add(RetentionViolation.newBuilder(v).setDecidedAt(v.getDecidedAt().plusSeconds(3600)).build());
      }
      if (outcome != RetentionOutcome.PLATFORM_REMOVAL) {
        String penalty = StableIds.of("penalty", id, creator);
        expectedPenaltyIds.add(penalty);
        String appeal = appeals.nextDouble() < 0.3 ? appeal(creator, id, removed) : null;
        removals.add(new Removal(published.get(i), removed, penalty, appeal));
      }
    }
    // Private deals, one in five delivered twice; whether each is penalised depends on when the creator's first
    // order event comes (expectFindings): one found long before it is about a creator the marketplace does not know yet.
    if (random.nextDouble() < 0.15) {
      ContentFinding f = Fixtures.privateDeal("finding-" + creator, creator, at(hours(24, 24 * 90)));
      findings.add(f);
      if (random.nextDouble() < 0.2) {
        findings.add(ContentFinding.newBuilder(f).setFoundAt(f.getFoundAt().plusSeconds(600)).build());
      }
    }
    // Fake-traffic cases on a published order.
    if (!published.isEmpty() && random.nextDouble() < 0.3) {
      int i = random.nextInt(published.size());
      Instant enforced = fakeTrafficCase(creator, agency, published.get(i), publishedAt.get(i));
      if (enforced != null) {
        terminatedBeforeRemoval(creator, enforced, lives, removals);
      }
    }
  }

  /**
   * The case ended every order of the creator in progress at its time: a video of such an order that came down at or
   * after that owed no retention any more. Its violation is set aside (`order-terminated`), so no penalty, and an
   * appeal against that penalty finds none (`unknown-penalty`).
   */
  private void terminatedBeforeRemoval(String creator, Instant enforced, Map<String, OrderLife> lives, List<Removal> removals) {
    for (Removal r : removals) {
      if (lives.get(r.orderId()).inProgressAt(enforced) && !r.removed().isBefore(enforced)) {
        expectedPenaltyIds.remove(r.penaltyId());
        expectedSetAsideAfterTermination.add(r.penaltyId());
        if (r.appealId() != null) {
          expectedReversalIds.remove(StableIds.of("reversal", r.penaltyId()));
          expectedRejectedDecisionIds.add(r.appealId());
        }
      }
    }
  }

  /**
   * Causes about parties the order system never mentioned, which must penalise no one: a finding of a creator without
   * any order, an early deletion and an enforced case naming orders that do not exist; and a finding 2 hours before
   * its creator's first order, within the wait, which is penalised once the order is created (what is expected of
   * the findings, expectFindings works out). No randomness: the seeded part of the scenario stays as it was.
   */
  private void partiesNeverSeen() {
    findings.add(Fixtures.privateDeal("finding-of-creator-never-seen", "creator-never-seen", at(Duration.ofDays(20))));

    // creator-0 has orders from early on; these name orders it never had.
    String ghostOrder = "creator-0-order-never-seen";
    RetentionViolation v = Fixtures.violation(StableIds.of("rv", ghostOrder, RetentionOutcome.EARLY_DELETION),
        RetentionOutcome.EARLY_DELETION, ghostOrder, "creator-0", "agency-0", at(Duration.ofDays(60)), at(Duration.ofDays(95)));
    violations.add(v);
    expectedUnknownPartyCauses.put(v.getViolationId(), "unknown-order");
    String ghostCase = StableIds.of("case", "creator-1-order-never-seen");
    cases.add(version(ghostCase, 1, ResponseLevel.ENFORCE, "creator-1-order-never-seen", "creator-1", "agency-1",
        at(Duration.ofDays(95))));
    expectedUnknownPartyCauses.put(ghostCase, "unknown-order");

    String late = "creator-found-before-first-order";
    Instant firstOrder = at(Duration.ofDays(40));
    orders.add(Fixtures.created(late + "-order-0", late, "adv-" + late, null, 80_000L, firstOrder));
    findings.add(Fixtures.privateDeal("finding-" + late, late, firstOrder.minus(Duration.ofHours(2))));
  }

  /** A creator with one order whose case stays at REVIEW with no decision (no randomness, like partiesNeverSeen). */
  private void leftAtReview() {
    String creator = "creator-left-at-review";
    orders.add(Fixtures.created(creator + "-order-0", creator, "adv-" + creator, null, 50_000L, at(Duration.ofDays(20))));
    cases.add(version(CASE_LEFT_AT_REVIEW, 1, ResponseLevel.REVIEW, creator + "-order-0", creator, null, at(Duration.ofDays(25))));
  }

  /**
   * A finding is penalised when its creator has an order event at or before the finding's time plus the wait (the
   * ledger remembers parties far longer than this scenario lasts); otherwise it goes to dead letters. A finding
   * delivered twice is one cause: its first delivery decides.
   */
  private void expectFindings() {
    Map<String, Instant> firstOrderEvent = new HashMap<>();
    orders.forEach(o -> firstOrderEvent.merge(o.getCreatorId(), o.getEventTime(), (a, b) -> a.isBefore(b) ? a : b));
    Map<String, ContentFinding> firstDelivery = new HashMap<>();
    findings.forEach(f -> firstDelivery.merge(f.getFindingId(), f, (a, b) -> a.getFoundAt().isBefore(b.getFoundAt()) ? a : b));
    for (ContentFinding f : firstDelivery.values()) {
      Instant first = firstOrderEvent.get(f.getCreatorId());
      if (first != null && !first.isAfter(f.getFoundAt().plus(UNKNOWN_PARTY_WAIT))) {
        expectedPenaltyIds.add(StableIds.of("penalty", f.getFindingId(), f.getCreatorId()));
      } else {
        expectedUnknownPartyCauses.put(f.getFindingId(), "unknown-creator");
      }
    }
  }

  /** A case on the order, decided in one of several ways; returns when it was enforced, or null when it was not. */
  private Instant fakeTrafficCase(String creator, String agency, String order, Instant published) {
    String caseId = StableIds.of("case", order);
    Instant first = published.plus(hours(2, 24 * 5));
    Instant second = first.plus(hours(1, 12));
    double fate = random.nextDouble();
    Instant enforced;
    if (fate < 0.25) {
      // The detector is sure at once.
      cases.add(version(caseId, 1, ResponseLevel.ENFORCE, order, creator, agency, first));
      cases.add(version(caseId, 2, ResponseLevel.ENFORCE, order, creator, agency, second));
      enforced = first;
    } else if (fate < 0.35) {
      // Review, then the detector escalates to enforce; a reviewer dismisses the case after that: a reversal.
      cases.add(version(caseId, 1, ResponseLevel.REVIEW, order, creator, agency, first));
      cases.add(version(caseId, 2, ResponseLevel.ENFORCE, order, creator, agency, second));
      decisions.add(decision(caseId, 1, ReviewOutcome.DISMISS, second.plus(hours(1, 5))));
      expectedReversalIds.add(StableIds.of("reversal", StableIds.of("penalty", caseId, creator)));
      enforced = second;
    } else if (fate < 0.55) {
      cases.add(version(caseId, 1, ResponseLevel.REVIEW, order, creator, agency, first));
      Instant confirmed = first.plus(hours(1, 48));
      decisions.add(decision(caseId, 1, ReviewOutcome.CONFIRM, confirmed));
      enforced = confirmed;
    } else if (fate < 0.65) {
      // Confirmed, then a second reviewer dismisses it (a reversal), and a third confirms the closed case again.
      cases.add(version(caseId, 1, ResponseLevel.REVIEW, order, creator, agency, first));
      Instant confirmed = first.plus(hours(1, 48));
      decisions.add(decision(caseId, 1, ReviewOutcome.CONFIRM, confirmed));
      decisions.add(decision(caseId, 2, ReviewOutcome.DISMISS, confirmed.plus(hours(1, 5))));
      decisions.add(decision(caseId, 3, ReviewOutcome.CONFIRM, confirmed.plus(hours(6, 12))));
      expectedReversalIds.add(StableIds.of("reversal", StableIds.of("penalty", caseId, creator)));
      expectedRejectedDecisionIds.add(caseId + "-decision-3");
      enforced = confirmed;
    } else if (fate < 0.72) {
      // The decision comes before its case (in event time and on the topic).
      decisions.add(decision(caseId, 1, ReviewOutcome.CONFIRM, first.minus(Duration.ofHours(2))));
      cases.add(version(caseId, 1, ResponseLevel.REVIEW, order, creator, agency, first));
      enforced = first;
    } else if (fate < 0.82) {
      cases.add(version(caseId, 1, ResponseLevel.REVIEW, order, creator, agency, first));
      decisions.add(decision(caseId, 1, ReviewOutcome.ESCALATE, first.plus(hours(1, 10))));
      Instant confirmed = first.plus(hours(11, 30));
      decisions.add(decision(caseId, 2, ReviewOutcome.CONFIRM, confirmed));
      enforced = confirmed;
    } else if (fate < 0.92) {
      cases.add(version(caseId, 1, ResponseLevel.REVIEW, order, creator, agency, first));
      decisions.add(decision(caseId, 1, ReviewOutcome.DISMISS, first.plus(hours(1, 48))));
      enforced = null;
    } else {
      // Recorded only; nobody decides.
      cases.add(version(caseId, 1, ResponseLevel.RECORD_ONLY, order, creator, agency, first));
      enforced = null;
    }
    if (enforced != null) {
      expectedPenaltyIds.add(StableIds.of("penalty", caseId, creator));
    }
    return enforced;
  }

  /**
   * A creator's appeal against the penalty of an early removal (decided at {@code penalisedAt}): upheld within the
   * window (a reversal), rejected (nothing), or filed after the 7-day window (a dead letter; the penalty stands).
   */
  private String appeal(String creator, String causeId, Instant penalisedAt) {
    double fate = appeals.nextDouble();
    String id = causeId + "-appeal";
    if (fate < 0.25) {
      Instant filed = penalisedAt.plus(Duration.ofDays(8).plusMinutes(appeals.nextInt(48 * 60)));
      decisions.add(Fixtures.appeal(id, creator, causeId, ReviewOutcome.UPHOLD_APPEAL, filed, filed.plus(Duration.ofHours(5))));
      expectedRejectedDecisionIds.add(id);
      return id;
    }
    Instant filed = penalisedAt.plus(Duration.ofMinutes(1 + appeals.nextInt(6 * 24 * 60)));
    Instant decided = filed.plus(Duration.ofMinutes(1 + appeals.nextInt(72 * 60)));
    if (fate < 0.5) {
      decisions.add(Fixtures.appeal(id, creator, causeId, ReviewOutcome.REJECT_APPEAL, filed, decided));
    } else {
      decisions.add(Fixtures.appeal(id, creator, causeId, ReviewOutcome.UPHOLD_APPEAL, filed, decided));
      expectedReversalIds.add(StableIds.of("reversal", StableIds.of("penalty", causeId, creator)));
    }
    return id;
  }

  private static FlaggedCase version(String caseId, int v, ResponseLevel level, String order, String creator, String agency,
      Instant at) {
    return Fixtures.flagged(caseId, v, level, order, creator, agency, at);
  }

  private static ReviewDecision decision(String caseId, int n, ReviewOutcome outcome, Instant at) {
    return Fixtures.decision(caseId + "-decision-" + n, caseId, outcome, at);
  }

  private static OrderEvent event(String order, OrderEventKind kind, String creator, Instant at) {
    return OrderEvent.newBuilder().setEventId(order + "-" + kind).setOrderId(order).setKind(kind)
        .setAdvertiserId("adv-" + order).setCreatorId(creator).setEventTime(at).build();
  }
}
