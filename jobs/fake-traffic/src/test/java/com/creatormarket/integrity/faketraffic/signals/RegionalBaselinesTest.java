package com.creatormarket.integrity.faketraffic.signals;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.HOUR;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.faketraffic.testing.Rig;
import com.creatormarket.integrity.faketraffic.testing.Traffic;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue #14, thresholds relative to the population they come from: a marketplace of two markets, the
 * main one (CN) where phones are one's own and few accounts are new, and a growing one (ID) where
 * two in five accounts share a phone and three in ten are younger than a month. Each creator's
 * audience is from their own market. The ID market is a minority of the videos, so the marketplace's
 * median is CN's; judged against it, every ID video has a wave of fresh accounts on shared phones.
 */
class RegionalBaselinesTest {

  static final int PER_MARKET = 8;
  static final long PUBLISHED = at(8 * HOUR);

  /**
   * Eight hours of both markets' traffic on videos no order names (the population learns from them),
   * then eight honest commissioned videos per market, a click farm on a CN video and bot views on an ID one.
   */
  static Traffic twoMarkets() {
    return twoMarkets(new Traffic(21).sharedDevices(1).region("ID", 1_000_000, 40, 30));
  }

  /**
   * One country, where a new app's web sign-ups are their own audience: its accounts are on the
   * web client, two in five on shared computers and three in ten younger than a month.
   */
  static Traffic newWebApp() {
    return twoMarkets(new Traffic(22).sharedDevices(1).region("CN", 1_000_000, 40, 30, "web-2025.02"));
  }

  static Traffic twoMarkets(Traffic t) {
    for (int i = 0; i < 10; i++) {
      t.honest("cn-bg" + i, "cn-bgc" + i, at(0), at(34 * HOUR), 80, 200_000 + 20_000 * i, 2000);
      t.honest("id-bg" + i, "id-bgc" + i, at(0), at(34 * HOUR), 40, 1_200_000 + 20_000 * i, 2000);
    }
    for (int i = 0; i < PER_MARKET; i++) {
      t.order("cn-" + i, "cn-v" + i, "cn-c" + i, PUBLISHED, 60).honest("cn-v" + i, "cn-c" + i, PUBLISHED, at(34 * HOUR), 20, 20_000 * i, 300);
      t.order("id-" + i, "id-v" + i, "id-c" + i, PUBLISHED, 60)
          .honest("id-v" + i, "id-c" + i, PUBLISHED, at(34 * HOUR), 20, 1_000_000 + 20_000 * i, 300);
    }
    t.order("cn-farmed", "cn-vf", "cn-cf", PUBLISHED, 60).honest("cn-vf", "cn-cf", PUBLISHED, at(34 * HOUR), 20, 180_000, 300)
        .clickFarm("cn-vf", "cn-cf", at(18 * HOUR), 3 * HOUR, 600, 120, 10, 3);
    t.order("id-botted", "id-vb", "id-cb", PUBLISHED, 60).honest("id-vb", "id-cb", PUBLISHED, at(34 * HOUR), 20, 1_180_000, 300)
        .botViews("id-vb", "id-cb", at(18 * HOUR), HOUR, 300, 150);
    return t;
  }

  static boolean flagged(ResponseLevel level) {
    return level == ResponseLevel.REVIEW || level == ResponseLevel.ENFORCE;
  }

  @Test
  void eachMarketIsJudgedAgainstItsOwnNormAndBothAttacksAreCaught() throws Exception {
    try (Rig rig = Rig.withDefaults().run(twoMarkets(), at(34 * HOUR))) {
      assertThat(rig.levelOf("cn-farmed")).isIn(ResponseLevel.REVIEW, ResponseLevel.ENFORCE);
      assertThat(rig.levelOf("id-botted")).isIn(ResponseLevel.REVIEW, ResponseLevel.ENFORCE);
      for (int i = 0; i < PER_MARKET; i++) {
        assertThat(rig.levelOf("cn-" + i)).as("cn-" + i).isNotIn(ResponseLevel.REVIEW, ResponseLevel.ENFORCE);
        assertThat(rig.levelOf("id-" + i)).as("id-" + i).isNotIn(ResponseLevel.REVIEW, ResponseLevel.ENFORCE);
        assertThat(rig.fired("id-" + i, Concentration.FRESH)).as("fresh accounts on id-" + i).isFalse();
        assertThat(rig.fired("id-" + i, SustainedLift.NAME)).as("sustained lift on id-" + i).isFalse();
        assertThat(rig.fired("id-" + i, Concentration.DEVICES)).as("device concentration on id-" + i).isFalse();
      }
    }
  }

  @Test
  void againstTheMarketplaceWideMedianTheGrowingMarketLooksBought() throws Exception {
    // No region learns (every video-hour below the cell minimum): one marketplace-wide median, as before.
    DetectionSettings off = DetectionSettings.from(FakeTrafficOptions.defaults().with(Map.of("population.region-cell-events", "1000000")));
    smallerMarketLooksBought(off, twoMarkets(), "marketplace-wide median");
  }

  /** Run with the settings: honest videos of the smaller market (or platform) fire fresh accounts and are flagged. */
  static void smallerMarketLooksBought(DetectionSettings settings, Traffic traffic, String how) throws Exception {
    try (Rig rig = new Rig(settings).run(traffic, at(34 * HOUR))) {
      long fresh = IntStream.range(0, PER_MARKET).filter(i -> rig.fired("id-" + i, Concentration.FRESH)).count();
      long flagged = IntStream.range(0, PER_MARKET).filter(i -> flagged(rig.levelOf("id-" + i))).count();
      System.out.printf("%s: %d of %d honest videos of the smaller market fire fresh accounts, %d flagged%n", how, fresh, PER_MARKET, flagged);
      assertThat(fresh).isPositive();
      assertThat(flagged).isPositive();
    }
  }

  @Test
  void aPlatformWithItsOwnHabitsIsJudgedAgainstItsOwnNormInTheSameCountry() throws Exception {
    try (Rig rig = Rig.withDefaults().run(newWebApp(), at(34 * HOUR))) {
      assertThat(rig.levelOf("cn-farmed")).isIn(ResponseLevel.REVIEW, ResponseLevel.ENFORCE);
      assertThat(rig.levelOf("id-botted")).as("bot views on a web-audience video").isIn(ResponseLevel.REVIEW, ResponseLevel.ENFORCE);
      for (int i = 0; i < PER_MARKET; i++) {
        assertThat(rig.levelOf("id-" + i)).as("web-audience video " + i).isNotIn(ResponseLevel.REVIEW, ResponseLevel.ENFORCE);
        assertThat(rig.fired("id-" + i, Concentration.FRESH)).as("fresh accounts on web-audience video " + i).isFalse();
      }
    }
    // Per country only, the web audience is judged against the country's median, the app's.
    DetectionSettings byCountry = DetectionSettings.from(FakeTrafficOptions.defaults().with(Map.of("population.by-platform", "false")));
    smallerMarketLooksBought(byCountry, newWebApp(), "per country only");
  }
}
