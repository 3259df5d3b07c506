package com.creatormarket.integrity.faketraffic.signals;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.HOUR;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.MINUTE;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.faketraffic.testing.Rig;
import com.creatormarket.integrity.faketraffic.testing.Traffic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #14, lockstep by significance, on the whole topology: groups on two videos. Two popular
 * videos watched by the same audience bring dozens of quiet co-viewers every ten minutes; a bought
 * group of twenty on two videos nobody else watches is the same size. Chance explains the first
 * (each video reaches a good part of the active accounts), not the second. Two videos of one creator
 * share an audience (fans), so a group on them is not judged by the test at all.
 */
class LockstepSignificanceOnTopologyTest {

  static Rig run(Map<String, String> knobs) throws Exception {
    DetectionSettings s = DetectionSettings.from(FakeTrafficOptions.defaults().with(knobs));
    long published = at(HOUR);
    Traffic t = new Traffic(5)
        .order("pop-a", "v-pop-a", "c1", published, 60).honest("v-pop-a", "c1", published, at(8 * HOUR), 1_200, 0, 700)
        .order("pop-b", "v-pop-b", "c2", published, 60).honest("v-pop-b", "c2", published, at(8 * HOUR), 1_200, 0, 700)
        .order("bought-a", "v-obs-a", "c3", published, 60).honest("v-obs-a", "c3", published, at(8 * HOUR), 6, 5_000, 400)
        .order("bought-b", "v-obs-b", "c4", published, 60).honest("v-obs-b", "c4", published, at(8 * HOUR), 6, 6_000, 400)
        .order("fans-a", "v-fans-a", "c5", published, 60).honest("v-fans-a", "c5", published, at(8 * HOUR), 6, 7_000, 400)
        .order("fans-b", "v-fans-b", "c5", published, 60).honest("v-fans-b", "c5", published, at(8 * HOUR), 6, 8_000, 400)
        .lockstep("ls", List.of("v-obs-a", "v-obs-b"), List.of("c3", "c4"), at(4 * HOUR), 20, 3, HOUR, 5 * MINUTE)
        .lockstep("fan", List.of("v-fans-a", "v-fans-b"), List.of("c5", "c5"), at(4 * HOUR + 20 * MINUTE), 20, 3, HOUR, 5 * MINUTE);
    return new Rig(s).run(t, at(9 * HOUR));
  }

  @Test
  void popularVideosCoViewersAreChanceABoughtGroupIsNot() throws Exception {
    try (Rig rig = run(Map.of())) {
      assertThat(rig.fired("bought-a", LockstepGroup.NAME)).isTrue();
      assertThat(rig.fired("bought-b", LockstepGroup.NAME)).isTrue();
      assertThat(rig.levelOf("bought-a")).isGreaterThanOrEqualTo(ResponseLevel.REVIEW);
      assertThat(rig.fired("pop-a", LockstepGroup.NAME)).isFalse();
      assertThat(rig.fired("pop-b", LockstepGroup.NAME)).isFalse();
      assertThat(rig.fired("fans-a", LockstepGroup.NAME)).as("one creator's two videos").isFalse();
      assertThat(rig.fired("fans-b", LockstepGroup.NAME)).isFalse();
    }
  }

  @Test
  void countedBySizeThePopularVideosCoViewersAreAGroup() throws Exception {
    try (Rig rig = run(Map.of("lockstep.min-videos", "2", "lockstep.min-videos-repeated", "2", "lockstep.min-surprise", "0"))) {
      assertThat(rig.fired("pop-a", LockstepGroup.NAME) || rig.fired("pop-b", LockstepGroup.NAME)).isTrue();
      assertThat(rig.fired("fans-a", LockstepGroup.NAME)).isTrue();
    }
  }
}
