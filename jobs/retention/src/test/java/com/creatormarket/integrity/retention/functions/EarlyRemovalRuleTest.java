package com.creatormarket.integrity.retention.functions;

import static com.creatormarket.integrity.retention.Fixtures.DAY;
import static com.creatormarket.integrity.retention.Fixtures.HOUR;
import static com.creatormarket.integrity.retention.Fixtures.MINUTE;
import static com.creatormarket.integrity.retention.Fixtures.cancelled;
import static com.creatormarket.integrity.retention.Fixtures.changed;
import static com.creatormarket.integrity.retention.Fixtures.created;
import static com.creatormarket.integrity.retention.Fixtures.defaultPolicy;
import static com.creatormarket.integrity.retention.Fixtures.deleted;
import static com.creatormarket.integrity.retention.Fixtures.hidden;
import static com.creatormarket.integrity.retention.Fixtures.lifecycle;
import static com.creatormarket.integrity.retention.Fixtures.local;
import static com.creatormarket.integrity.retention.Fixtures.policy;
import static com.creatormarket.integrity.retention.Fixtures.published;
import static com.creatormarket.integrity.retention.Fixtures.restored;
import static com.creatormarket.integrity.retention.Fixtures.terminated;
import static com.creatormarket.integrity.retention.Fixtures.terms;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.Actor;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.RetentionOutcome;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.common.CauseIds;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.retention.model.OrderTerms;
import com.creatormarket.integrity.retention.model.RetentionPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EarlyRemovalRuleTest {

  private static final long PUB = local("2026-03-01T10:00");
  /** 60 natural days after 1 March in Shanghai. */
  private static final long END = local("2026-04-30T00:00");

  private final RetentionPolicy policy = defaultPolicy();
  private RuleHarness rule;

  @AfterEach
  void close() throws Exception {
    if (rule != null) {
      rule.close();
    }
  }

  private static OrderTerms order(String orderId, String videoId) {
    return terms(created(orderId, null, "mcn-1", PUB - DAY), published(orderId, videoId, PUB, PUB + 5 * MINUTE));
  }

  private RuleHarness withOrder(String orderId, String videoId) throws Exception {
    rule = new RuleHarness(policy);
    return rule.order(order(orderId, videoId), PUB + 5 * MINUTE);
  }

  private void assertNothingLeft() {
    assertThat(rule.stateEntries()).as("keyed state entries").isZero();
    assertThat(rule.timers()).as("event-time timers").isZero();
  }

  private static RetentionViolation expected(String orderId, String videoId, RetentionOutcome outcome, LifecycleKind kind,
      Actor actor, long removedAt, long decidedAt, int days, long end, int hideCount) {
    return RetentionViolation.newBuilder()
        .setViolationId(StableIds.of("retention-violation", orderId, videoId, removedAt, kind))
        .setOrderId(orderId).setVideoId(videoId).setCreatorId("creator-1").setAdvertiserId("adv-" + orderId)
        .setAgencyId("mcn-1").setOutcome(outcome).setRemovalKind(kind).setActor(actor)
        .setPublishedAt(Instant.ofEpochMilli(PUB)).setRetentionDays(days).setRetentionEnd(Instant.ofEpochMilli(end))
        .setRemovedAt(Instant.ofEpochMilli(removedAt)).setDecidedAt(Instant.ofEpochMilli(decidedAt))
        .setHideCount(hideCount).setTimeZone("Asia/Shanghai").build();
  }

  /** The HIDING_ENDED that closes the early hiding of {@code hiddenAt} for an order. */
  private static RetentionViolation ended(String orderId, String videoId, long hiddenAt, long endedAt, int hideCount) {
    RetentionViolation hiding = expected(orderId, videoId, RetentionOutcome.EARLY_HIDING, LifecycleKind.HIDDEN,
        Actor.CREATOR, hiddenAt, endedAt, 60, END, hideCount);
    return RetentionViolation.newBuilder(hiding)
        .setViolationId(CauseIds.hidingEnded(hiding.getViolationId()))
        .setOutcome(RetentionOutcome.HIDING_ENDED)
        .setHidingEndedAt(Instant.ofEpochMilli(endedAt))
        .build();
  }

  @Test
  void emitsViolationAtOnceWhenDeletedBeforeRetentionEndWithItsEvidence() throws Exception {
    long removedAt = END - 1;
    withOrder("o1", "v1").lifecycle(deleted("v1", removedAt));

    rule.watermark(policy.decisionTime(removedAt) - 1);
    assertThat(rule.newViolations()).as("not before the decision delay").isEmpty();

    rule.decide(removedAt);
    assertThat(rule.newViolations()).containsExactly(expected("o1", "v1", RetentionOutcome.EARLY_DELETION,
        LifecycleKind.DELETED, Actor.CREATOR, removedAt, removedAt, 60, END, 0));
    assertNothingLeft();
  }

  @Test
  void videoMayComeDownFromMidnightOfTheRetentionEndWhateverTheTimeOfPublication() throws Exception {
    rule = new RuleHarness(policy);
    long earliest = local("2026-03-01T00:00");
    long latest = local("2026-03-01T23:59:59.999");
    rule.order(terms(published("early", "v-early", earliest, earliest)), earliest)
        .order(terms(published("late", "v-late", latest, latest)), latest)
        .lifecycle(deleted("v-early", END))
        .lifecycle(deleted("v-late", END))
        .decide(END);
    assertThat(rule.newViolations()).isEmpty();
    assertNothingLeft();
  }

  @Test
  void stateAndTimersAreGoneAtTheRetentionEndAndALaterDeletionIsNoViolation() throws Exception {
    withOrder("o1", "v1").decide(END - 1);
    assertThat(rule.stateEntries()).as("watched until the end").isPositive();

    rule.decide(END);
    assertNothingLeft();

    rule.lifecycle(deleted("v1", END + 5 * DAY)).decide(END + 5 * DAY);
    assertThat(rule.allViolations()).isEmpty();
    assertNothingLeft();
  }

  @Test
  void hidingRestoredWithinGraceIsNoViolation() throws Exception {
    long first = local("2026-03-10T20:00");
    long second = local("2026-03-20T20:00");
    withOrder("o1", "v1")
        .lifecycle(hidden("v1", first)).lifecycle(restored("v1", first + 23 * HOUR))
        // A restore exactly at the grace end is still in time.
        .lifecycle(hidden("v1", second)).lifecycle(restored("v1", second + 24 * HOUR))
        .decide(second + 48 * HOUR);
    assertThat(rule.newViolations()).isEmpty();
    rule.decide(END);
    assertNothingLeft();
  }

  @Test
  void emitsViolationAtGraceEndWhenHiddenPastGracePeriod() throws Exception {
    long hiddenAt = local("2026-03-10T20:00");
    long graceEnd = hiddenAt + 24 * HOUR;
    withOrder("o1", "v1").lifecycle(hidden("v1", hiddenAt)).lifecycle(restored("v1", graceEnd + 1));

    rule.watermark(policy.decisionTime(graceEnd) - 1);
    assertThat(rule.newViolations()).isEmpty();
    rule.decide(graceEnd);
    assertThat(rule.newViolations()).containsExactly(expected("o1", "v1", RetentionOutcome.EARLY_HIDING,
        LifecycleKind.HIDDEN, Actor.CREATOR, hiddenAt, graceEnd, 60, END, 1));

    // The restore closes the hiding: its refund is for the time it was really hidden.
    rule.decide(END);
    assertThat(rule.newViolations()).containsExactly(ended("o1", "v1", hiddenAt, graceEnd + 1, 1));
    assertNothingLeft();
  }

  @Test
  void aViolationCarriesTheReasonItsRemovalStatedAndAHidingKeepsItsReasonUntilJudged() throws Exception {
    long hiddenAt = local("2026-03-10T20:00");
    long graceEnd = hiddenAt + 24 * HOUR;
    VideoLifecycleEvent hiding = hidden("v1", hiddenAt);
    hiding.setReason("reshooting the product shots");
    withOrder("o1", "v1").lifecycle(hiding).lifecycle(restored("v1", graceEnd + 1)).decide(END);
    assertThat(rule.newViolations()).extracting(v -> v.getOutcome() + ": " + v.getRemovalReason())
        .containsExactly("EARLY_HIDING: reshooting the product shots", "HIDING_ENDED: reshooting the product shots");

    VideoLifecycleEvent deletion = deleted("v1", END - 1);
    deletion.setReason("the brand asked for it");
    withOrder("o1", "v1").lifecycle(deletion).decide(END - 1);
    assertThat(rule.newViolations()).extracting(v -> v.getOutcome() + ": " + v.getRemovalReason())
        .containsExactly("EARLY_DELETION: the brand asked for it");
  }

  @Test
  void hideRestoreCyclesBeyondTheToleratedOnesCountAtOnce() throws Exception {
    withOrder("o1", "v1");
    for (String day : List.of("2026-03-05", "2026-03-10")) {
      long at = local(day + "T09:00");
      rule.lifecycle(hidden("v1", at)).lifecycle(restored("v1", at + HOUR));
    }
    long third = local("2026-03-15T09:00");
    long fourth = local("2026-03-20T09:00");
    rule.lifecycle(hidden("v1", third)).lifecycle(restored("v1", third + HOUR))
        .lifecycle(hidden("v1", fourth)) // never restored: judged once, at the hiding
        .decide(END);

    assertThat(rule.newViolations()).containsExactly(
        expected("o1", "v1", RetentionOutcome.EARLY_HIDING, LifecycleKind.HIDDEN, Actor.CREATOR, third, third, 60, END, 3),
        ended("o1", "v1", third, third + HOUR, 3),
        expected("o1", "v1", RetentionOutcome.EARLY_HIDING, LifecycleKind.HIDDEN, Actor.CREATOR, fourth, fourth, 60, END, 4),
        // Still hidden when the duty ends: closed at the retention end.
        ended("o1", "v1", fourth, END, 4));
    assertNothingLeft();
  }

  @Test
  void withNoToleratedCyclesEveryHidingCounts() throws Exception {
    RetentionPolicy strict = policy(Map.of("retention.tolerated-hide-cycles", "0"));
    rule = new RuleHarness(strict);
    long at = local("2026-03-05T09:00");
    rule.order(order("o1", "v1"), PUB).lifecycle(hidden("v1", at)).lifecycle(restored("v1", at + MINUTE)).decide(END);
    assertThat(rule.newViolations()).containsExactly(
        expected("o1", "v1", RetentionOutcome.EARLY_HIDING, LifecycleKind.HIDDEN, Actor.CREATOR, at, at, 60, END, 1),
        ended("o1", "v1", at, at + MINUTE, 1));
    assertNothingLeft();
  }

  @Test
  void moderationRemovalIsAPlatformRemovalWithoutPenaltyCause() throws Exception {
    rule = new RuleHarness(policy);
    long deletedAt = local("2026-03-07T08:00");
    long hiddenAt = local("2026-03-08T08:00");
    rule.order(order("o1", "v1"), PUB).order(order("o2", "v2"), PUB).order(order("o3", "v3"), PUB)
        .lifecycle(lifecycle(LifecycleKind.DELETED, "v1", Actor.PLATFORM_MODERATION, deletedAt))
        .lifecycle(lifecycle(LifecycleKind.HIDDEN, "v2", Actor.PLATFORM_MODERATION, hiddenAt));
    // Moderation hidings restored in time neither count nor use up the creator's tolerated cycles.
    for (int i = 0; i < 3; i++) {
      long at = local("2026-03-1" + i + "T08:00");
      rule.lifecycle(lifecycle(LifecycleKind.HIDDEN, "v3", Actor.PLATFORM_MODERATION, at))
          .lifecycle(lifecycle(LifecycleKind.RESTORED, "v3", Actor.PLATFORM_MODERATION, at + HOUR));
    }
    rule.lifecycle(hidden("v3", local("2026-03-20T08:00"))).lifecycle(restored("v3", local("2026-03-20T09:00")));
    rule.decide(END);

    assertThat(rule.newViolations()).containsExactlyInAnyOrder(
        expected("o1", "v1", RetentionOutcome.PLATFORM_REMOVAL, LifecycleKind.DELETED, Actor.PLATFORM_MODERATION,
            deletedAt, deletedAt, 60, END, 0),
        expected("o2", "v2", RetentionOutcome.PLATFORM_REMOVAL, LifecycleKind.HIDDEN, Actor.PLATFORM_MODERATION,
            hiddenAt, hiddenAt + 24 * HOUR, 60, END, 1));
    assertNothingLeft();
  }

  @Test
  void lifecycleEventsArrivingBeforeTheOrdersPublicationAreJudgedOnceItArrives() throws Exception {
    rule = new RuleHarness(policy);
    long deletedAt = PUB + 10 * MINUTE;
    rule.lifecycle(deleted("v1", deletedAt)).watermark(PUB + 30 * MINUTE);
    // The order system reports the publication 40 minutes late: within the publication wait.
    rule.order(order("o1", "v1"), PUB + 40 * MINUTE).decide(deletedAt);
    assertThat(rule.newViolations()).extracting(RetentionViolation::getViolationId)
        .containsExactly(StableIds.of("retention-violation", "o1", "v1", deletedAt, LifecycleKind.DELETED));
    assertNothingLeft();
  }

  @Test
  void orderReportedLaterThanThePublicationWaitIsWatchedOnlyFromThen() throws Exception {
    rule = new RuleHarness(policy);
    long deletedAt = PUB + 10 * MINUTE;
    rule.lifecycle(deleted("v1", deletedAt)).decide(deletedAt);
    assertNothingLeft();
    rule.order(order("o1", "v1"), PUB + 3 * HOUR).decide(END);
    assertThat(rule.allViolations()).isEmpty();
    assertNothingLeft();
  }

  @Test
  void restoreArrivingBeforeItsHidingIsStillInTime() throws Exception {
    long hiddenAt = local("2026-03-10T20:00");
    withOrder("o1", "v1")
        .lifecycle(restored("v1", hiddenAt + 2 * HOUR))
        .lifecycle(hidden("v1", hiddenAt))
        .decide(END);
    assertThat(rule.newViolations()).isEmpty();
    assertNothingLeft();
  }

  @Test
  void aVideoOfSeveralOrdersYieldsOneViolationPerOrderInForce() throws Exception {
    rule = new RuleHarness(policy);
    for (String o : List.of("a", "b")) {
      rule.order(order(o, "v1"), PUB);
    }
    rule.order(terms(created("c", 90, "mcn-1", PUB - DAY), published("c", "v1", PUB, PUB)), PUB);
    rule.order(order("d", "v2"), PUB);
    rule.order(terms(created("e", 90, "mcn-1", PUB - DAY), published("e", "v2", PUB, PUB)), PUB);
    long early = local("2026-03-31T12:00");
    long afterSixty = local("2026-05-05T12:00");
    long end90 = local("2026-05-30T00:00");
    rule.lifecycle(deleted("v1", early)).lifecycle(deleted("v2", afterSixty)).decide(end90);

    assertThat(rule.newViolations()).containsExactlyInAnyOrder(
        expected("a", "v1", RetentionOutcome.EARLY_DELETION, LifecycleKind.DELETED, Actor.CREATOR, early, early, 60, END, 0),
        expected("b", "v1", RetentionOutcome.EARLY_DELETION, LifecycleKind.DELETED, Actor.CREATOR, early, early, 60, END, 0),
        expected("c", "v1", RetentionOutcome.EARLY_DELETION, LifecycleKind.DELETED, Actor.CREATOR, early, early, 90, end90, 0),
        expected("e", "v2", RetentionOutcome.EARLY_DELETION, LifecycleKind.DELETED, Actor.CREATOR, afterSixty, afterSixty, 90, end90, 0));
    assertNothingLeft();
  }

  @Test
  void agreedExtensionMovesTheEndLater() throws Exception {
    long agreedAt = local("2026-04-20T12:00");
    long removedAt = local("2026-05-15T12:00");
    long end90 = local("2026-05-30T00:00");
    withOrder("o1", "v1")
        .order(terms(published("o1", "v1", PUB, PUB), changed("o1", "v1", 90, agreedAt)), agreedAt)
        .lifecycle(deleted("v1", removedAt))
        .decide(end90);
    assertThat(rule.newViolations()).containsExactly(expected("o1", "v1", RetentionOutcome.EARLY_DELETION,
        LifecycleKind.DELETED, Actor.CREATOR, removedAt, removedAt, 90, end90, 0));
    assertNothingLeft();
  }

  @Test
  void agreedShorteningMovesTheEndEarlier() throws Exception {
    long agreedAt = local("2026-03-10T12:00");
    withOrder("o1", "v1").order(terms(published("o1", "v1", PUB, PUB), changed("o1", "v1", 30, agreedAt)), agreedAt);
    rule.decide(local("2026-03-31T00:00"));
    assertNothingLeft();
    rule.lifecycle(deleted("v1", local("2026-04-09T12:00"))).decide(END);
    assertThat(rule.allViolations()).isEmpty();
    assertNothingLeft();
  }

  @Test
  void changeAgreedAfterTheRemovalDoesNotExcuseIt() throws Exception {
    long removedAt = local("2026-04-10T12:00");
    long agreedAt = removedAt + 30 * MINUTE;
    withOrder("o1", "v1")
        .lifecycle(deleted("v1", removedAt))
        .order(terms(published("o1", "v1", PUB, PUB), changed("o1", "v1", 30, agreedAt)), agreedAt)
        .decide(END);
    assertThat(rule.newViolations()).containsExactly(expected("o1", "v1", RetentionOutcome.EARLY_DELETION,
        LifecycleKind.DELETED, Actor.CREATOR, removedAt, removedAt, 60, END, 0));
    assertNothingLeft();
  }

  @Test
  void cancelledOrderIsNoLongerWatched() throws Exception {
    long cancelAt = local("2026-03-11T09:00");
    withOrder("o1", "v1").order(terms(published("o1", "v1", PUB, PUB), cancelled("o1", "v1", cancelAt)), cancelAt)
        .decide(cancelAt);
    assertNothingLeft();
    rule.lifecycle(deleted("v1", local("2026-03-21T09:00"))).decide(END);
    assertThat(rule.allViolations()).isEmpty();
    assertNothingLeft();
  }

  @Test
  void terminatedOrderIsNoLongerWatched() throws Exception {
    long terminatedAt = local("2026-03-11T09:00");
    withOrder("o1", "v1").order(terms(published("o1", "v1", PUB, PUB), terminated("o1", "v1", terminatedAt)), terminatedAt)
        .decide(terminatedAt);
    assertNothingLeft();
    // The creator deletes the video of an order the platform ended: no retention was owed any more.
    rule.lifecycle(deleted("v1", local("2026-03-12T09:00"))).decide(END);
    assertThat(rule.allViolations()).isEmpty();
    assertNothingLeft();
  }

  @Test
  void terminationOnlyEndsTheTerminatedOrdersDuty() throws Exception {
    long terminatedAt = local("2026-03-11T09:00");
    long deletedAt = local("2026-03-12T09:00");
    withOrder("o1", "v1").order(order("o2", "v1"), PUB)
        .order(terms(published("o1", "v1", PUB, PUB), terminated("o1", "v1", terminatedAt)), terminatedAt)
        .lifecycle(deleted("v1", deletedAt)).decide(END);
    assertThat(rule.allViolations()).containsExactly(expected("o2", "v1", RetentionOutcome.EARLY_DELETION,
        LifecycleKind.DELETED, Actor.CREATOR, deletedAt, deletedAt, 60, END, 0));
  }

  @Test
  void hidingEndedByADeletionIsClosedAtTheDeletion() throws Exception {
    long hiddenAt = local("2026-03-10T20:00");
    long deletedAt = hiddenAt + 30 * HOUR;
    withOrder("o1", "v1").lifecycle(hidden("v1", hiddenAt)).lifecycle(deleted("v1", deletedAt)).decide(END);
    assertThat(rule.newViolations()).containsExactly(
        expected("o1", "v1", RetentionOutcome.EARLY_HIDING, LifecycleKind.HIDDEN, Actor.CREATOR, hiddenAt,
            hiddenAt + 24 * HOUR, 60, END, 1),
        ended("o1", "v1", hiddenAt, deletedAt, 1),
        expected("o1", "v1", RetentionOutcome.EARLY_DELETION, LifecycleKind.DELETED, Actor.CREATOR, deletedAt,
            deletedAt, 60, END, 1));
    assertNothingLeft();
  }

  @Test
  void hidingWhoseGraceOutlastsTheRetentionEndIsNoViolation() throws Exception {
    withOrder("o1", "v1").lifecycle(hidden("v1", END - 2 * HOUR)).decide(END + DAY);
    assertThat(rule.newViolations()).isEmpty();
    assertNothingLeft();
  }

  @Test
  void deletionDuringTheGraceIsOneDeletionViolation() throws Exception {
    long hiddenAt = local("2026-03-10T20:00");
    long deletedAt = hiddenAt + 2 * HOUR;
    withOrder("o1", "v1").lifecycle(hidden("v1", hiddenAt)).lifecycle(deleted("v1", deletedAt)).decide(END);
    assertThat(rule.newViolations()).containsExactly(expected("o1", "v1", RetentionOutcome.EARLY_DELETION,
        LifecycleKind.DELETED, Actor.CREATOR, deletedAt, deletedAt, 60, END, 1));
    assertNothingLeft();
  }

  @Test
  void orderTermsArrivingAfterTheirRetentionEndedLeaveNoState() throws Exception {
    rule = new RuleHarness(policy);
    rule.decide(END + DAY).order(order("o1", "v1"), END + DAY);
    assertNothingLeft();
    assertThat(rule.allViolations()).isEmpty();
  }

  @Test
  void lifecycleOfAVideoWithoutOrderLeavesNoState() throws Exception {
    rule = new RuleHarness(policy);
    long at = local("2026-03-10T20:00");
    rule.lifecycle(hidden("v9", at)).lifecycle(deleted("v9", at + HOUR));
    assertThat(rule.timers()).as("pending until an order could still arrive").isEqualTo(1);
    rule.decide(at + HOUR);
    assertThat(rule.allViolations()).isEmpty();
    assertNothingLeft();
  }

  @Test
  void sameInputGivesTheSameViolationsAndIds() throws Exception {
    List<List<RetentionViolation>> runs = new java.util.ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (RuleHarness h = new RuleHarness(policy)) {
        long hiddenAt = local("2026-03-10T20:00");
        h.order(order("o1", "v1"), PUB).order(order("o2", "v1"), PUB)
            .lifecycle(hidden("v1", hiddenAt)).lifecycle(deleted("v1", hiddenAt + 30 * HOUR)).decide(END);
        runs.add(h.allViolations());
      }
    }
    // Per order: the hiding, its end at the deletion, the deletion.
    assertThat(runs.get(0)).hasSize(6).isEqualTo(runs.get(1));
    assertThat(runs.get(0)).extracting(RetentionViolation::getViolationId).doesNotHaveDuplicates();
  }

  @Test
  void pendingDecisionsSurviveSnapshotAndRestore() throws Exception {
    long hiddenAt = local("2026-03-10T20:00");
    long graceEnd = hiddenAt + 24 * HOUR;
    withOrder("o1", "v1").lifecycle(hidden("v1", hiddenAt)).decide(hiddenAt);
    OperatorSubtaskState snapshot = rule.snapshot();
    rule.close();

    rule = new RuleHarness(policy, snapshot);
    assertThat(rule.timers()).isEqualTo(1);
    rule.decide(graceEnd);
    assertThat(rule.newViolations()).containsExactly(expected("o1", "v1", RetentionOutcome.EARLY_HIDING,
        LifecycleKind.HIDDEN, Actor.CREATOR, hiddenAt, graceEnd, 60, END, 1));
    rule.decide(END);
    assertNothingLeft();
  }
}
