package com.creatormarket.integrity.retention;

import static com.creatormarket.integrity.retention.Fixtures.DAY;
import static com.creatormarket.integrity.retention.Fixtures.HOUR;
import static com.creatormarket.integrity.retention.Fixtures.MINUTE;
import static com.creatormarket.integrity.retention.Fixtures.SHANGHAI;

import com.creatormarket.integrity.avro.Actor;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.RetentionOutcome;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.common.CauseIds;
import com.creatormarket.integrity.common.StableIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Commissioned-video lifecycles covering every case of the retention rule, each case several times
 * with publications at different times of day, and the violations the rule must emit for them,
 * written out case by case (not computed by the rule's code). Records are produced in event-time
 * order per topic, except where a case reorders them on purpose (within the allowed lateness).
 */
public final class SimulatedLifecycles {

  /** Publication times of day: the first and last instant of a day, and one between. */
  private static final String[] TIMES_OF_DAY = {"00:00", "13:37", "23:59:59.999"};

  private record Timed<T>(long produceAt, long seq, T event) {}

  private final List<Timed<OrderEvent>> orders = new ArrayList<>();
  private final List<Timed<VideoLifecycleEvent>> lifecycle = new ArrayList<>();
  private final List<RetentionViolation> expected = new ArrayList<>();
  private long seq;
  private int orderCount;

  public static SimulatedLifecycles generate() {
    SimulatedLifecycles s = new SimulatedLifecycles();
    for (int i = 0; i < TIMES_OF_DAY.length; i++) {
      s.instance(i);
    }
    return s;
  }

  public List<OrderEvent> orderEvents() {
    return sorted(orders);
  }

  public List<VideoLifecycleEvent> lifecycleEvents() {
    return sorted(lifecycle);
  }

  public List<RetentionViolation> expectedViolations() {
    return List.copyOf(expected);
  }

  public int orderCount() {
    return orderCount;
  }

  private static <T> List<T> sorted(List<Timed<T>> timed) {
    return timed.stream().sorted(Comparator.<Timed<T>>comparingLong(Timed::produceAt).thenComparingLong(Timed::seq))
        .map(Timed::event).toList();
  }

  /** One instance of every case; instance i publishes at the i-th time of day, on a day of its own per case. */
  private void instance(int i) {
    int day = 0;
    // Kept up for its whole retention.
    Case c = new Case("kept", i, day++);
    c.order("a", null);
    // Deleted by the creator before the end: a violation at once.
    c = new Case("deleted", i, day++);
    c.order("a", null);
    c.remove(LifecycleKind.DELETED, Actor.CREATOR, c.pub + (10 + i) * DAY);
    c.expect("a", RetentionOutcome.EARLY_DELETION, LifecycleKind.DELETED, Actor.CREATOR, c.pub + (10 + i) * DAY, 0, 60, 0);
    // Deleted at 00:00 of the end day: allowed.
    c = new Case("at-end", i, day++);
    c.order("a", null);
    c.remove(LifecycleKind.DELETED, Actor.CREATOR, c.end(60));
    // Deleted in the last millisecond before the end day.
    c = new Case("last-ms", i, day++);
    c.order("a", null);
    c.remove(LifecycleKind.DELETED, Actor.CREATOR, c.end(60) - 1);
    c.expect("a", RetentionOutcome.EARLY_DELETION, LifecycleKind.DELETED, Actor.CREATOR, c.end(60) - 1, 0, 60, 0);
    // Deleted after the end: no violation.
    c = new Case("after-end", i, day++);
    c.order("a", null);
    c.remove(LifecycleKind.DELETED, Actor.CREATOR, c.end(60) + 2 * HOUR);
    // Hidden and restored within the grace.
    c = new Case("restored", i, day++);
    c.order("a", null);
    c.remove(LifecycleKind.HIDDEN, Actor.CREATOR, c.pub + 5 * DAY);
    c.remove(LifecycleKind.RESTORED, Actor.CREATOR, c.pub + 5 * DAY + 20 * HOUR);
    // Hidden and restored too late: a violation at the grace end.
    c = new Case("hidden", i, day++);
    c.order("a", null);
    long hiddenAt = c.pub + 5 * DAY + i * HOUR;
    c.remove(LifecycleKind.HIDDEN, Actor.CREATOR, hiddenAt);
    c.remove(LifecycleKind.RESTORED, Actor.CREATOR, hiddenAt + 30 * HOUR);
    c.expect("a", RetentionOutcome.EARLY_HIDING, LifecycleKind.HIDDEN, Actor.CREATOR, hiddenAt, 24 * HOUR, 60, 1);
    c.expectHidingEnded("a", hiddenAt, hiddenAt + 30 * HOUR, 60, 1);
    // Two hide/restore cycles are tolerated; the third hiding counts at once.
    c = new Case("cycles", i, day++);
    c.order("a", null);
    for (int k = 1; k <= 3; k++) {
      c.remove(LifecycleKind.HIDDEN, Actor.CREATOR, c.pub + 3L * k * DAY);
      c.remove(LifecycleKind.RESTORED, Actor.CREATOR, c.pub + 3L * k * DAY + 2 * HOUR);
    }
    c.expect("a", RetentionOutcome.EARLY_HIDING, LifecycleKind.HIDDEN, Actor.CREATOR, c.pub + 9 * DAY, 0, 60, 3);
    c.expectHidingEnded("a", c.pub + 9 * DAY, c.pub + 9 * DAY + 2 * HOUR, 60, 3);
    // Platform moderation deletes: not the creator's fault, but the order system must learn it.
    c = new Case("moderated", i, day++);
    c.order("a", null);
    c.remove(LifecycleKind.DELETED, Actor.PLATFORM_MODERATION, c.pub + 12 * DAY);
    c.expect("a", RetentionOutcome.PLATFORM_REMOVAL, LifecycleKind.DELETED, Actor.PLATFORM_MODERATION, c.pub + 12 * DAY, 0, 60, 0);
    // Platform moderation hides for good; and another video it hides and restores on appeal in time.
    c = new Case("moderation-hidden", i, day++);
    c.order("a", null);
    c.remove(LifecycleKind.HIDDEN, Actor.PLATFORM_MODERATION, c.pub + 8 * DAY);
    c.expect("a", RetentionOutcome.PLATFORM_REMOVAL, LifecycleKind.HIDDEN, Actor.PLATFORM_MODERATION, c.pub + 8 * DAY, 24 * HOUR, 60, 1);
    c = new Case("moderation-appeal", i, day++);
    c.order("a", null);
    c.remove(LifecycleKind.HIDDEN, Actor.PLATFORM_MODERATION, c.pub + 8 * DAY);
    c.remove(LifecycleKind.RESTORED, Actor.PLATFORM_MODERATION, c.pub + 8 * DAY + 6 * HOUR);
    // The order system reports the publication 40 minutes late; the deletion 10 minutes after publication comes first.
    c = new Case("before-order", i, day++);
    c.orderReportedAt("a", c.pub + 40 * MINUTE);
    c.remove(LifecycleKind.DELETED, Actor.CREATOR, c.pub + 10 * MINUTE);
    c.expect("a", RetentionOutcome.EARLY_DELETION, LifecycleKind.DELETED, Actor.CREATOR, c.pub + 10 * MINUTE, 0, 60, 0);
    // Three advertisers' orders on one video, one with 90 days: one violation per order in force.
    c = new Case("shared", i, day++);
    c.order("a", null);
    c.order("b", null);
    c.order("c", 90);
    c.remove(LifecycleKind.DELETED, Actor.CREATOR, c.pub + 70 * DAY);
    c.expect("c", RetentionOutcome.EARLY_DELETION, LifecycleKind.DELETED, Actor.CREATOR, c.pub + 70 * DAY, 0, 90, 0);
    c = new Case("shared-early", i, day++);
    c.order("a", null);
    c.order("b", null);
    c.order("c", 90);
    c.remove(LifecycleKind.HIDDEN, Actor.CREATOR, c.pub + 20 * DAY);
    for (String o : List.of("a", "b", "c")) {
      c.expect(o, RetentionOutcome.EARLY_HIDING, LifecycleKind.HIDDEN, Actor.CREATOR, c.pub + 20 * DAY, 24 * HOUR,
          o.equals("c") ? 90 : 60, 1);
      // Never restored: each order's hiding ends with its duty.
      int days = o.equals("c") ? 90 : 60;
      c.expectHidingEnded(o, c.pub + 20 * DAY, c.end(days), days, 1);
    }
    // Agreed extension to 90 days before the end; deleted on day 75.
    c = new Case("extended", i, day++);
    c.order("a", null);
    c.change("a", 90, c.pub + 50 * DAY);
    c.remove(LifecycleKind.DELETED, Actor.CREATOR, c.pub + 75 * DAY);
    c.expect("a", RetentionOutcome.EARLY_DELETION, LifecycleKind.DELETED, Actor.CREATOR, c.pub + 75 * DAY, 0, 90, 0);
    // Agreed shortening to 30 days; deleted on day 35.
    c = new Case("shortened", i, day++);
    c.order("a", null);
    c.change("a", 30, c.pub + 10 * DAY);
    c.remove(LifecycleKind.DELETED, Actor.CREATOR, c.pub + 35 * DAY);
    // Shortening agreed half an hour after the deletion does not excuse it.
    c = new Case("late-agreement", i, day++);
    c.order("a", null);
    c.remove(LifecycleKind.DELETED, Actor.CREATOR, c.pub + 40 * DAY);
    c.change("a", 30, c.pub + 40 * DAY + 30 * MINUTE);
    c.expect("a", RetentionOutcome.EARLY_DELETION, LifecycleKind.DELETED, Actor.CREATOR, c.pub + 40 * DAY, 0, 60, 0);
    // The order itself states 90 days, and its CREATED reaches the job after its VIDEO_PUBLISHED.
    c = new Case("created-late", i, day++);
    c.orderCreatedAfterPublication("a", 90);
    c.remove(LifecycleKind.DELETED, Actor.CREATOR, c.pub + 70 * DAY);
    c.expect("a", RetentionOutcome.EARLY_DELETION, LifecycleKind.DELETED, Actor.CREATOR, c.pub + 70 * DAY, 0, 90, 0);
    // Cancelled orders are no longer watched.
    c = new Case("cancelled", i, day++);
    c.order("a", null);
    c.cancel("a", c.pub + 5 * DAY);
    c.remove(LifecycleKind.DELETED, Actor.CREATOR, c.pub + 10 * DAY);
    // Terminated orders (the order system's answer to a termination for fake traffic) neither.
    c = new Case("terminated", i, day++);
    c.order("a", null);
    c.terminate("a", c.pub + 5 * DAY);
    c.remove(LifecycleKind.DELETED, Actor.CREATOR, c.pub + 10 * DAY);
    // Completed (paid) orders still are.
    c = new Case("completed", i, day++);
    c.order("a", null);
    c.complete("a", c.pub + 7 * DAY);
    c.remove(LifecycleKind.DELETED, Actor.CREATOR, c.pub + 20 * DAY);
    c.expect("a", RetentionOutcome.EARLY_DELETION, LifecycleKind.DELETED, Actor.CREATOR, c.pub + 20 * DAY, 0, 60, 0);
    // The restore is produced before its hiding (out of order): still in time.
    c = new Case("out-of-order", i, day++);
    c.order("a", null);
    long hid = c.pub + 6 * DAY;
    c.removeProducedAt(LifecycleKind.RESTORED, Actor.CREATOR, hid + 2 * HOUR, hid - 1);
    c.remove(LifecycleKind.HIDDEN, Actor.CREATOR, hid);
    // Deleted during the grace of a hiding: one deletion violation.
    c = new Case("deleted-in-grace", i, day++);
    c.order("a", null);
    c.remove(LifecycleKind.HIDDEN, Actor.CREATOR, c.pub + 15 * DAY);
    c.remove(LifecycleKind.DELETED, Actor.CREATOR, c.pub + 15 * DAY + 2 * HOUR);
    c.expect("a", RetentionOutcome.EARLY_DELETION, LifecycleKind.DELETED, Actor.CREATOR, c.pub + 15 * DAY + 2 * HOUR, 0, 60, 1);
    // Hidden two hours before the end and never restored: the end comes within the grace.
    c = new Case("hidden-at-end", i, day++);
    c.order("a", null);
    c.remove(LifecycleKind.HIDDEN, Actor.CREATOR, c.end(60) - 2 * HOUR);
    // A video no order commissioned.
    c = new Case("uncommissioned", i, day++);
    c.remove(LifecycleKind.DELETED, Actor.CREATOR, c.pub + 3 * DAY);
  }

  /** One case instance: one video, its orders, its lifecycle. */
  private final class Case {
    final String video;
    final long pub;
    final String name;
    final int instance;

    Case(String name, int instance, int day) {
      this.name = name;
      this.instance = instance;
      this.video = "v-" + name + "-" + instance;
      this.pub = java.time.LocalDate.of(2026, 3, 1).plusDays(day)
          .atTime(java.time.LocalTime.parse(TIMES_OF_DAY[instance])).atZone(SHANGHAI).toInstant().toEpochMilli();
      addLifecycle(LifecycleKind.PUBLISHED, Actor.CREATOR, pub, pub);
    }

    String orderId(String suffix) {
      return "o-" + name + "-" + instance + "-" + suffix;
    }

    long end(int days) {
      return Instant.ofEpochMilli(pub).atZone(SHANGHAI).toLocalDate().plusDays(days).atStartOfDay(SHANGHAI)
          .toInstant().toEpochMilli();
    }

    void order(String suffix, Integer days) {
      addOrder(Fixtures.created(orderId(suffix), days, agency(suffix), pub - 2 * DAY));
      addOrder(Fixtures.published(orderId(suffix), video, pub, pub));
      orderCount++;
    }

    void orderReportedAt(String suffix, long reportedAt) {
      addOrder(Fixtures.created(orderId(suffix), null, agency(suffix), pub - 2 * DAY));
      addOrder(Fixtures.published(orderId(suffix), video, pub, reportedAt));
      orderCount++;
    }

    void orderCreatedAfterPublication(String suffix, int days) {
      OrderEvent published = Fixtures.published(orderId(suffix), video, pub, pub + MINUTE);
      addOrder(published);
      orders.add(new Timed<>(pub + MINUTE + 1, seq++, Fixtures.created(orderId(suffix), days, agency(suffix), pub)));
      orderCount++;
    }

    void change(String suffix, int days, long at) {
      addOrder(Fixtures.changed(orderId(suffix), video, days, at));
    }

    void cancel(String suffix, long at) {
      addOrder(Fixtures.cancelled(orderId(suffix), video, at));
    }

    void terminate(String suffix, long at) {
      addOrder(Fixtures.terminated(orderId(suffix), video, at));
    }

    void complete(String suffix, long at) {
      addOrder(Fixtures.completed(orderId(suffix), video, at));
    }

    void remove(LifecycleKind kind, Actor actor, long at) {
      addLifecycle(kind, actor, at, at);
    }

    void removeProducedAt(LifecycleKind kind, Actor actor, long at, long produceAt) {
      addLifecycle(kind, actor, at, produceAt);
    }

    String agency(String suffix) {
      return suffix.equals("b") ? null : "mcn-" + instance;
    }

    void expect(String suffix, RetentionOutcome outcome, LifecycleKind kind, Actor actor, long removedAt,
        long decidedAfter, int days, int hideCount) {
      String orderId = orderId(suffix);
      expected.add(RetentionViolation.newBuilder()
          .setViolationId(StableIds.of("retention-violation", orderId, video, removedAt, kind))
          .setOrderId(orderId).setVideoId(video).setCreatorId("creator-1").setAdvertiserId("adv-" + orderId)
          .setAgencyId(agency(suffix)).setOutcome(outcome).setRemovalKind(kind).setActor(actor)
          .setPublishedAt(Instant.ofEpochMilli(pub)).setRetentionDays(days)
          .setRetentionEnd(Instant.ofEpochMilli(end(days)))
          .setRemovedAt(Instant.ofEpochMilli(removedAt)).setDecidedAt(Instant.ofEpochMilli(removedAt + decidedAfter))
          .setHideCount(hideCount).setTimeZone("Asia/Shanghai").build());
    }

    void expectHidingEnded(String suffix, long hiddenAt, long endedAt, int days, int hideCount) {
      expect(suffix, RetentionOutcome.EARLY_HIDING, LifecycleKind.HIDDEN, Actor.CREATOR, hiddenAt, endedAt - hiddenAt, days, hideCount);
      RetentionViolation hiding = expected.remove(expected.size() - 1);
      expected.add(RetentionViolation.newBuilder(hiding)
          .setViolationId(CauseIds.hidingEnded(hiding.getViolationId()))
          .setOutcome(RetentionOutcome.HIDING_ENDED)
          .setHidingEndedAt(Instant.ofEpochMilli(endedAt)).build());
    }

    private void addOrder(OrderEvent e) {
      orders.add(new Timed<>(e.getEventTime().toEpochMilli(), seq++, e));
    }

    private void addLifecycle(LifecycleKind kind, Actor actor, long at, long produceAt) {
      VideoLifecycleEvent e = Fixtures.lifecycle(kind, video, actor, at);
      lifecycle.add(new Timed<>(produceAt, seq++, e));
    }
  }
}
