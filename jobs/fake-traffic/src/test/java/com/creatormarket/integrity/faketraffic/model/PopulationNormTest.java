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
}
