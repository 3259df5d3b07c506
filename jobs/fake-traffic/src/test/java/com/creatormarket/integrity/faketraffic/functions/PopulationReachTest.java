package com.creatormarket.integrity.faketraffic.functions;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.HOUR;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.MINUTE;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.BucketTotals;
import com.creatormarket.integrity.faketraffic.model.PopulationNorm;
import com.creatormarket.integrity.faketraffic.model.VideoReach;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The population stage's reach: every ten minutes, the hour so far, the same however partials are cut. */
class PopulationReachTest {

  static BucketTotals totals(String video, long bucketStart, long viewers, long active) {
    BucketTotals t = new BucketTotals();
    t.videoId = video;
    t.bucketStart = bucketStart;
    t.events = viewers;
    t.viewers = viewers;
    t.activeAccounts = active;
    return t;
  }

  static List<VideoReach> reach(List<BucketTotals> in, long watermark) throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<Integer, BucketTotals, PopulationNorm> h = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new PopulationNorms(DetectionSettings.defaults())), t -> PopulationNorms.MARKETPLACE, Types.INT)) {
      h.open();
      for (BucketTotals t : in) {
        h.processElement(new StreamRecord<>(t, t.bucketStart));
      }
      h.processWatermark(new Watermark(watermark));
      return h.getSideOutput(PopulationNorms.REACH) == null ? List.of()
          : h.getSideOutput(PopulationNorms.REACH).stream().map(StreamRecord::getValue).toList();
    }
  }

  @Test
  void eachTenMinutesAddToTheHourSoFar() throws Exception {
    List<VideoReach> r = reach(List.of(
        totals("a", at(HOUR + MINUTE), 30, 40),
        totals("b", at(HOUR + 2 * MINUTE), 5, 0),
        totals("a", at(HOUR + 15 * MINUTE), 20, 10),
        totals("a", at(2 * HOUR + MINUTE), 7, 7)), at(3 * HOUR));
    assertThat(r).extracting(x -> x.until).containsExactly(at(HOUR + 10 * MINUTE), at(HOUR + 20 * MINUTE), at(2 * HOUR + 10 * MINUTE));
    assertThat(r.get(0).viewersOf("a".hashCode())).isEqualTo(30);
    assertThat(r.get(0).viewersOf("b".hashCode())).isEqualTo(5);
    assertThat(r.get(0).activeAccounts).isEqualTo(40);
    assertThat(r.get(1).viewersOf("a".hashCode())).as("the hour so far").isEqualTo(50);
    assertThat(r.get(1).activeAccounts).isEqualTo(50);
    assertThat(r.get(2).periodStart).as("a new hour starts from nothing").isEqualTo(at(2 * HOUR));
    assertThat(r.get(2).viewersOf("a".hashCode())).isEqualTo(7);
    assertThat(r.get(2).viewersOf("b".hashCode())).isZero();
  }

  @Test
  void theSameHowTheCombinersCutTheMinutes() throws Exception {
    List<VideoReach> whole = reach(List.of(totals("a", at(HOUR + MINUTE), 30, 40)), at(2 * HOUR));
    List<VideoReach> cut = reach(List.of(totals("a", at(HOUR + MINUTE), 10, 15), totals("a", at(HOUR + 3 * MINUTE), 20, 25)), at(2 * HOUR));
    assertThat(cut).usingRecursiveFieldByFieldElementComparator().isEqualTo(whole);
  }
}
