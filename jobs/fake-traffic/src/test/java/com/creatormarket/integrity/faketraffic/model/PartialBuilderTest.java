package com.creatormarket.integrity.faketraffic.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One partial of a (video, bucket), from events or from other partials of the bucket. */
class PartialBuilderTest {

  static final DetectionSettings S = DetectionSettings.defaults();
  static final long BUCKET = 1_741_000_020_000L / 60_000 * 60_000;

  static AnnotatedEngagement event(byte kind, String account, String device, long watch, int flags, long t) {
    AnnotatedEngagement e = new AnnotatedEngagement();
    e.videoId = "vid-1";
    e.creatorId = "cre-1";
    e.accountId = account;
    e.deviceId = device;
    e.networkPrefix = "10." + device.hashCode() % 7 + ".0.0/24";
    e.kind = kind;
    e.watchMillis = watch;
    e.lengthMillis = 30_000;
    e.eventTime = t;
    e.flags = flags;
    return e;
  }

  static List<AnnotatedEngagement> events(int n, long seed) {
    Random rng = new Random(seed);
    List<AnnotatedEngagement> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte kind = (byte) rng.nextInt(5);
      int flags = rng.nextInt(1 << 6);
      out.add(event(kind, "acc-" + rng.nextInt(40), "dev-" + rng.nextInt(30), 1000 + rng.nextInt(20_000), flags,
          BUCKET + rng.nextInt(60_000)));
    }
    return out;
  }

  static VideoPartial built(List<AnnotatedEngagement> events) {
    PartialBuilder b = new PartialBuilder("vid-1", "cre-1", BUCKET, S);
    events.forEach(b::add);
    return b.build();
  }

  @Test
  void mergedPartialsCountWhatOnePartialOfAllTheirEventsCounts() {
    List<AnnotatedEngagement> first = events(50, 1);
    List<AnnotatedEngagement> second = events(70, 2);
    List<AnnotatedEngagement> all = new ArrayList<>(first);
    all.addAll(second);

    PartialBuilder merged = new PartialBuilder("vid-1", "cre-1", BUCKET, S);
    merged.merge(built(first));
    merged.merge(built(second));
    VideoPartial m = merged.judged();
    PartialBuilder wholeBuilder = new PartialBuilder("vid-1", "cre-1", BUCKET, S);
    all.forEach(wholeBuilder::add);
    VideoPartial whole = wholeBuilder.judged();

    assertThat(m.events).isEqualTo(120).isEqualTo(whole.events);
    assertThat(m.maxEventTime).isEqualTo(whole.maxEventTime);
    assertThat(new long[] {m.views, m.likes, m.unlikes, m.follows, m.unfollows, m.watchMillis, m.withdrawnFollows,
        m.freshEvents, m.sharedDeviceEvents}).containsExactly(whole.views, whole.likes, whole.unlikes, whole.follows,
        whole.unfollows, whole.watchMillis, whole.withdrawnFollows, whole.freshEvents, whole.sharedDeviceEvents);
    assertThat(m.masks).containsExactly(whole.masks);
    assertThat(m.maskViews).containsExactly(whole.maskViews);
    assertThat(m.maskWatch).containsExactly(whole.maskWatch);
    assertThat(m.maskLikes).containsExactly(whole.maskLikes);
    assertThat(m.maskFollows).containsExactly(whole.maskFollows);
    assertThat(Sketches.estimate(m.viewers)).isEqualTo(Sketches.estimate(whole.viewers));
    assertThat(Sketches.items(m.devices, 8).getEstimate("dev-3")).isPositive().isEqualTo(Sketches.items(whole.devices, 8).getEstimate("dev-3"));
    assertThat(m.accounts).isEqualTo(whole.accounts);
    assertThat(m.regularViews).isEqualTo(whole.regularViews);
  }

  @Test
  void regularViewsAreTakenOverTheWholeBucketNotPerPartial() {
    // Two subtasks each saw three views of exactly 12.345 s: six such views in the bucket, five
    // beyond the first, as if one subtask had seen them all (per partial it was two and two).
    List<AnnotatedEngagement> same = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      same.add(event(Kinds.VIEW, "acc-" + i, "dev-" + i, 12_345, 0, BUCKET + i));
    }
    PartialBuilder merged = new PartialBuilder("vid-1", "cre-1", BUCKET, S);
    merged.merge(built(same));
    merged.merge(built(same));
    List<AnnotatedEngagement> twice = new ArrayList<>(same);
    twice.addAll(same);
    PartialBuilder whole = new PartialBuilder("vid-1", "cre-1", BUCKET, S);
    twice.forEach(whole::add);
    assertThat(merged.judged().regularViews).isEqualTo(5).isEqualTo(whole.judged().regularViews);
  }

  @Test
  void theCreatorsNormIsTheHighestKnownWhateverTheOrder() {
    VideoPartial unknown = built(events(5, 3));
    VideoPartial low = built(events(5, 4));
    low.creatorLikeRate = 0.02;
    low.creatorFollowRate = 0.004;
    VideoPartial high = built(events(5, 5));
    high.creatorLikeRate = 0.05;
    high.creatorFollowRate = 0.003;
    for (List<VideoPartial> order : List.of(List.of(unknown, low, high), List.of(high, unknown, low), List.of(low, high, unknown))) {
      PartialBuilder b = new PartialBuilder("vid-1", "cre-1", BUCKET, S);
      order.forEach(b::merge);
      VideoPartial p = b.build();
      assertThat(p.creatorLikeRate).isEqualTo(0.05);
      assertThat(p.creatorFollowRate).isEqualTo(0.004);
    }
    PartialBuilder none = new PartialBuilder("vid-1", "cre-1", BUCKET, S);
    none.merge(unknown);
    assertThat(none.build().creatorLikeRate).isNaN();
  }

  @Test
  void eventsPerRegionAndTheStampedMediansMergeTheSameInAnyOrder() {
    List<AnnotatedEngagement> all = events(120, 3);
    Random rng = new Random(4);
    String[] countries = {"CN", "ID", "cn", "Z9", null};
    for (AnnotatedEngagement e : all) {
      e.region = Regions.code(countries[rng.nextInt(countries.length)]);
    }
    PartialBuilder wholeBuilder = new PartialBuilder("vid-1", "cre-1", BUCKET, S);
    all.forEach(wholeBuilder::add);
    VideoPartial whole = wholeBuilder.judged();
    assertThat(whole.regions).containsExactly(Regions.UNKNOWN, Regions.code("CN"), Regions.code("ID"));
    assertThat(java.util.Arrays.stream(whole.regionEvents).sum()).isEqualTo(whole.events);
    assertThat(java.util.Arrays.stream(whole.regionShared).sum()).isEqualTo(whole.sharedDeviceEvents);
    assertThat(java.util.Arrays.stream(whole.regionFresh).sum()).isEqualTo(whole.freshEvents);

    VideoPartial a = built(all.subList(0, 70));
    VideoPartial b = built(all.subList(70, 120));
    a.normRegions = new char[] {Regions.code("ID")};
    a.normShared = new float[] {0.4f};
    a.normFresh = new float[] {0.3f};
    b.normRegions = new char[] {Regions.code("CN"), Regions.code("ID")};
    b.normShared = new float[] {0.01f, 0.4f};
    b.normFresh = new float[] {0.03f, 0.3f};
    for (VideoPartial[] order : new VideoPartial[][] {{a, b}, {b, a}}) {
      PartialBuilder m = new PartialBuilder("vid-1", "cre-1", BUCKET, S);
      m.merge(order[0]);
      m.merge(order[1]);
      VideoPartial merged = m.judged();
      assertThat(merged.regions).containsExactly(whole.regions);
      assertThat(merged.regionEvents).containsExactly(whole.regionEvents);
      assertThat(merged.regionShared).containsExactly(whole.regionShared);
      assertThat(merged.regionFresh).containsExactly(whole.regionFresh);
      assertThat(merged.normRegions).containsExactly(Regions.code("CN"), Regions.code("ID"));
      assertThat(merged.normShared).containsExactly(0.01f, 0.4f);
      assertThat(merged.normFresh).containsExactly(0.03f, 0.3f);
    }
  }
}
