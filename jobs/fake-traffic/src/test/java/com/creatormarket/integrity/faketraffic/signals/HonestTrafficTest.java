package com.creatormarket.integrity.faketraffic.signals;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.HOUR;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.MetricsGranularity;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.faketraffic.testing.Rig;
import com.creatormarket.integrity.faketraffic.testing.Traffic;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Honest traffic on the whole topology: a steady video with a daily rhythm, a small one, a big
 * one, and one that goes viral (ten times its audience within three hours, from people who never
 * saw it before). No signal may fire on any of them, and their verified metrics count every event valid.
 */
class HonestTrafficTest {

  static Rig rig;

  @BeforeAll
  static void runHonestMarketplace() throws Exception {
    long published = at(HOUR);
    Traffic t = new Traffic(21)
        .order("steady", "v-steady", "c1", published, 60).honest("v-steady", "c1", published, at(40 * HOUR), 60)
        .order("small", "v-small", "c2", published, 60).honest("v-small", "c2", published, at(40 * HOUR), 4)
        .order("big", "v-big", "c3", published, 60).honest("v-big", "c3", published, at(40 * HOUR), 600)
        .order("viral", "v-viral", "c4", published, 60).honest("v-viral", "c4", published, at(40 * HOUR), 40)
        .viral("v-viral", "c4", at(7 * HOUR), 3 * HOUR, 4000);
    rig = Rig.withDefaults().run(t, at(44 * HOUR));
  }

  @AfterAll
  static void close() throws Exception {
    rig.close();
  }

  static Stream<String> signals() {
    return Arrays.stream(RiskScore.NAMES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signals")
  void staysQuietOnHonestTrafficAViralBurstIncluded(String signal) {
    for (String order : List.of("steady", "small", "big", "viral")) {
      assertThat(rig.fired(order, signal)).as(signal + " on " + order).isFalse();
    }
  }

  @Test
  void noHonestOrderGetsACase() {
    assertThat(rig.cases).isEmpty();
  }

  @Test
  void verifiedMetricsCountEveryHonestEventValid() {
    List<VerifiedMetrics> viral = rig.metrics.stream()
        .filter(m -> m.getOrderId().equals("viral") && m.getGranularity() == MetricsGranularity.HOUR).toList();
    assertThat(viral).hasSizeGreaterThan(30);
    assertThat(viral).allSatisfy(m -> {
      assertThat(m.getValidViews()).isEqualTo(m.getRawViews());
      assertThat(m.getValidLikes()).isEqualTo(m.getRawLikes());
      assertThat(m.getInvalidTrafficRate()).isZero();
      assertThat(m.getWindowEnd().toEpochMilli() - m.getWindowStart().toEpochMilli()).isEqualTo(HOUR);
    });
    long hourlyViews = viral.stream().mapToLong(VerifiedMetrics::getRawViews).sum();
    VerifiedMetrics lastCumulative = rig.metrics.stream()
        .filter(m -> m.getOrderId().equals("viral") && m.getGranularity() == MetricsGranularity.CUMULATIVE)
        .reduce((a, b) -> b).orElseThrow();
    assertThat(lastCumulative.getRawViews()).isEqualTo(hourlyViews);
    assertThat(lastCumulative.getUniqueViewers()).isBetween(hourlyViews / 3, (long) (1.05 * hourlyViews));
  }
}
