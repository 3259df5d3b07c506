package com.creatormarket.integrity.faketraffic.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The order the video stage judges its input in: by bucket once the watermark passed it, fixed within a bucket. */
class EventTimeOrderTest {

  static final DetectionSettings S = DetectionSettings.defaults();
  static final long MINUTE = 60_000L;
  static final long T0 = 1_741_000_000_000L / MINUTE * MINUTE;
  final EventTimeOrder order = new EventTimeOrder(S);

  /** A partial of a busy bucket: more devices than a partial's sketch tracks, so merging such partials purges. */
  static VideoPartial busyPartial(long seed, long bucket) {
    Random rng = new Random(seed);
    PartialBuilder b = new PartialBuilder("vid-1", "cre-1", bucket, S);
    for (int i = 0; i < 300; i++) {
      b.add(PartialBuilderTest.event(Kinds.VIEW, "acc-" + rng.nextInt(500), "dev-" + (int) Math.abs(rng.nextGaussian() * 80),
          1000 + rng.nextInt(20_000), rng.nextInt(8), bucket + rng.nextInt(60_000)));
    }
    VideoPartial p = b.build();
    p.creatorLikeRate = 0.01 * (seed % 4);
    return p;
  }

  static LockstepFinding finding(String group, long at, long views) {
    LockstepFinding f = new LockstepFinding();
    f.videoId = "vid-1";
    f.groupKey = group;
    f.groupSize = 8;
    f.rounds = 1;
    f.views = views;
    f.sampleAccounts = new String[] {"a", "b"};
    f.windowMillis = 600_000;
    f.eventTime = at;
    return f;
  }

  @Test
  void aBucketIsJudgedAtItsLastMillisecond() {
    assertThat(order.bucketOf(T0 + 59_999)).isEqualTo(T0);
    assertThat(order.bucketOf(T0 + MINUTE)).isEqualTo(T0 + MINUTE);
    assertThat(order.endOf(T0)).isEqualTo(T0 + MINUTE - 1);
  }

  @Test
  void aBucketsPartialsMergeToTheSamePartialWhateverOrderTheyCameIn() {
    List<VideoPartial> partials = new ArrayList<>();
    for (long seed = 1; seed <= 4; seed++) {
      partials.add(busyPartial(seed, T0));
    }
    VideoPartial reference = null;
    for (long seed = 0; seed < 6; seed++) {
      List<VideoPartial> arrived = new ArrayList<>(partials);
      Collections.shuffle(arrived, new Random(seed));
      PendingBucket b = null;
      for (VideoPartial p : arrived) {
        b = EventTimeOrder.with(b, p);
      }
      VideoPartial merged = order.merged(b);
      if (reference == null) {
        reference = merged;
        assertThat(merged.events).isEqualTo(1200);
        assertThat(merged.creatorLikeRate).isEqualTo(0.03);
        continue;
      }
      assertThat(merged.devices).as("devices sketch, order %d", seed).isEqualTo(reference.devices);
      assertThat(merged.prefixes).isEqualTo(reference.prefixes);
      assertThat(merged.accounts).isEqualTo(reference.accounts);
      assertThat(merged.viewers).isEqualTo(reference.viewers);
      assertThat(merged.maskViews).isEqualTo(reference.maskViews);
      assertThat(merged.regularViews).isEqualTo(reference.regularViews);
    }
  }

