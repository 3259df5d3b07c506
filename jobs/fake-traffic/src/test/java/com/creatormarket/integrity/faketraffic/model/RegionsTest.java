package com.creatormarket.integrity.faketraffic.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** A video's population baseline from its audience's regions (issue #14, baselines per region). */
class RegionsTest {

  static final char CN = Regions.code("CN");
  static final char ID = Regions.code("ID");

  static VideoPartial bucket(char[] regions, long[] events, double marketplace, char[] known, float[] medians) {
    VideoPartial p = VideoPartial.empty("v", "c", 0);
    p.regions = regions;
    p.regionEvents = events;
    p.regionShared = new long[regions.length];
    p.regionFresh = new long[regions.length];
    for (long e : events) {
      p.events += e;
    }
    p.populationSharedShare = marketplace;
    p.populationFreshShare = marketplace;
    p.normRegions = known;
    p.normShared = medians;
    p.normFresh = medians;
    return p;
  }

  @Test
  void codesAreTwoLettersAndAnythingElseIsUnknown() {
    assertThat(Regions.code("id")).isEqualTo(ID);
    assertThat(Regions.name(ID)).isEqualTo("ID");
    assertThat(Regions.code("IDN")).isEqualTo(Regions.UNKNOWN);
    assertThat(Regions.code("1D")).isEqualTo(Regions.UNKNOWN);
    assertThat(Regions.code("")).isEqualTo(Regions.UNKNOWN);
    assertThat(Regions.code(null)).isEqualTo(Regions.UNKNOWN);
  }

  @Test
  void aVideoIsJudgedAgainstItsAudiencesMixOfRegions() {
    VideoState st = VideoState.create("v", "c", 6, 1);
    // 90 events from ID, 10 from CN; the population knows ID (0.40), not CN: the marketplace's (0.02) for those.
    Regions.judge(st, bucket(new char[] {CN, ID}, new long[] {10, 90}, 0.02, new char[] {ID}, new float[] {0.4f}));
    assertThat(st.populationSharedShare).isCloseTo(0.9 * 0.4 + 0.1 * 0.02, within(1e-6));
    assertThat(st.populationFreshShare).isCloseTo(0.9 * 0.4 + 0.1 * 0.02, within(1e-6));
    // A later bucket of CN viewers only: the audience since the first traffic still counts.
    Regions.judge(st, bucket(new char[] {CN}, new long[] {100}, 0.02, new char[] {ID}, new float[] {0.4f}));
    assertThat(st.audienceEvents).containsExactly(110, 90);
    assertThat(st.populationSharedShare).isCloseTo((90 * 0.4 + 110 * 0.02) / 200, within(1e-6));
    // A bucket without a stamp leaves the shares, and counts its audience.
    Regions.judge(st, bucket(new char[] {ID}, new long[] {10}, Double.NaN, new char[0], new float[0]));
    assertThat(st.populationSharedShare).isCloseTo((90 * 0.4 + 110 * 0.02) / 200, within(1e-6));
    assertThat(st.audienceEvents).containsExactly(110, 100);
  }

  @Test
  void withoutRegionsItIsTheMarketplacesMedianAsBefore() {
    VideoState st = VideoState.create("v", "c", 6, 1);
    Regions.judge(st, bucket(new char[] {CN}, new long[] {50}, 0.05, new char[0], new float[0]));
    assertThat(st.populationSharedShare).isEqualTo(0.05);
    VideoPartial old = bucket(new char[0], new long[0], 0.07, new char[0], new float[0]);
    old.regions = null; // a partial from before the regions travelled
    old.events = 20;
    Regions.judge(st, old);
    assertThat(st.populationSharedShare).isEqualTo(0.07);
  }

  @Test
  void aVideoCountsAtMostSixteenSegmentsApartThenTheirCountriesThenUnknown() {
    VideoState st = VideoState.create("v", "c", 6, 1);
    String[] clients = {"android-1", "ios-1", "harmonyos-1", "web-1"};
    for (char a = 'A'; a < 'A' + 4; a++) {
      for (String client : clients) {
        Regions.judge(st, bucket(new char[] {Regions.segment(a + "A", client)}, new long[] {5}, 0.02, new char[0], new float[0]));
      }
    }
    assertThat(st.audienceRegions).hasSize(Regions.AUDIENCE_REGIONS);
    // Beyond: a new segment of a new country under its country, four of them, then under unknown.
    for (char a = 'E'; a < 'E' + 6; a++) {
      Regions.judge(st, bucket(new char[] {Regions.segment(a + "A", "web-1")}, new long[] {5}, 0.02, new char[0], new float[0]));
    }
    assertThat(st.audienceRegions).hasSize(Regions.AUDIENCE_REGIONS + 5).startsWith(Regions.UNKNOWN).isSorted()
        .contains(Regions.code("EA"), Regions.code("HA")).doesNotContain(Regions.segment("EA", "web-1"), Regions.code("IA"));
    assertThat(st.audienceEvents[0]).isEqualTo(10);
    assertThat(java.util.Arrays.stream(st.audienceEvents).sum()).isEqualTo(110);
  }

  @Test
  void aSegmentsBaselineFallsBackToItsCountryThenTheMarketplace() {
    char idWeb = Regions.segment("ID", "web-2025.02");
    char idAndroid = Regions.segment("id", "android-33.2");
    assertThat(Regions.country(idWeb)).isEqualTo(ID);
    assertThat(Regions.name(idWeb)).isEqualTo("ID/web");
    assertThat(Regions.name(Regions.segment("ID", "emulator-9"))).isEqualTo("ID");
    assertThat(Regions.name(Regions.segment("?", "web-1"))).isEqualTo("??/web");
    VideoState st = VideoState.create("v", "c", 6, 1);
    // Known: ID/web 0.5 and ID 0.3; ID/android falls back to ID; CN/web to the marketplace.
    Regions.judge(st, bucket(new char[] {Regions.segment("CN", "web-1"), idWeb, idAndroid}, new long[] {10, 40, 50}, 0.02,
        new char[] {ID, idWeb}, new float[] {0.3f, 0.5f}));
    assertThat(st.populationSharedShare).isCloseTo((10 * 0.02 + 40 * 0.5 + 50 * 0.3) / 100, within(1e-6));
  }
}
