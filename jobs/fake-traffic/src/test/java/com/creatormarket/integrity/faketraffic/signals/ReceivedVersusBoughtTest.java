package com.creatormarket.integrity.faketraffic.signals;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.HOUR;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.faketraffic.testing.Rig;
import com.creatormarket.integrity.faketraffic.testing.Traffic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue #14: a video can receive fake traffic without its creator buying it, and a marketplace can
 * have far more shared devices than ours. Penalties must fall on the bought traffic only.
 */
class ReceivedVersusBoughtTest {

  static final int HONEST = 12;

  /** Twelve small honest videos, a farm's cover spread over all of them, and the farm's real target. */
  static Traffic camouflagedFarm() {
    long published = at(HOUR);
    Traffic t = new Traffic(14);
    List<String> videos = new ArrayList<>();
    List<String> creators = new ArrayList<>();
    for (int i = 0; i < HONEST; i++) {
      t.order("honest-" + i, "v" + i, "c" + i, published, 60).honest("v" + i, "c" + i, published, at(30 * HOUR), 8);
      videos.add("v" + i);
      creators.add("c" + i);
    }
    // 80 farm accounts on 8 phones and 3 networks: 80 cover views on each honest video (a quarter of its traffic)...
    t.cover(videos, creators, at(2 * HOUR), 20 * HOUR, 80, 8, 3);
    // ...and 400 views aimed at the target, the same accounts coming back.
    t.order("target", "v-target", "c-target", published, 60).honest("v-target", "c-target", published, at(30 * HOUR), 8)
        .clickFarm("v-target", "c-target", at(6 * HOUR), 4 * HOUR, 400, 80, 8, 3);
    return t;
  }

  @Test
  void coverViewsOnHonestVideosDoNotMakeThemLookBoughtWhileTheFarmsTargetIsCaught() throws Exception {
    try (Rig rig = Rig.withDefaults().run(camouflagedFarm(), at(34 * HOUR))) {
      assertThat(rig.levelOf("target")).isIn(ResponseLevel.REVIEW, ResponseLevel.ENFORCE);
      for (int i = 0; i < HONEST; i++) {
        assertThat(rig.levelOf("honest-" + i)).as("honest-" + i).isNotIn(ResponseLevel.REVIEW, ResponseLevel.ENFORCE);
      }
    }
  }

  @Test
  void countingCoverViewsAsAimedAtTheVideoWouldFlagHonestRecipients() throws Exception {
    // The same traffic with the in-passing rule switched off (no account covers 256 other videos) and
    // without the campaign shape: this is what the job did before, and why the two rules are there.
    DetectionSettings off = DetectionSettings.from(FakeTrafficOptions.defaults().with(Map.of("account.spread-videos", "256",
        "signal.devices.campaign-shape", "0")));
    try (Rig rig = new Rig(off).run(camouflagedFarm(), at(34 * HOUR))) {
      assertThat(flaggedHonest(rig)).isPositive();
    }
    // Either rule alone keeps them at RECORD_ONLY. Without the in-passing rule the cover is counted
    // as aimed, but it comes at the audience's rate from its first hour on: no campaign's shape (the
    // shape without its tolerance read that first hour's absence as one, and flagged them).
    DetectionSettings shapeOnly = DetectionSettings.from(FakeTrafficOptions.defaults().with(Map.of("account.spread-videos", "256")));
    try (Rig rig = new Rig(shapeOnly).run(camouflagedFarm(), at(34 * HOUR))) {
      assertThat(flaggedHonest(rig)).isZero();
    }
  }

  private static long flaggedHonest(Rig rig) {
    return IntStream.range(0, HONEST)
        .filter(i -> rig.levelOf("honest-" + i) != null && rig.levelOf("honest-" + i).compareTo(ResponseLevel.REVIEW) >= 0).count();
  }

  /**
   * Forty per cent of organic accounts share a phone with three others (cafes, school labs); each video has its own
   * audience (fans, not heavy viewers in passing), so their events count towards concentration; one click farm.
   */
  static Traffic familiesShareDevices() {
    long published = at(HOUR);
    Traffic t = new Traffic(15).sharedDevices(40);
    for (int i = 0; i < HONEST; i++) {
      t.order("honest-" + i, "v" + i, "c" + i, published, 60).honest("v" + i, "c" + i, published, at(30 * HOUR), 20, 100_000 * (i + 1), 300);
    }
    return t.order("farmed", "v-farmed", "c-farmed", published, 60).honest("v-farmed", "c-farmed", published, at(30 * HOUR), 20, 0, 300)
        .clickFarm("v-farmed", "c-farmed", at(12 * HOUR), 3 * HOUR, 600, 120, 10, 3);
  }

  @Test
  void whereFamiliesSharePhonesHonestVideosStayQuietAndAFarmIsStillCaught() throws Exception {
    try (Rig rig = Rig.withDefaults().run(familiesShareDevices(), at(34 * HOUR))) {
      assertThat(rig.levelOf("farmed")).isIn(ResponseLevel.REVIEW, ResponseLevel.ENFORCE);
      for (int i = 0; i < HONEST; i++) {
        assertThat(rig.fired("honest-" + i, Concentration.DEVICES)).as("device concentration on honest-" + i).isFalse();
      }
    }
  }

  @Test
  void againstTheFixedOnePercentPriorFamilyPhonesLookLikeAFarm() throws Exception {
    // The population baseline never trusted: the prior alone judges, as before (and no campaign shape asked for).
    DetectionSettings off = DetectionSettings.from(FakeTrafficOptions.defaults().with(Map.of("population.min-events", "1000000000",
        "signal.devices.campaign-shape", "0")));
    try (Rig rig = new Rig(off).run(familiesShareDevices(), at(34 * HOUR))) {
      long fired = IntStream.range(0, HONEST).filter(i -> rig.fired("honest-" + i, Concentration.DEVICES)).count();
      assertThat(fired).isPositive();
    }
  }

  @Test
  void familyPhonesComeWithTheAudienceSoEvenAgainstThePriorTheyAreOnlyReceived() throws Exception {
    // Without the population baseline, the campaign shape alone keeps family phones from review: they were there from the
    // start and never fell silent, while the farm came three hours after publication and left.
    DetectionSettings noPopulation = DetectionSettings.from(FakeTrafficOptions.defaults().with(Map.of("population.min-events", "1000000000")));
    try (Rig rig = new Rig(noPopulation).run(familiesShareDevices(), at(34 * HOUR))) {
      assertThat(rig.levelOf("farmed")).isIn(ResponseLevel.REVIEW, ResponseLevel.ENFORCE);
      for (int i = 0; i < HONEST; i++) {
        assertThat(rig.levelOf("honest-" + i)).as("honest-" + i).isIn(null, ResponseLevel.RECORD_ONLY);
      }
    }
  }
}
