package com.creatormarket.integrity.faketraffic.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PopulationNormTest {

  static final long HOUR = 3_600_000L;

  @Test
  void aFewAttackedVideosDoNotMoveTheMedianWhileAMarketplaceWideShareDoes() {
    PopulationNorm n = new PopulationNorm();
    for (int v = 0; v < 90; v++) {
      n.learn(100, 12, 3); // honest videos: 12% from shared phones (families), 3% fresh accounts
    }
    for (int v = 0; v < 10; v++) {
      n.learn(100, 90, 80); // farmed videos
    }
    assertThat(n.sharedShare(1)).isCloseTo(0.12, within(0.02));
    assertThat(n.freshShare(1)).isCloseTo(0.03, within(0.02));
    // The mean over events would have been 0.198 and 0.107: the farms would have taught the baseline.
  }

  @Test
  void weighsVideosByTheirEventsAndIsUnknownBelowTheMinimum() {
    PopulationNorm n = new PopulationNorm();
    n.learn(1000, 300, 0);
    n.learn(10, 0, 0);
    n.learn(10, 0, 0);
    assertThat(n.sharedShare(2000)).isNaN();
    assertThat(n.sharedShare(100)).isCloseTo(0.3, within(0.02));
  }

  @Test
  void forgetsOldTrafficAtItsHalfLife() {
    PopulationNorm n = new PopulationNorm();
    n.decayTo(HOUR, 6 * HOUR);
    n.learn(1000, 500, 0);
    n.decayTo(13 * HOUR, 6 * HOUR); // two half-lives: 250 events left
    n.learn(1000, 0, 0);
    assertThat(n.events).isCloseTo(1250, within(1e-6));
    assertThat(n.sharedShare(1)).isLessThan(0.02);
    n.decayTo(12 * HOUR, 6 * HOUR); // never backwards
    assertThat(n.events).isCloseTo(1250, within(1e-6));
  }

  @Test
  void eachRegionHasItsOwnMedianAndSurvivesDecayAndCopy() {
    PopulationNorm n = new PopulationNorm();
    char cn = Regions.code("CN");
    char id = Regions.code("ID");
    for (int v = 0; v < 80; v++) {
      n.learn(100, 1, 3);
      n.learnRegion(cn, 100, 1, 3);
    }
    for (int v = 0; v < 20; v++) {
      n.learn(100, 40, 30);
      n.learnRegion(id, 100, 40, 30);
    }
    assertThat(n.sharedShare(1)).as("the marketplace: the main market's").isCloseTo(0.01, within(0.02));
    assertThat(n.sharedShare(id, 1)).isCloseTo(0.40, within(0.02));
    assertThat(n.freshShare(id, 1)).isCloseTo(0.30, within(0.02));
    assertThat(n.freshShare(cn, 1)).isCloseTo(0.03, within(0.02));
    assertThat(n.knownRegions(2500)).containsExactly(cn);
    assertThat(n.sharedShare(id, 2500)).as("below the minimum").isNaN();
    assertThat(n.sharedShare(Regions.code("TH"), 1)).as("never learnt").isNaN();
    PopulationNorm c = n.copy();
    n.decayTo(HOUR, 6 * HOUR);
    n.decayTo(7 * HOUR, 6 * HOUR);
    assertThat(n.regionEvents[1]).isCloseTo(1000, within(1.0));
    assertThat(n.sharedShare(id, 1)).isCloseTo(0.40, within(0.02));
    assertThat(c.regionEvents[1]).as("the copy is its own").isEqualTo(2000);
  }

  @Test
  void learnsAtMostAHundredAndTwentyEightSegments() {
    PopulationNorm n = new PopulationNorm();
    for (char a = 'A'; a <= 'Z'; a++) {
      for (char b = 'A'; b <= 'F'; b++) {
        n.learnRegion(Regions.code("" + a + b), 100, 10, 10);
      }
    }
    assertThat(n.regions).hasSize(PopulationNorm.MAX_REGIONS);
    assertThat(n.regions).isSorted();
  }
}
