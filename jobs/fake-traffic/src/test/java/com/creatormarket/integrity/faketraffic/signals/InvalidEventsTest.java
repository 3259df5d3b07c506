package com.creatormarket.integrity.faketraffic.signals;

import static com.creatormarket.integrity.faketraffic.model.VideoStates.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.Flags;
import com.creatormarket.integrity.faketraffic.model.InvalidCounts;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import org.junit.jupiter.api.Test;

/** Which of a partial's events the signals firing now make invalid. */
class InvalidEventsTest {

  final InvalidEvents invalid = new InvalidEvents(DetectionSettings.defaults());

  VideoPartial mixed() {
    VideoPartial p = partial(T0, 20, 4);
    flagged(p, Flags.FRESH | Flags.EXTREME_WATCH, 6, 0, 0);
    flagged(p, Flags.EXTREME_WATCH, 3, 0, 0); // an old account's skip: not bot-shaped enough
    flagged(p, Flags.NO_VIEW, 0, 5, 2);
    flagged(p, Flags.REPEAT | Flags.FRESH | Flags.EXTREME_WATCH, 2, 0, 0);
    return p;
  }

  @Test
  void nothingIsInvalidWhileNoSignalFires() {
    assertThat(invalid.of(video(), mixed(), SignalPeaksTest.quiet())).isEqualTo(InvalidCounts.NONE);
  }

  @Test
  void aFiredSignalInvalidatesTheEventsOfItsPattern() {
    assertThat(invalid.of(video(), mixed(), SignalPeaksTest.firing(RiskScore.WATCH_SHAPE, 0.5)))
        .as("bot-shaped views of fresh accounts").isEqualTo(new InvalidCounts(8, 80_000, 0, 0));
    assertThat(invalid.of(video(), mixed(), SignalPeaksTest.firing(RiskScore.RATIO, 0.5)))
        .as("likes and follows without a view").isEqualTo(new InvalidCounts(0, 0, 5, 2));
  }

  @Test
  void eventsTwoSignalsInvalidateAreCountedOnce() {
    SignalReading[] both = SignalPeaksTest.firing(RiskScore.WATCH_SHAPE, 0.5);
    both[RiskScore.REPEAT] = SignalReading.fired(RiskScore.NAMES[RiskScore.REPEAT], 0.5, 0.25, 0.6, 0, () -> "");
    assertThat(invalid.of(video(), mixed(), both).views()).isEqualTo(8);
  }
}
