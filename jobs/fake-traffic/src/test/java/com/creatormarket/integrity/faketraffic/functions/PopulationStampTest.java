package com.creatormarket.integrity.faketraffic.functions;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.HOUR;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.PopulationNorm;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The population shares stamped onto a bucket's partials do not depend on how far ahead of the
 * partials the population stage's norms arrive (a replay, a backlog): a bucket gets the norm of the
 * last hour that ended before its own, whether that norm came just in time or a day early among
 * thirty newer ones.
 */
class PopulationStampTest {

  static final DetectionSettings S = DetectionSettings.defaults();

  /** A trusted norm after the hour starting at {@code hourStart}, with a shared-device median of about {@code share}. */
  static PopulationNorm norm(long hourStart, double share) {
    PopulationNorm n = new PopulationNorm();
    n.periodStart = hourStart;
    n.updatedAt = hourStart + HOUR - 1;
    n.learn(10_000, Math.round(10_000 * share), 0);
    return n;
  }

  static VideoPartial partial(long bucketStart) {
    VideoPartial p = VideoPartial.empty("v1", "c1", bucketStart);
    p.events = 10;
    p.views = 10;
    p.maxEventTime = bucketStart + 1_000;
    return p;
  }

  /** The shared-device share stamped onto a partial of 02:30 when the norms of hours 0..{@code ahead} arrive before it. */
  static double stamp(int ahead) throws Exception {
    try (KeyedTwoInputStreamOperatorTestHarness<String, VideoPartial, PopulationNorm, VideoPartial> h =
        new KeyedTwoInputStreamOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(new CreatorNorms(S), List.of(CreatorNorms.POPULATION)),
            p -> p.creatorId, null, Types.STRING)) {
      h.open();
      for (int hour = 0; hour <= ahead; hour++) {
        // Each hour's norm says a different share, so the stamp tells which one was read.
        h.processElement2(new StreamRecord<>(norm(at(hour * HOUR), 0.02 * (hour + 1)), at(hour * HOUR + HOUR - 1)));
      }
      h.processWatermark2(new Watermark(Math.max(at((ahead + 1) * HOUR), at(3 * HOUR))));
      VideoPartial p = partial(at(2 * HOUR + 30 * 60_000L));
      h.processElement1(new StreamRecord<>(p, p.maxEventTime));
      h.processWatermark1(new Watermark(at(3 * HOUR)));
      VideoPartial stamped = (VideoPartial) ((StreamRecord<?>) h.getOutput().stream()
          .filter(o -> o instanceof StreamRecord<?>).findFirst().orElseThrow()).getValue();
      return stamped.populationSharedShare;
    }
  }

  @Test
  void aBucketReadsTheNormOfTheHourBeforeItsOwnHoweverEarlyTheNormsCame() throws Exception {
    double justInTime = stamp(1);
    // Hour 1's share of 0.04 falls in the 0.04-0.06 bin: its median reads as the bin's middle; hour 0 would read 0.03, hour 2 0.07.
    assertThat(justInTime).as("the norm after hour 1").isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(stamp(2)).isEqualTo(justInTime);
    assertThat(stamp(30)).as("thirty hours of norms ahead of the partials").isEqualTo(justInTime);
  }
}