  @Test
  void aBucketIsJudgedTheSameHoweverItsEventsWereSplitIntoPartials() {
    // The same 600 events as one partial, as two subtasks' partials, as three flushes; partials in any order.
    Random rng = new Random(7);
    List<AnnotatedEngagement> events = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      events.add(PartialBuilderTest.event(Kinds.VIEW, "acc-" + rng.nextInt(900), "dev-" + (int) Math.abs(rng.nextGaussian() * 80),
          1000 + rng.nextInt(40) * 250, rng.nextInt(8), T0 + rng.nextInt(60_000)));
    }
    VideoPartial reference = order.merged(EventTimeOrder.with(null, partialOf(events, 1, 0)));
    for (int parts = 1; parts <= 3; parts++) {
      for (long seed = 0; seed < 3; seed++) {
        List<VideoPartial> arrived = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
          arrived.add(partialOf(events, parts, part));
        }
        Collections.shuffle(arrived, new Random(seed));
        PendingBucket b = null;
        for (VideoPartial p : arrived) {
          b = EventTimeOrder.with(b, p);
        }
        VideoPartial judged = order.merged(b);
        String as = parts + " partials, order " + seed;
        assertThat(judged.devices).as(as).isEqualTo(reference.devices);
        assertThat(judged.prefixes).as(as).isEqualTo(reference.prefixes);
        assertThat(judged.accounts).as(as).isEqualTo(reference.accounts);
        assertThat(Sketches.estimate(judged.viewers)).as(as).isEqualTo(Sketches.estimate(reference.viewers));
        assertThat(judged.regularViews).as(as).isEqualTo(reference.regularViews).isPositive();
        assertThat(judged.views).as(as).isEqualTo(600);
      }
    }
  }

  /** Every {@code parts}-th event starting at {@code part}, as one partial. */
  private static VideoPartial partialOf(List<AnnotatedEngagement> events, int parts, int part) {
    PartialBuilder b = new PartialBuilder("vid-1", "cre-1", T0, S);
    for (int i = part; i < events.size(); i += parts) {
      b.add(events.get(i));
    }
    return b.build();
  }

  @Test
  void pastItsExactBoundAPartialCarriesASketch() {
    PartialBuilder b = new PartialBuilder("vid-1", "cre-1", T0, S);
    for (int i = 0; i <= Frequencies.EXACT_KEYS; i++) {
      b.add(PartialBuilderTest.event(Kinds.VIEW, "acc-" + i, "dev-1", 5_000, 0, T0 + i));
    }
    VideoPartial p = b.build();
    assertThat(p.accountKeys).isNull();
    assertThat(p.accounts).isNotNull();
    assertThat(p.deviceKeys).containsExactly("dev-1");
    assertThat(p.devices).isNull();
  }

  @Test
  void aBucketWithoutPartialsIsNotJudged() {
    assertThat(order.merged(EventTimeOrder.with(null, finding("g", T0, 1)))).isNull();
  }

  static OrderNotice notice(String orderId, long eventTime, int revision, long endsAt) {
    OrderNotice n = new OrderNotice();
    n.orderId = orderId;
    n.videoId = "vid-1";
    n.creatorId = "cre-1";
    n.advertiserId = "adv-1";
    n.publishedAt = T0;
    n.endsAt = endsAt;
    n.eventTime = eventTime;
    n.revision = revision;
    return n;
  }

  @Test
  void orderNoticesComeInEventTimeThenOrderThenRevisionOrder() {
    PendingBucket b = null;
    b = EventTimeOrder.with(b, notice("o2", T0 + 10, 3, T0 + 99));
    b = EventTimeOrder.with(b, notice("o1", T0 + 10, 2, T0 + 50));
    b = EventTimeOrder.with(b, notice("o1", T0 + 10, 1, T0 + 70));
    b = EventTimeOrder.with(b, notice("o3", T0 + 5, 4, T0 + 80));
    // Of o1's two notices at one time, the registry's newer (revision 2) comes last: its terms stay.
    assertThat(EventTimeOrder.orders(b)).extracting(n -> n.orderId + "@" + (n.eventTime - T0) + "#" + n.revision)
        .containsExactly("o3@5#4", "o1@10#1", "o1@10#2", "o2@10#3");
    assertThat(b.partials).isEmpty();
    assertThat(b.findings).isEmpty();
  }

  @Test
  void findingsComeInEventTimeThenGroupOrder() {
    PendingBucket b = null;
    b = EventTimeOrder.with(b, finding("g2", T0 + 10, 5));
    b = EventTimeOrder.with(b, finding("g1", T0 + 10, 7));
    b = EventTimeOrder.with(b, finding("g3", T0 + 5, 3));
    b = EventTimeOrder.with(b, finding("g1", T0 + 10, 6));
    assertThat(EventTimeOrder.findings(b)).extracting(f -> f.groupKey + "@" + (f.eventTime - T0) + ":" + f.views)
        .containsExactly("g3@5:3", "g1@10:6", "g1@10:7", "g2@10:5");
  }
}
